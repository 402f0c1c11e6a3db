/**
 * An HTTP request over node:http to 127.0.0.1 on the URL's port, with the URL's host in the
 * Host header. Visits a deployment URL (`http://<sub>.<instance>.localhost:<port>/…`) without
 * relying on the resolver knowing `*.localhost`, and can send what fetch refuses (a GET with
 * a body, as upstream's backup route expects).
 */
import { request } from "node:http";

export interface LoopbackResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function loopbackRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<LoopbackResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: Number(target.port || 80),
        method: options.method ?? "GET",
        path: `${target.pathname}${target.search}`,
        headers: {
          ...options.headers,
          host: target.host,
          // Node only frames a GET body when told its length.
          ...(options.body !== undefined ? { "content-length": String(Buffer.byteLength(options.body)) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}
