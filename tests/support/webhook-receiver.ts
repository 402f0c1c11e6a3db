/**
 * A stand-in for Harbor's webhook receivers (/webhooks/infra, /webhooks/stripe) in the
 * stand-ins' own tests: records every delivery, on any path, and answers what the test
 * tells it to.
 */
import type { IncomingHttpHeaders } from "node:http";
import { listenOnLocalhost } from "../../emulators/shared/listen.ts";
import { readBody } from "../../emulators/shared/http-body.ts";

export interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  /** The parsed body ({} when it is not JSON). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read events field by field
  body: Record<string, any>;
  at: number;
}

export interface WebhookReceiver {
  /** http://localhost:<port> */
  origin: string;
  /** origin + /webhooks/infra */
  url: string;
  deliveries: Delivery[];
  /** Status to answer with (default 200); a function sees each delivery. */
  respondWith(status: number | ((d: Delivery) => number)): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const deliveries: Delivery[] = [];
  let answer: number | ((d: Delivery) => number) = 200;
  const listener = await listenOnLocalhost(async (req, res) => {
    const raw = (await readBody(req)).toString("utf8");
    let body: Delivery["body"] = {};
    try {
      body = JSON.parse(raw) as Delivery["body"];
    } catch {
      // Not JSON: kept as {}; the test's own checks fail on it.
    }
    const delivery: Delivery = { path: new URL(req.url ?? "/", "http://x").pathname, headers: req.headers, raw, body, at: Date.now() };
    deliveries.push(delivery);
    res.writeHead(typeof answer === "function" ? answer(delivery) : answer).end();
  }, 0);
  return {
    origin: listener.url,
    url: `${listener.url}/webhooks/infra`,
    deliveries,
    respondWith(status) {
      answer = status;
    },
    close: () => listener.close(),
  };
}

export async function eventually<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}
