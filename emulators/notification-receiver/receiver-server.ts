/**
 * The notification receiver: stands in locally for a customer's own service and for
 * Slack's incoming-message links (README.md). Records every POST (headers and body), and
 * answers what it is told to.
 *
 *   POST <any path>            recorded; 200 ("ok" under /services/…, like Slack)
 *   GET  /                     the deliveries, newest first, as a plain page
 *   GET  /deliveries.json      the same as JSON (`?path=/x` keeps one path's)
 *   POST /__control/respond    {"status":500,"times":2,"path":"/x"}: answer 500 to the next 2
 *                              POSTs (to /x only, if given); without `times`, until told otherwise
 *   POST /__control/reset      forget deliveries and answers
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenOnLocalhost } from "../shared/listen.ts";
import { readBody, sendJson } from "../shared/http-body.ts";

export interface ReceivedDelivery {
  n: number;
  at: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

interface Rule {
  status: number;
  /** Requests left to answer this way; null = until reset. */
  times: number | null;
  path: string | null;
}

export interface RunningNotificationReceiver {
  url: string;
  port: number;
  deliveries: ReceivedDelivery[];
  close(): Promise<void>;
}

const MAX_KEPT = 500;

export async function startNotificationReceiver(options: { port: number }): Promise<RunningNotificationReceiver> {
  const deliveries: ReceivedDelivery[] = [];
  let rules: Rule[] = [];
  let counter = 0;

  const answerFor = (path: string): number => {
    const rule = rules.find((r) => r.path === null || r.path === path);
    if (!rule) return 200;
    if (rule.times !== null && --rule.times <= 0) rules = rules.filter((r) => r !== rule);
    return rule.status;
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? "/", "http://receiver");
      const path = url.pathname;
      if (req.method === "POST" && path === "/__control/reset") {
        deliveries.length = 0;
        rules = [];
        return sendJson(res, 200, { ok: true });
      }
      if (req.method === "POST" && path === "/__control/respond") {
        const body = JSON.parse((await readBody(req)).toString("utf8") || "{}") as Partial<Rule>;
        const status = Number(body.status);
        if (!Number.isInteger(status) || status < 100 || status > 599) return sendJson(res, 400, { error: "status 100–599" });
        const rule: Rule = {
          status,
          times: body.times === undefined || body.times === null ? null : Math.max(1, Number(body.times)),
          path: typeof body.path === "string" ? body.path : null,
        };
        rules = [...rules.filter((r) => r.path !== rule.path), rule];
        return sendJson(res, 200, { ok: true, rules });
      }
      if (req.method === "GET" && path === "/deliveries.json") {
        const only = url.searchParams.get("path");
        return sendJson(res, 200, { deliveries: deliveries.filter((d) => !only || d.path === only) });
      }
      if (req.method === "GET" && path === "/") return sendPage(res, deliveries);
      if (req.method === "POST") {
        const body = (await readBody(req)).toString("utf8");
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
        deliveries.unshift({ n: ++counter, at: new Date().toISOString(), path, headers, body });
        deliveries.length = Math.min(deliveries.length, MAX_KEPT);
        const status = answerFor(path);
        const text = status >= 200 && status < 300 ? (path.startsWith("/services/") ? "ok" : "") : "failing on purpose";
        res.writeHead(status, { "Content-Type": "text/plain", "Content-Length": Buffer.byteLength(text) });
        return res.end(text);
      }
      sendJson(res, 404, { error: "not found" });
    } catch (error) {
      sendJson(res, 400, { error: String(error) });
    }
  };

  const listener = await listenOnLocalhost((req, res) => void handler(req, res), options.port);
  return { url: listener.url, port: listener.port, deliveries, close: () => listener.close() };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sendPage(res: ServerResponse, deliveries: ReceivedDelivery[]) {
  const items = deliveries
    .map((d) => {
      const signed = d.headers["webhook-signature"] ? `signed (${escapeHtml(d.headers["webhook-id"] ?? "")})` : "not signed";
      let pretty = d.body;
      try {
        pretty = JSON.stringify(JSON.parse(d.body), null, 2);
      } catch {
        /* shown as it came */
      }
      return `<li><p><strong>#${d.n}</strong> ${escapeHtml(d.at)} POST ${escapeHtml(d.path)} · ${signed}</p><pre>${escapeHtml(pretty)}</pre></li>`;
    })
    .join("\n");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Notification receiver</title></head>
<body><h1>Notification receiver</h1>
<p>Everything Harbor sent to a local notification address (your own service or Slack), newest first.
Use an address like <code>http://localhost:${"PORT"}/my-service</code> or <code>http://localhost:${"PORT"}/services/T000/B000/XXX</code> on the settings page.</p>
${deliveries.length === 0 ? "<p>Nothing yet.</p>" : `<ol>${items}</ol>`}</body></html>`;
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(html.replaceAll("PORT", String(res.socket?.localPort ?? "")));
}
