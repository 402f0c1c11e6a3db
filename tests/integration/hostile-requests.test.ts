/**
 * Requests an attacker or a careless client sends: each gets a plain answer and changes
 * nothing (issue 10's findings, one test each).
 */
import { env } from "cloudflare:workers";
import { gzipSync } from "fflate";
import { packTar } from "modern-tar";
import { beforeAll, describe, expect, it } from "vitest";
import { AppClient, signIn } from "./support/app-client";
import { createWorkspace, lifecycleOf, pumpUntil } from "./support/infra-world";

let owner: AppClient;
let slug: string;
let workspaceId: string;
const STACK = /at \w+ \(|\.ts:\d+|\.js:\d+|node_modules|Error:/;

beforeAll(async () => {
  owner = new AppClient();
  await signIn(owner, { email: "hostile@example.com", name: "Hostile" });
  await env.DB.prepare(
    "UPDATE accounts SET plan_id = 'pro@1', billing_state = 'active' WHERE email = 'hostile@example.com'",
  ).run();
  ({ slug, id: workspaceId } = await createWorkspace(owner, "Target"));
});

const nameOf = async () =>
  (await env.DB.prepare("SELECT name FROM workspaces WHERE id = ?").bind(workspaceId).first<string>("name"))!;

describe("redirects after signing in stay on our site", () => {
  it.each(["/.//evil.example", "/..//evil.example", "/a/..//evil.example", "/%2e//evil.example", "/%5c%5cevil.example"])(
    "redirectTo=%s while signed in goes to our own page",
    async (payload) => {
      const res = await owner.fetch(`/sign-in?redirectTo=${encodeURIComponent(payload)}`);
      expect(res.status).toBe(302);
      const location = res.headers.get("location")!;
      expect(location.startsWith("/") && !location.startsWith("//") && !location.startsWith("/\\")).toBe(true);
    },
  );

  it("a signed-out data request sends to sign-in with its page, not the data", async () => {
    const res = await new AppClient().fetch(`/workspaces/${slug}.data`);
    const location = res.headers.get("location") ?? (await res.text());
    expect(location).toContain("/sign-in?redirectTo=");
    expect(decodeURIComponent(location)).not.toContain(".data");
  });
});

describe("forms must say they come from our pages", () => {
  it("a rename with neither Origin nor Sec-Fetch-Site nor Referer is refused, nothing renamed", async () => {
    const before = await nameOf();
    const res = await owner.fetch(`/workspaces/${slug}?index`, {
      form: { intent: "rename", name: "Hijacked" },
      headers: { Origin: "" },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("That form came from another site");
    expect(await nameOf()).toBe(before);
  });

  it("with only a Referer of our own it goes through", async () => {
    const res = await owner.fetch(`/workspaces/${slug}?index`, {
      form: { intent: "rename", name: "Renamed by referer" },
      headers: { Origin: "", Referer: `${env.APP_URL}/workspaces/${slug}` },
    });
    expect(res.status).toBe(302);
    expect(await nameOf()).toBe("Renamed by referer");
  });

  it("Better Auth refuses a foreign origin on its own endpoints", async () => {
    const res = await owner.fetch("/api/auth/sign-out", { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    // Still signed in.
    expect((await owner.fetch("/account")).status).toBe(200);
  });
});

describe("the sign-in service's refusals are in plain words", () => {
  const LIBRARY_WORDS = /\[body|VALIDATION_ERROR|Missing or null Origin|"code"/;

  it.each([
    ["an endpoint it doesn't have", "/api/auth/no-such-endpoint", 404],
    ["its bare address", "/api/auth/", 404],
    ["a request missing its fields", "/api/auth/revoke-session", 400],
  ])("%s: a message saying what to do, not the library's", async (_what, path, status) => {
    const res = await owner.fetch(path, { json: {} });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/json/);
    const body = await res.text();
    expect(body).not.toMatch(LIBRARY_WORDS);
    expect((JSON.parse(body) as { message: string }).message).toMatch(/Harbor|sign in/i);
  });

  it("a request with no Origin is refused in our words, and a browser gets a page", async () => {
    const refused = await owner.fetch("/api/auth/sign-out", { method: "POST", headers: { Origin: "" } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("only accept sign-in requests from Harbor");
    const page = await owner.fetch("/api/auth/no-such-page", { headers: { Accept: "text/html" } });
    expect(page.status).toBe(404);
    expect(page.headers.get("content-type")).toMatch(/html/);
    expect(await page.text()).toContain("<h1>Signing in didn't work</h1>");
  });
});

describe("only POST runs a form action", () => {
  it.each(["PUT", "DELETE", "PATCH"])("%s answers 405 with a plain page and renames nothing", async (method) => {
    const before = await nameOf();
    const res = await owner.fetch(`/workspaces/${slug}?index`, {
      method,
      body: new URLSearchParams({ intent: "rename", name: `By ${method}` }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(405);
    const body = await res.text();
    expect(body).toContain("That isn't something this page does");
    expect(body).not.toMatch(STACK);
    expect(await nameOf()).toBe(before);
  });

  it.each([
    ["POST", "/healthz"],
    ["POST", `/workspaces/{slug}/deployments/abc/logs/stream`],
  ])("%s %s (a route without an action) answers 405 without a stack trace", async (method, template) => {
    const res = await owner.fetch(template.replace("{slug}", slug), {
      method,
      body: "x",
      headers: { "Content-Type": "text/plain" },
    });
    expect(res.status).toBe(405);
    expect(await res.text()).not.toMatch(STACK);
  });
});

describe("a form sent where no form goes, or to an address nothing matches", () => {
  const INTERNAL = /You made a [A-Z]+ request|did not provide an `action`|No route matches URL/;

  it.each([
    ["the workspace layout (no ?index)", "/workspaces/{slug}"],
    ["a page with no form", "/workspaces/{slug}/deployments/abc/logs"],
    ["the home page without ?index", "/"],
  ])("a POST to %s answers our plain 405, nothing renamed, no internal words", async (_what, template) => {
    const before = await nameOf();
    const res = await owner.fetch(template.replace("{slug}", slug), { form: { intent: "rename", name: "Nope" } });
    expect(res.status).toBe(405);
    const body = await res.text();
    expect(body).toContain("That isn't something this page does");
    expect(body).not.toMatch(INTERNAL);
    expect(body).not.toMatch(STACK);
    expect(await nameOf()).toBe(before);
  });

  it.each(["/zz-nowhere/%E2%80%A8", "/%E2%80%A9"])("GET and POST %s answer our plain 404", async (path) => {
    for (const init of [{}, { form: { intent: "x" } }]) {
      const res = await owner.fetch(path, init);
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).toContain("We couldn't find that page");
      expect(body).not.toMatch(INTERNAL);
    }
  });

  it("the pages' own forms still reach their actions, as documents and as data requests", async () => {
    const page = await owner.fetch(`/workspaces/${slug}?index`, { form: { intent: "rename", name: "By document" } });
    expect(page.status).toBe(302);
    const data = await owner.fetch(`/workspaces/${slug}.data?index`, { form: { intent: "rename", name: "By data request" } });
    expect(data.status).toBeLessThan(400);
    expect(await nameOf()).toBe("By data request");
  });
});

describe("nothing about a person is kept by a shared cache", () => {
  it.each([`/workspaces/{slug}`, `/workspaces/{slug}.data`, "/workspaces", "/account"])(
    "%s answers private, no-store",
    async (template) => {
      const res = await owner.fetch(template.replace("{slug}", slug));
      expect(res.headers.get("cache-control")).toBe("private, no-store");
    },
  );

  it("redirects and JSON too", async () => {
    const redirect = await owner.fetch(`/workspaces/${slug}?index`, { form: { intent: "rename", name: "Cached?" } });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("cache-control")).toBe("private, no-store");
    // A route that says its own (the health check's no-store) keeps it.
    expect((await owner.fetch("/healthz")).headers.get("cache-control")).toMatch(/no-store/);
  });
});

describe("every change first checks the kind of thing it acts on", () => {
  let deploymentId: string;
  let sandboxId: string;
  const idFrom = (res: Response) => res.headers.get("location")!.split("/").pop()!;

  beforeAll(async () => {
    await pumpUntil(workspaceId, "ready");
    const deployed = await owner.fetch(`/workspaces/${slug}/deployments/new`, {
      form: { intent: "paste", name: "kind-site", fileName: "index.html", code: "<p>site</p>", ttl: "24h", memory: "", cpus: "" },
    });
    expect(deployed.status).toBe(302);
    deploymentId = idFrom(deployed);
    const sandbox = await owner.fetch(`/workspaces/${slug}/sandboxes/new`, {
      form: { intent: "create", name: "kind-box", fileName: "index.html", code: "x" },
    });
    expect(sandbox.status).toBe(302);
    sandboxId = idFrom(sandbox);
  });

  it("the sandbox page cannot delete a deployment: 404, and it is still there", async () => {
    const res = await owner.fetch(`/workspaces/${slug}/sandboxes/${deploymentId}`, {
      form: { intent: "delete", confirmed: "yes" },
    });
    expect(res.status).toBe(404);
    expect((await owner.fetch(`/workspaces/${slug}/deployments/${deploymentId}`)).status).toBe(200);
  });

  it("text limits count UTF-16 units as well as characters, and control characters are refused", async () => {
    const accents = await owner.fetch(`/workspaces/${slug}?index`, {
      form: { intent: "rename", name: `e${"\u0301".repeat(499_999)}` },
    });
    expect(accents.status).toBe(400);
    const nul = await owner.fetch(`/workspaces/${slug}/deployments/${deploymentId}`, {
      form: { intent: "edit", title: "a\u0000b", description: "" },
    });
    expect(nul.status).toBe(400);
    expect(await nul.text()).toContain("invisible or control characters");
  });

  it("package names follow npm's rules: no paths, no megabyte names", async () => {
    for (const packages of ["../../etc/passwd", "x".repeat(300_000)]) {
      const res = await owner.fetch(`/workspaces/${slug}/sandboxes/${sandboxId}`, { form: { intent: "install", packages } });
      expect(res.status).toBe(400);
    }
  });

  it("removing a file that was never there says so and removes nothing", async () => {
    const res = await owner.fetch(`/workspaces/${slug}/sandboxes/${sandboxId}`, {
      form: { intent: "remove", path: "nonexistent.txt" },
    });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain("There&#x27;s no file called nonexistent.txt.");
    expect(body).not.toContain("Removed nonexistent.txt.");
  });

  it("an upload that has unsafe entries says what was left out and why, once, on the deployment's page", async () => {
    const enc = new TextEncoder();
    const entries = [
      { header: { name: "index.html", size: 11, mtime: new Date(0) }, body: enc.encode("<p>site</p>") },
      { header: { name: "../escape.txt", size: 1, mtime: new Date(0) }, body: enc.encode("x") },
      { header: { name: "evil\u202egnp.html", size: 1, mtime: new Date(0) }, body: enc.encode("x") },
      {
        header: { name: "passwd", type: "symlink" as const, linkname: "/etc/passwd", size: 0, mtime: new Date(0) },
        body: new Uint8Array(),
      },
    ];
    const archive = gzipSync(await packTar(entries));
    const form = new FormData();
    form.set("intent", "upload");
    form.set("name", "left-out-site");
    form.set("ttl", "24h");
    form.set("file", new File([archive], "site.tar.gz"));
    const res = await owner.fetch(`/workspaces/${slug}/deployments/new`, { method: "POST", body: form });
    expect(res.status).toBe(302);
    const page = await (await owner.fetch(res.headers.get("location")!)).text();
    expect(page).toContain("3 files were left out of what you uploaded");
    expect(page).toContain("escape.txt");
    expect(page).toContain("shortcut (link)");
    // Told once: the next visit says nothing more.
    expect(await (await owner.fetch(res.headers.get("location")!)).text()).not.toContain("left out of what you uploaded");
  });

  it("a name in the address is matched exactly: 'keeper ' does not act on the access key 'keeper'", async () => {
    expect((await owner.fetch(`/workspaces/${slug}/access-keys`, { form: { intent: "create", name: "keeper" } })).status).toBe(
      200,
    );
    const res = await owner.fetch(`/workspaces/${slug}/access-keys/keeper%20`, { form: { intent: "delete" } });
    expect(res.status).toBe(404);
    expect((await owner.fetch(`/workspaces/${slug}/access-keys/keeper`)).status).toBe(200);
  });

  it("the deployment page cannot edit or delete a sandbox: 404", async () => {
    const edit = await owner.fetch(`/workspaces/${slug}/deployments/${sandboxId}`, {
      form: { intent: "edit", title: "Not a deployment", description: "" },
    });
    expect(edit.status).toBe(404);
    const del = await owner.fetch(`/workspaces/${slug}/deployments/${sandboxId}`, {
      form: { intent: "delete", confirmed: "yes" },
    });
    expect(del.status).toBe(404);
    expect((await owner.fetch(`/workspaces/${slug}/sandboxes/${sandboxId}`)).status).toBe(200);
  });
});

describe("a workspace being deleted", () => {
  it("refuses a rename and a second delete with a plain message", async () => {
    const { slug: doomed, id } = await createWorkspace(owner, "Doomed one");
    await pumpUntil(id, "ready");
    expect((await owner.fetch(`/workspaces/${doomed}?index`, { form: { intent: "delete", confirmed: "yes" } })).status).toBe(302);
    const forms: Record<string, string>[] = [
      { intent: "rename", name: "Back from the dead" },
      { intent: "delete", confirmed: "yes" },
    ];
    for (const form of forms) {
      const res = await owner.fetch(`/workspaces/${doomed}?index`, { form });
      if (res.status === 404) continue; // already gone from view: nothing to act on either
      expect(res.status).toBe(409);
      expect(await res.text()).toContain("This workspace is being deleted");
    }
    expect(await env.DB.prepare("SELECT name FROM workspaces WHERE id = ?").bind(id).first("name")).toBe("Doomed one");
  });
});

describe("an address too long to read", () => {
  it("answers a plain 414", async () => {
    const res = await owner.fetch(`/workspaces/${"a".repeat(9_000)}`);
    expect(res.status).toBe(414);
    expect(await res.text()).not.toMatch(STACK);
    expect((await lifecycleOf(workspaceId))?.slug).toBe(slug);
  });
});
