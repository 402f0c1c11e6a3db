/**
 * How the fuzz suite judges one answer: no 5xx, no stack trace or internal word, a refusal
 * (4xx) that says why in plain words, a redirect that stays on our site — and the tally
 * kept per action, printed at the end of the run and put in its last assertion.
 */
import { env } from "cloudflare:workers";
import { ERROR_PAGES, PLAIN_PAGES } from "../../../domain/vocabulary";
import { JARGON, STACK } from "./hostile";

export interface Verdict {
  status: number;
  outcome: "accepted" | "refused" | "server error";
  /** The plain message a refusal carried (null: none found). */
  message: string | null;
  problems: string[];
}

/** The headings of our own error and plain pages: a refusal shown as one of them is in our words. */
const OUR_HEADINGS = new Set(
  [...Object.values(ERROR_PAGES), ...Object.values(PLAIN_PAGES)].map((p) => (p as { title: string }).title),
);

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** What a person reads on an HTML page in our words: no scripts, styles, tags, attributes or program output. */
export function visibleText(html: string): string {
  return decodeEntities(
    html
      .replace(/<script\b[\s\S]*?<\/script>/gi, " ")
      .replace(/<style\b[\s\S]*?<\/style>/gi, " ")
      // What a program printed (logs, command and install output) is its words, not ours.
      .replace(/<pre\b[\s\S]*?<\/pre>/gi, " ")
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<[^>]*>/g, " "),
  )
    .replace(/\s+/g, " ")
    .trim();
}

function textOf(fragment: string): string {
  return visibleText(fragment);
}

/** The plain message in a refusal, if there is one. */
export function refusalMessage(body: string, contentType: string): string | null {
  if (/json/i.test(contentType)) {
    try {
      const json = JSON.parse(body) as Record<string, unknown>;
      for (const key of ["message", "error"]) {
        const value = json[key];
        if (typeof value === "string" && value.trim()) return value;
      }
    } catch {
      return null;
    }
    return null;
  }
  if (/html/i.test(contentType)) {
    // The form's own answer (FormSummary / AnswerMessage).
    for (const m of body.matchAll(/<div[^>]*data-testid="form-error"[^>]*>([\s\S]*?)<\/div>/g)) {
      const t = textOf(m[1]!);
      if (t) return t;
    }
    // A notice saying why the page can't do it (not allowed, paused…).
    for (const m of body.matchAll(/<(p|div)[^>]*class="notice (?:bad|warn)[^"]*"[^>]*>([\s\S]*?)<\/\1>/g)) {
      const t = textOf(m[2]!);
      if (t) return t;
    }
    // One of our error pages (not found, no access, a form from another site…).
    for (const m of body.matchAll(/<h1[^>]*>([\s\S]*?)<\/h1>/g)) {
      const t = textOf(m[1]!);
      if (OUR_HEADINGS.has(t)) return t;
    }
    return null;
  }
  const plain = body.trim();
  return plain && plain.length < 500 && !/[<{]/.test(plain) ? plain : null;
}

/**
 * The page without React Router's own boot code (its module links and scripts name the dev
 * server's /node_modules/ paths in the test build), keeping the data it streams (loader and
 * action data, where a leaked error would be).
 */
function withoutFramework(html: string): string {
  return html
    .replace(/<link\b[^>]*>/gi, " ")
    .replace(/<script\b[^>]*>([\s\S]*?)<\/script>/gi, (whole, inner: string) =>
      inner.includes("streamController.enqueue") ? whole : " ",
    );
}

/** Removes what the request itself sent, so an echo of it is not taken for a leak. */
function withoutEchoes(text: string, echoes: readonly string[]): string {
  let out = text;
  for (const e of echoes) if (e.length >= 2 && out.includes(e)) out = out.split(e).join(" ");
  return out;
}

export function judge(
  res: Response,
  body: string,
  echoes: readonly string[],
  allowedRedirectOrigins: readonly string[] = [],
): Verdict {
  const status = res.status;
  const contentType = res.headers.get("content-type") ?? "";
  const problems: string[] = [];
  if (status >= 500) problems.push(`answered ${status}`);
  const raw = withoutEchoes(/html/i.test(contentType) ? withoutFramework(body) : body, echoes);
  const stack = STACK.exec(raw);
  if (stack) problems.push(`stack trace or internal error in the body: ${JSON.stringify(around(raw, stack.index))}`);
  const words = withoutEchoes(/html/i.test(contentType) ? visibleText(body) : body, echoes);
  const jargon = JARGON.exec(words);
  if (jargon) problems.push(`internal word ${JSON.stringify(jargon[0])} in: ${JSON.stringify(around(words, jargon.index))}`);

  let message: string | null = null;
  if (status >= 400 && status < 500) {
    message = refusalMessage(body, contentType);
    if (!message)
      problems.push(
        `refused with ${status} and no message (${contentType || "no content type"}): ${JSON.stringify(body.slice(0, 200))}`,
      );
  }
  if (status >= 300 && status < 400) {
    const location = res.headers.get("location") ?? "";
    const origin = new URL(env.APP_URL).origin;
    const ours =
      (location.startsWith("/") && !location.startsWith("//") && !location.startsWith("/\\")) ||
      location.startsWith(`${origin}/`);
    if (!ours && !allowedRedirectOrigins.some((o) => location.startsWith(`${o}/`)))
      problems.push(`redirected off our site: ${JSON.stringify(location)}`);
  }
  return { status, outcome: status >= 500 ? "server error" : status >= 400 ? "refused" : "accepted", message, problems };
}

function around(s: string, at: number): string {
  return s.slice(Math.max(0, at - 60), at + 60);
}

// ---------------------------------------------------------------------------------------
// The tally.

export interface Tally {
  cases: number;
  accepted: number;
  refused: number;
  serverErrors: number;
  refusedWithoutMessage: number;
  leaks: number;
  changedWhenRefused: number;
  knownDefect: number;
}

const tallies = new Map<string, Tally>();

export function tallyOf(action: string): Tally {
  let t = tallies.get(action);
  if (!t) {
    t = {
      cases: 0,
      accepted: 0,
      refused: 0,
      serverErrors: 0,
      refusedWithoutMessage: 0,
      leaks: 0,
      changedWhenRefused: 0,
      knownDefect: 0,
    };
    tallies.set(action, t);
  }
  return t;
}

export function allTallies(): [string, Tally][] {
  return [...tallies].sort(([a], [b]) => a.localeCompare(b));
}

export function tallyTable(): string {
  const rows = allTallies();
  const head = ["action", "cases", "accepted", "refused", "5xx", "no message", "leaks", "changed", "known defect"];
  const lines = rows.map(([action, t]) => [
    action,
    t.cases,
    t.accepted,
    t.refused,
    t.serverErrors,
    t.refusedWithoutMessage,
    t.leaks,
    t.changedWhenRefused,
    t.knownDefect,
  ]);
  const total = rows.reduce(
    (sum, [, t]) =>
      sum.map(
        (n, i) =>
          n +
          [t.cases, t.accepted, t.refused, t.serverErrors, t.refusedWithoutMessage, t.leaks, t.changedWhenRefused, t.knownDefect][
            i
          ]!,
      ),
    [0, 0, 0, 0, 0, 0, 0, 0],
  );
  const all = [head, ...lines.map((l) => l.map(String)), ["total", ...total.map(String)]];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")).join("\n");
}
