import { env, exports } from "cloudflare:workers";

/**
 * Talks to the Worker under test the way a browser would: through its real `fetch`
 * export, with a cookie jar, and with our own Origin on forms.
 */
export class AppClient {
  readonly cookies = new Map<string, string>();
  readonly base = env.APP_URL;

  async fetch(path: string, init: RequestInit & { form?: Record<string, string>; json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    let body = init.body;
    if (init.form) {
      body = new URLSearchParams(init.form);
      headers.set("Content-Type", "application/x-www-form-urlencoded");
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers.set("Content-Type", "application/json");
    }
    const method = init.method ?? (body ? "POST" : "GET");
    if (method !== "GET" && method !== "HEAD" && !headers.has("Origin")) headers.set("Origin", new URL(this.base).origin);
    if (this.cookies.size > 0) headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const url = path.startsWith("http") ? path : `${this.base}${path}`;
    const response = await exports.default.fetch(new Request(url, { ...init, method, headers, body, redirect: "manual" }));
    this.remember(response.headers);
    return response;
  }

  remember(headers: Headers) {
    for (const cookie of headers.getSetCookie()) {
      const [pair, ...attrs] = cookie.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/**
 * Signs in through the real flow: our /sign-in action → the Google stand-in's account
 * chooser (a person picks an account) → Better Auth's callback.
 */
export async function signIn(
  client: AppClient,
  who: { email: string; name?: string },
  redirectTo = "/account",
): Promise<Response> {
  const start = await client.fetch("/sign-in", { form: { intent: "sign-in", redirectTo } });
  if (start.status !== 302) throw new Error(`sign-in did not redirect: ${start.status}`);
  const authorizeUrl = new URL(start.headers.get("location")!);
  const form = new URLSearchParams(authorizeUrl.searchParams);
  if (who.name) {
    form.set("action", "other");
    form.set("email", who.email);
    form.set("name", who.name);
  } else {
    form.set("action", "account");
    form.set("account", who.email);
  }
  const chosen = await fetch(`${authorizeUrl.origin}/o/oauth2/v2/auth/choose`, {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  if (chosen.status !== 303 && chosen.status !== 302) throw new Error(`account chooser answered ${chosen.status}`);
  return client.fetch(chosen.headers.get("location")!);
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Captures the structured log lines written from now until `stop()`. */
export function startLogCapture(): { lines: Record<string, unknown>[]; stop(): void } {
  const lines: Record<string, unknown>[] = [];
  const original = { log: console.log, error: console.error };
  const grab = (...args: unknown[]) => {
    for (const a of args) {
      if (typeof a !== "string") continue;
      try {
        lines.push(JSON.parse(a));
      } catch {
        /* not one of ours */
      }
    }
  };
  console.log = grab;
  console.error = grab;
  return {
    lines,
    stop() {
      console.log = original.log;
      console.error = original.error;
    },
  };
}
