/**
 * A stand-in for Harbor's /webhooks/infra in the emulator's own tests: records every
 * delivery and answers what the test tells it to.
 */
import type { IncomingHttpHeaders } from "node:http";
import { listenOnLocalhost } from "../../emulators/shared/listen.ts";
import { readBody } from "../../emulators/shared/http-body.ts";

export interface Delivery {
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
  at: number;
}

export interface WebhookReceiver {
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
    const delivery: Delivery = { headers: req.headers, raw, body: JSON.parse(raw), at: Date.now() };
    deliveries.push(delivery);
    res.writeHead(typeof answer === "function" ? answer(delivery) : answer).end();
  }, 0);
  return {
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
