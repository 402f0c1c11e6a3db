/**
 * The response helpers OpenBerth's handlers use (`jsonResp`, `jsonErr`, `http.Error`),
 * and request-body reading.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { encodeGoJson } from "./go-json-encode.ts";

/** `jsonResp`: Content-Type without charset, Go's encoder output. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = encodeGoJson(body);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

/** `jsonErr`: `{"error": msg}`. */
export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message });
}

/** net/http's `http.Error`: plain text, nosniff, the message plus a newline. */
export function sendPlain(res: ServerResponse, status: number, message: string): void {
  const text = `${message}\n`;
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

/** net/http's `http.NotFound`, which the mux uses for unknown paths. */
export function sendNotFound(res: ServerResponse): void {
  sendPlain(res, 404, "404 page not found");
}

const MAX_BODY_BYTES = 256 * 1024 * 1024;

/** Reads the whole request body (chunked or not). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error("http: request body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
