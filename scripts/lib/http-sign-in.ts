/**
 * Signs in over plain HTTP, as a browser would: our /sign-in form → the Google
 * stand-in's account chooser → Better Auth's callback. Returns the cookie header.
 * Used by the benchmark (the production build has no test shortcuts).
 */
export async function signInOverHttp(appUrl: string, account: string): Promise<string> {
  // (`account` is an email address.)
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

  const start = await fetch(`${appUrl}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: appUrl, "Content-Type": "application/x-www-form-urlencoded" },
    body: "intent=sign-in&redirectTo=/account",
  });
  keep(start);
  const authorize = new URL(start.headers.get("location") ?? "");
  const form = new URLSearchParams(authorize.searchParams);
  // "Use another account" on the chooser: any email, with a name made from it.
  form.set("action", "other");
  form.set("email", account);
  form.set("name", account.split("@")[0]!);
  const chosen = await fetch(`${authorize.origin}/o/oauth2/v2/auth/choose`, { method: "POST", body: form, redirect: "manual" });
  const callback = await fetch(chosen.headers.get("location") ?? "", { redirect: "manual", headers: { Cookie: cookie() } });
  keep(callback);
  if (callback.status !== 302 || !jar.has("harbor.session_token")) throw new Error(`sign-in failed (${callback.status})`);
  return cookie();
}
