/**
 * Runs oauth2-mock-server's own handlers in-process.
 *
 * The stand-in keeps the library's authorize and token logic (nonce and PKCE bookkeeping
 * live in its private state) but needs to act before and after it: record who signed in,
 * answer with 303 instead of 302, turn its problem+json errors into OAuth errors. The
 * library reads the body from the request stream itself, which our own route has already
 * consumed, so it gets a fresh synthetic request, and its answer is captured rather than
 * written to the socket.
 */
import { IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { Socket } from "node:net";

export interface SyntheticRequestInit {
  method: "GET" | "POST";
  /** Path and query, e.g. "/internal/authorize?client_id=…". */
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface CapturedResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Map<string, string>;
  body: string;
}

export function syntheticRequest(init: SyntheticRequestInit): IncomingMessage {
  // An unconnected socket: the request never touches the network.
  const req = new IncomingMessage(new Socket());
  req.method = init.method;
  req.url = init.url;
  req.headers = { ...init.headers };
  if (init.body !== undefined) req.push(Buffer.from(init.body, "utf8"));
  req.push(null);
  return req;
}

/** Resolves once the handler ends its response. */
export function capture(handler: RequestListener, req: IncomingMessage): Promise<CapturedResponse> {
  return new Promise((resolve) => {
    const recorder = new ResponseRecorder(resolve);
    // The library only sets statusCode and headers and calls end(); the recorder covers
    // exactly that surface, so it stands in for a real ServerResponse.
    handler(req, recorder as unknown as ServerResponse);
  });
}

class ResponseRecorder {
  statusCode = 200;
  writableEnded = false;
  readonly #headers = new Map<string, string>();
  readonly #done: (response: CapturedResponse) => void;

  constructor(done: (response: CapturedResponse) => void) {
    this.#done = done;
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.#headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(", ") : String(value));
    return this;
  }

  getHeader(name: string): string | undefined {
    return this.#headers.get(name.toLowerCase());
  }

  end(chunk?: string | Buffer): this {
    if (this.writableEnded) return this;
    this.writableEnded = true;
    const body = chunk === undefined ? "" : chunk.toString();
    this.#done({ status: this.statusCode, headers: this.#headers, body });
    return this;
  }
}
