/**
 * The dev inbox: every message the stand-in accepted, newest first, searchable by
 * recipient (`?to=`). `GET /inbox` (HTML list), `GET /inbox/{id}` (one message: its
 * rendered HTML in a sandboxed iframe and its plain text), `GET /inbox/{id}/html` (the
 * HTML alone, sandboxed by CSP), `GET /inbox.json` (the same data as JSON).
 */
import type { ServerResponse } from "node:http";
import { sendJson } from "../shared/http-body.ts";
import type { ResendStore, StoredEmail } from "./store.ts";

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function inboxMessages(store: ResendStore, to: string | null): StoredEmail[] {
  const needle = to?.trim().toLowerCase();
  const all = store.emails();
  return needle
    ? all.filter((e) => [...e.to, ...(e.cc ?? []), ...(e.bcc ?? [])].some((a) => a.toLowerCase().includes(needle)))
    : all;
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #ddd}iframe{width:100%;height:32rem;border:1px solid #ccc}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}</style>
</head><body>${body}</body></html>`;
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html) });
  res.end(html);
}

/** Answers `/inbox…` paths; false when the path is not the inbox's. */
export function handleInbox(store: ResendStore, pathname: string, query: URLSearchParams, res: ServerResponse): boolean {
  const to = query.get("to");
  if (pathname === "/inbox.json") {
    sendJson(res, 200, { data: inboxMessages(store, to) });
    return true;
  }
  if (pathname === "/inbox" || pathname === "/inbox/") {
    const rows = inboxMessages(store, to)
      .map(
        (e) =>
          `<tr><td><a href="/inbox/${e.id}">${escape(e.subject)}</a></td><td>${escape(e.from)}</td><td>${escape(e.to.join(", "))}</td><td><time datetime="${e.created_at}">${e.created_at}</time></td><td>${e.last_event}</td></tr>`,
      )
      .join("");
    page(
      res,
      200,
      "Resend stand-in: inbox",
      `<h1>Inbox</h1><form method="get" action="/inbox"><label>Recipient <input name="to" value="${escape(to ?? "")}"></label> <button>Search</button></form>
<table><thead><tr><th>Subject</th><th>From</th><th>To</th><th>Time</th><th>Status</th></tr></thead><tbody>${rows || `<tr><td colspan="5">No messages.</td></tr>`}</tbody></table>`,
    );
    return true;
  }
  const m = /^\/inbox\/([^/]+)(\/html)?$/.exec(pathname);
  if (!m) return false;
  const email = store.email(decodeURIComponent(m[1]!));
  if (!email) {
    page(res, 404, "Not found", '<h1>No such message</h1><p><a href="/inbox">Inbox</a></p>');
    return true;
  }
  if (m[2]) {
    const html = email.html ?? `<pre>${escape(email.text ?? "")}</pre>`;
    res.writeHead(200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "sandbox",
      "Content-Length": Buffer.byteLength(html),
    });
    res.end(html);
    return true;
  }
  const field = (label: string, value: string | null) => (value ? `<tr><th>${label}</th><td>${escape(value)}</td></tr>` : "");
  page(
    res,
    200,
    email.subject,
    `<p><a href="/inbox">← Inbox</a></p><h1>${escape(email.subject)}</h1><table>
${field("From", email.from)}${field("To", email.to.join(", "))}${field("Cc", email.cc?.join(", ") ?? null)}${field("Bcc", email.bcc?.join(", ") ?? null)}${field("Reply-To", email.reply_to?.join(", ") ?? null)}${field("Time", email.created_at)}${field("Scheduled", email.scheduled_at)}${field("Status", email.last_event)}${field("Tags", email.tags.map((t) => `${t.name}=${t.value}`).join(", ") || null)}${field("Events", email.events.map((e) => `${e.type} ${e.at}`).join(" · "))}
</table><h2>HTML</h2>${email.html !== null ? `<iframe sandbox="" title="HTML part" srcdoc="${escape(email.html)}"></iframe><p><a href="/inbox/${email.id}/html">Open the HTML alone</a></p>` : "<p>No HTML part.</p>"}
<h2>Plain text</h2>${email.text !== null ? `<pre>${escape(email.text)}</pre>` : "<p>No plain-text part.</p>"}`,
  );
  return true;
}
