/**
 * The OpenBerth dashboard inside a workspace, through Harbor's own routes, against the
 * OpenBerth stand-in: deployments, sandboxes, access keys, secrets, settings, and what
 * people see when the server is paused or unreachable. The admin key never leaves.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { AppClient } from "./support/app-client";
import { waitFor } from "./support/app-client";
import { readyWorkspace, setPlan } from "./support/fixtures";
import { adminKeyOf, infraClient as infra, infraControl, lifecycleOf } from "./support/infra-world";
import { tarGz, zip } from "./support/archives";
import { pretendLifecycleState } from "./support/records";

let owner: AppClient;
let ownerEmail: string;
let slug: string;
let workspaceId: string;
let adminKey: string;
const base = () => `/workspaces/${slug}`;
let uploads = 0;

/** Every answer is checked: the workspace's admin key must never be in it. */
async function text(res: Response): Promise<string> {
  const body = await res.text();
  expect(body).not.toContain(adminKey);
  for (const [, value] of res.headers) expect(value).not.toContain(adminKey);
  return body;
}

async function deploymentIdFrom(res: Response): Promise<string> {
  const location = res.headers.get("location") ?? "";
  const id = /\/deployments\/([0-9a-v]{20})$/.exec(location)?.[1] ?? /\/sandboxes\/([0-9a-v]{20})$/.exec(location)?.[1];
  if (!id) throw new Error(`no deployment in ${res.status} ${location} ${await res.text()}`);
  return id;
}

async function waitLive(client: AppClient, path: string) {
  await waitFor(async () => (await client.fetch(path).then((r) => r.text())).includes(">Live<"), 10_000);
}

beforeAll(async () => {
  const ws = await readyWorkspace({ plan: "pro@1", role: "owner", name: "Dashboard" });
  ({ slug, id: workspaceId, client: owner } = ws);
  ownerEmail = ws.owner.email;
  adminKey = await adminKeyOf(workspaceId);
});

describe("deployments", () => {
  it("deploys pasted code, shows it live with its address, edits it, and deletes it", async () => {
    const created = await owner.fetch(`${base()}/deployments/new`, {
      form: {
        intent: "paste",
        name: "hello-site",
        fileName: "index.html",
        code: "<h1>Hello</h1>",
        ttl: "24h",
        memory: "",
        cpus: "",
      },
    });
    expect(created.status).toBe(302);
    const id = await deploymentIdFrom(created);
    await waitLive(owner, `${base()}/deployments/${id}`);
    const page = await text(await owner.fetch(`${base()}/deployments/${id}`));
    expect(page).toMatch(/href="http:\/\/hello-site\.inst-[0-9a-z]+\.localhost:\d+"/);
    expect(page).toContain("Harbor dashboard");

    const list = await text(await owner.fetch(`${base()}/deployments`));
    expect(list).toContain("hello-site");
    expect(list).toContain(">Live<");

    const edited = await owner.fetch(`${base()}/deployments/${id}`, {
      form: { intent: "edit", title: "My Hello", description: "A test", ttl: "0" },
    });
    expect(await text(edited)).toContain("Saved.");
    expect(await text(await owner.fetch(`${base()}/deployments/${id}`))).toContain("Until I delete it");

    const logs = await owner.fetch(`${base()}/deployments/${id}/logs`);
    expect(logs.status).toBe(200);
    await text(logs);

    // Deleting asks once, naming it, and deletes nothing until answered.
    const asked = await text(await owner.fetch(`${base()}/deployments/${id}`, { form: { intent: "delete" } }));
    expect(asked).toContain('data-testid="confirm-step"');
    expect(asked).toContain("Delete My Hello?");
    expect((await owner.fetch(`${base()}/deployments/${id}`)).status).toBe(200);
    const deleted = await owner.fetch(`${base()}/deployments/${id}`, { form: { intent: "delete", confirmed: "yes" } });
    expect(deleted.headers.get("location")).toBe(`${base()}/deployments`);
    expect(await text(await owner.fetch(`${base()}/deployments`))).toContain("Deleted My Hello.");
    expect((await owner.fetch(`${base()}/deployments/${id}`)).status).toBe(404);
  });

  it("sets who may visit: a password, an access key shown once, then everyone again", async () => {
    const created = await owner.fetch(`${base()}/deployments/new`, {
      form: { intent: "paste", name: "guarded", fileName: "index.html", code: "<p>private</p>", ttl: "24h" },
    });
    const id = await deploymentIdFrom(created);
    const path = `${base()}/deployments/${id}`;
    await waitLive(owner, path);
    // The page escapes the apostrophe in "site's"; compare the words a person reads.
    const who = async () =>
      /data-testid="visitor-access">([^<]*)</.exec(await text(await owner.fetch(path)))?.[1]?.replaceAll("&#x27;", "'");
    expect(await who()).toBe("Everyone");

    const weak = await owner.fetch(path, {
      form: { intent: "protect", mode: "basic_auth", username: "guest", password: "short" },
    });
    expect(weak.status).toBe(400);
    // Shown beside the field it is about, which is marked for screen readers.
    const weakPage = await text(weak);
    expect(weakPage).toMatch(/id="protect-password-error"[^>]*>Choose a password of at least 8 characters\.</);
    expect(weakPage).toMatch(/<input[^>]*id="protect-password"[^>]*aria-invalid="true"/);
    const blank = await owner.fetch(path, {
      form: { intent: "protect", mode: "basic_auth", username: "   ", password: "long-enough" },
    });
    expect(await text(blank)).toMatch(/id="protect-username-error"[^>]*>Choose a username for visitors\.</);
    expect(await who()).toBe("Everyone");

    const locked = await owner.fetch(path, {
      form: { intent: "protect", mode: "basic_auth", username: "guest", password: "long-enough" },
    });
    expect(await text(locked)).toContain("Who may visit has been updated.");
    expect(await who()).toBe("People with a username and password (username guest)");

    const keyed = await text(await owner.fetch(path, { form: { intent: "protect", mode: "api_key" } }));
    const key = /sk_[0-9a-f]{48}/.exec(keyed)?.[0];
    expect(key).toBeDefined();
    expect(await who()).toBe("Apps and scripts that have this site's visitor key");
    expect(await text(await owner.fetch(path))).not.toContain(key);

    await owner.fetch(path, { form: { intent: "protect", mode: "public" } });
    expect(await who()).toBe("Everyone");
    await owner.fetch(path, { form: { intent: "delete", confirmed: "yes" } });
  });

  it.each([
    ["a .zip of a folder", () => new File([zip({ "my-site/index.html": "<p>zipped</p>" })], "my-site.zip")],
    ["a .tar.gz", async () => new File([await tarGz({ "index.html": "<p>tarred</p>" })], "site.tar.gz")],
    ["a single html file", () => new File(["<p>single</p>"], "page.html", { type: "text/html" })],
  ])("deploys %s", async (_label, file) => {
    const form = new FormData();
    form.set("intent", "upload");
    form.set("name", `up-${++uploads}`);
    form.set("ttl", "24h");
    form.set("file", await file());
    const res = await owner.fetch(`${base()}/deployments/new`, { method: "POST", body: form });
    expect(res.status).toBe(302);
    const id = await deploymentIdFrom(res);
    await waitLive(owner, `${base()}/deployments/${id}`);
    await owner.fetch(`${base()}/deployments/${id}`, { form: { intent: "delete", confirmed: "yes" } });
  });

  it.each([
    ["no file", null, "Please choose a file to upload"],
    ["an empty file", () => new File([], "empty.zip"), "Please choose a file to upload"],
    [
      "a file of the wrong kind",
      () => new File([new Uint8Array([0x4d, 0x5a, 0x90, 0x00])], "setup.exe"),
      "We can take a .zip or .tar.gz",
    ],
    [
      "a corrupt archive",
      () => new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5])], "broken.zip"),
      "We couldn&#x27;t open that .zip or .tar.gz",
    ],
    [
      "a project nobody can run",
      async () => new File([await tarGz({ "notes.bin": "\u0000\u0001" })], "x.tar.gz"),
      "We couldn&#x27;t tell what kind of project this is",
    ],
  ])("refuses %s with a clear message and changes nothing", async (_label, file, message) => {
    const before = (await text(await owner.fetch(`${base()}/deployments`))).match(/data-testid="deployment-row"/g)?.length ?? 0;
    const form = new FormData();
    form.set("intent", "upload");
    form.set("name", "refused-upload");
    form.set("ttl", "24h");
    if (file) form.set("file", await file());
    const res = await owner.fetch(`${base()}/deployments/new`, { method: "POST", body: form });
    expect(res.status).toBe(400);
    expect(await text(res)).toContain(message);
    const after = (await text(await owner.fetch(`${base()}/deployments`))).match(/data-testid="deployment-row"/g)?.length ?? 0;
    expect(after).toBe(before);
  });

  it("refuses an upload that is too large before reading it", async () => {
    const res = await owner.fetch(`${base()}/deployments/new`, {
      method: "POST",
      body: "x",
      headers: { "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(60 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(await text(res)).toContain("bigger than 20 MB");
  });

  it("refuses memory or processors beyond the plan", async () => {
    await setPlan(ownerEmail, "trial@1");
    try {
      const res = await owner.fetch(`${base()}/deployments/new`, {
        form: { intent: "paste", name: "too-big", fileName: "index.html", code: "x", ttl: "24h", memory: "4g", cpus: "" },
      });
      expect(res.status).toBe(400);
      expect(await text(res)).toContain("512 MB of memory per deployment");
      // A sandbox is held to the same plan.
      const sandbox = await owner.fetch(`${base()}/sandboxes/new`, {
        form: { intent: "create", name: "too-big-sandbox", fileName: "index.html", code: "x", memory: "4g" },
      });
      expect(sandbox.status).toBe(403);
      expect(await text(sandbox)).toContain("512 MB of memory per deployment");
    } finally {
      await setPlan(ownerEmail, "pro@1");
    }
  });

  it("counts every deployment and sandbox against the plan before creating one", async () => {
    await setPlan(ownerEmail, "trial@1");
    const made: string[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const res = await owner.fetch(`${base()}/deployments/new`, {
          form: { intent: "paste", name: `limit-${i}`, fileName: "index.html", code: "x", ttl: "24h" },
        });
        made.push(await deploymentIdFrom(res));
      }
      const fourth = await owner.fetch(`${base()}/sandboxes/new`, {
        form: { intent: "create", name: "limit-sandbox", fileName: "index.html", code: "x" },
      });
      expect(fourth.status).toBe(403);
      expect(await text(fourth)).toContain("Your Trial plan includes up to 3 deployments per workspace, sandboxes included.");
    } finally {
      await setPlan(ownerEmail, "pro@1");
      for (const id of made) await owner.fetch(`${base()}/deployments/${id}`, { form: { intent: "delete", confirmed: "yes" } });
    }
  });
});

describe("sandboxes", () => {
  it("create → push a file → run cat on it → install → promote → delete", async () => {
    const created = await owner.fetch(`${base()}/sandboxes/new`, {
      form: { intent: "create", name: "play", fileName: "index.html", code: "<p>play</p>" },
    });
    const id = await deploymentIdFrom(created);
    await waitFor(async () => (await owner.fetch(`${base()}/sandboxes/${id}`).then((r) => r.text())).includes(">Live<"), 10_000);

    expect(
      await text(
        await owner.fetch(`${base()}/sandboxes/${id}`, {
          form: { intent: "write", path: "notes.txt", content: "pushed from Harbor" },
        }),
      ),
    ).toContain("Saved notes.txt.");
    const ran = await text(await owner.fetch(`${base()}/sandboxes/${id}`, { form: { intent: "run", command: "cat notes.txt" } }));
    expect(ran).toContain("pushed from Harbor");
    expect(ran).toContain("Finished.");
    expect(
      await text(await owner.fetch(`${base()}/sandboxes/${id}`, { form: { intent: "install", packages: "zod" } })),
    ).toContain("Installed zod.");
    const bad = await owner.fetch(`${base()}/sandboxes/${id}`, { form: { intent: "install", packages: "rm -rf / ; 'x'" } });
    expect(bad.status).toBe(400);
    // A command that isn't there says so plainly, under the command that was run.
    const missing = await text(
      await owner.fetch(`${base()}/sandboxes/${id}`, { form: { intent: "run", command: "nosuchtool --go" } }),
    );
    expect(missing).toMatch(/data-testid="ran-command">[\s\S]*?nosuchtool --go/);
    expect(missing).toContain("That command wasn&#x27;t found.");

    // Its files are listed and open for editing with what they hold.
    const listed = await text(await owner.fetch(`${base()}/sandboxes/${id}`));
    expect(listed).toMatch(/data-testid="sandbox-files"[\s\S]*?notes\.txt/);
    expect(await text(await owner.fetch(`${base()}/sandboxes/${id}?file=notes.txt`))).toContain("pushed from Harbor</textarea>");
    // Removing one asks first, then removes it.
    expect(
      await text(await owner.fetch(`${base()}/sandboxes/${id}`, { form: { intent: "remove", path: "notes.txt" } })),
    ).toContain("Remove notes.txt?");
    expect(
      await text(
        await owner.fetch(`${base()}/sandboxes/${id}`, { form: { intent: "remove", path: "notes.txt", confirmed: "yes" } }),
      ),
    ).toContain("Removed notes.txt.");

    // Promoting asks first, saying how the address changes.
    const ask = await text(await owner.fetch(`${base()}/sandboxes/${id}`, { form: { intent: "promote", ttl: "72h" } }));
    expect(ask).toMatch(/Its address changes from sandbox-play\.[^ ]+ to play\./);
    const promoted = await owner.fetch(`${base()}/sandboxes/${id}`, {
      form: { intent: "promote", ttl: "72h", confirmed: "yes" },
    });
    expect(promoted.headers.get("location")).toBe(`${base()}/deployments/${id}`);
    expect(await text(await owner.fetch(`${base()}/deployments/${id}`))).toContain(
      "It&#x27;s now a deployment. Its address is play.",
    );
    await waitLive(owner, `${base()}/deployments/${id}`);
    await owner.fetch(`${base()}/deployments/${id}`, { form: { intent: "delete", confirmed: "yes" } });
  });
});

describe("access keys (OpenBerth users)", () => {
  it("creates a user and shows its key once, with the CLI setup; the list never shows it again", async () => {
    const res = await owner.fetch(`${base()}/access-keys`, { form: { intent: "create", name: "laptop" } });
    const html = await text(res);
    const key = /value="(sc_[0-9a-f]{48})"/.exec(html)?.[1];
    expect(key).toBeDefined();
    expect(html).toContain("berth config set server http://localhost:");
    expect(html).toContain(`berth config set key ${key}`);
    const again = await text(await owner.fetch(`${base()}/access-keys`));
    expect(again).toContain("laptop");
    expect(again).not.toContain(key!);
    // The key works against the workspace, and the user got the plan's limit.
    const { endpoint_url } = (await lifecycleOf(workspaceId))!;
    const me = await fetch(`${endpoint_url}/api/me`, { headers: { Authorization: `Bearer ${key}` } });
    expect(await me.json()).toMatchObject({ name: "laptop", role: "user" });
    const users = (await (
      await fetch(`${endpoint_url}/api/admin/users`, { headers: { Authorization: `Bearer ${adminKey}` } })
    ).json()) as { users: { name: string; maxDeployments: number }[] };
    expect(users.users.find((u) => u.name === "laptop")?.maxDeployments).toBe(10_000);
  });

  it("rotates a key: the old one stops working at once, the new one is shown once", async () => {
    const created = await text(await owner.fetch(`${base()}/access-keys`, { form: { intent: "create", name: "rotator" } }));
    const oldKey = /value="(sc_[0-9a-f]{48})"/.exec(created)![1]!;
    // The first press only asks; the key still works.
    const asked = await text(await owner.fetch(`${base()}/access-keys/rotator`, { form: { intent: "rotate" } }));
    expect(asked).toContain("Replace rotator&#x27;s key?");
    expect(asked).not.toMatch(/value="sc_[0-9a-f]{48}"/);
    const rotated = await text(
      await owner.fetch(`${base()}/access-keys/rotator`, { form: { intent: "rotate", confirmed: "yes" } }),
    );
    const newKey = /value="(sc_[0-9a-f]{48})"/.exec(rotated)![1]!;
    expect(newKey).not.toBe(oldKey);
    const { endpoint_url } = (await lifecycleOf(workspaceId))!;
    expect((await fetch(`${endpoint_url}/api/me`, { headers: { Authorization: `Bearer ${oldKey}` } })).status).toBe(401);
    expect((await fetch(`${endpoint_url}/api/me`, { headers: { Authorization: `Bearer ${newKey}` } })).status).toBe(200);
  });

  it("removes a user with nothing in the way after asking once, and says so on the next page", async () => {
    await owner.fetch(`${base()}/access-keys`, { form: { intent: "create", name: "brief" } });
    const asked = await owner.fetch(`${base()}/access-keys/brief`, { form: { intent: "delete" } });
    expect(await text(asked)).toContain('data-testid="confirm-step"');
    expect((await owner.fetch(`${base()}/access-keys/brief`)).status).toBe(200);
    const res = await owner.fetch(`${base()}/access-keys/brief`, { form: { intent: "delete", confirmed: "yes" } });
    expect(res.headers.get("location")).toBe(`${base()}/access-keys`);
    // The message travels with the redirect, is shown once on the next page, then cleared.
    expect(await text(await owner.fetch(`${base()}/access-keys`))).toContain("Removed brief. Their key no longer works.");
    expect(await text(await owner.fetch(`${base()}/access-keys`))).not.toContain("Removed brief.");
    expect((await owner.fetch(`${base()}/access-keys/brief`)).status).toBe(404);
  });

  it("shows what blocks a deletion and clears it all in one confirmed action", async () => {
    const created = await text(await owner.fetch(`${base()}/access-keys`, { form: { intent: "create", name: "ci-bot" } }));
    const key = /value="(sc_[0-9a-f]{48})"/.exec(created)![1]!;
    const { endpoint_url } = (await lifecycleOf(workspaceId))!;
    const asBot = (path: string, init: RequestInit = {}) =>
      fetch(`${endpoint_url}${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...init.headers },
      });
    await asBot("/api/deploy/code", {
      method: "POST",
      body: JSON.stringify({ name: "bot-site", files: { "index.html": "bot" } }),
    });
    await asBot("/api/secrets", { method: "POST", body: JSON.stringify({ name: "BOT_TOKEN", value: "personal" }) });
    await asBot("/api/secrets", { method: "POST", body: JSON.stringify({ name: "BOT_SHARED", value: "shared", global: true }) });
    // A global the admin made must survive: only the bot's own go.
    await owner.fetch(`${base()}/secrets`, { form: { intent: "set", name: "ADMIN_SHARED", value: "keep me", scope: "global" } });

    const blocked = await owner.fetch(`${base()}/access-keys/ci-bot`, { form: { intent: "delete", confirmed: "yes" } });
    expect(blocked.status).toBe(409);
    const html = await text(blocked);
    expect(html).toContain("1 deployment or sandbox");
    expect(html).toContain("1 secret shared with everyone");
    expect(html).toContain("1 personal secret");
    expect(html).toContain("their berth tool stops working at once");

    const cleared = await owner.fetch(`${base()}/access-keys/ci-bot`, {
      form: { intent: "clear-and-delete", confirmed: "yes" },
    });
    expect(cleared.headers.get("location")).toBe(`${base()}/access-keys`);
    expect((await asBot("/api/me")).status).toBe(401);
    const secrets = await text(await owner.fetch(`${base()}/secrets`));
    expect(secrets).toContain("ADMIN_SHARED");
    expect(secrets).not.toContain("BOT_SHARED");
    expect(await text(await owner.fetch(`${base()}/deployments`))).not.toContain("bot-site");
  });
});

describe("secrets", () => {
  it("sets a secret for everyone and one for the dashboard, never shows values, deletes after confirming", async () => {
    expect(
      await text(
        await owner.fetch(`${base()}/secrets`, {
          form: { intent: "set", name: "MAIL_KEY", value: "s3cr3t-value", scope: "global", description: "mail" },
        }),
      ),
    ).toContain("Saved MAIL_KEY.");
    expect(
      await text(
        await owner.fetch(`${base()}/secrets`, {
          form: { intent: "set", name: "DASH_ONLY", value: "other-value", scope: "dashboard" },
        }),
      ),
    ).toContain("Saved DASH_ONLY.");
    const list = await text(await owner.fetch(`${base()}/secrets`));
    expect(list).toContain("MAIL_KEY");
    expect(list).toContain("DASH_ONLY");
    expect(list).not.toContain("s3cr3t-value");
    expect(list).not.toContain("other-value");
    expect(list).toContain("personal secrets from their own berth tool");

    const ask = await text(
      await owner.fetch(`${base()}/secrets`, { form: { intent: "delete", name: "MAIL_KEY", scope: "global" } }),
    );
    expect(ask).toContain("Yes, delete it");
    expect(await text(await owner.fetch(`${base()}/secrets`))).toContain("MAIL_KEY");
    expect(
      await text(
        await owner.fetch(`${base()}/secrets`, {
          form: { intent: "delete", name: "MAIL_KEY", scope: "global", confirmed: "yes" },
        }),
      ),
    ).toContain("Deleted MAIL_KEY.");
    expect(await text(await owner.fetch(`${base()}/secrets`))).not.toContain("MAIL_KEY");
  });

  it.each([
    [{ intent: "set", name: "has space", value: "x", scope: "global" }, "Use letters, numbers and underscores"],
    [{ intent: "set", name: "OK", value: "", scope: "global" }, "Please enter the secret"],
    [{ intent: "set", name: "OK", value: "x", scope: "everyone-everywhere" }, "Choose who can use it."],
  ])("refuses %j", async (form, message) => {
    const res = await owner.fetch(`${base()}/secrets`, { form: form as Record<string, string> });
    expect(res.status).toBe(400);
    expect(await text(res)).toContain(message.replaceAll("'", "&#x27;"));
  });
});

describe("settings", () => {
  it("saves defaults and the network allowance within the plan, and nothing else", async () => {
    const saved = await owner.fetch(`${base()}/settings`, {
      form: {
        intent: "save",
        memory: "1g",
        cpus: "1",
        quotaOn: "on",
        quota: "20g",
        reset: "7d",
        "oidc.issuer": "https://evil.example",
      },
    });
    expect(await text(saved)).toContain("Settings saved.");
    const { endpoint_url } = (await lifecycleOf(workspaceId))!;
    const settings = (await (
      await fetch(`${endpoint_url}/api/admin/settings`, { headers: { Authorization: `Bearer ${adminKey}` } })
    ).json()) as Record<string, string>;
    expect(settings).toMatchObject({
      "container.default_memory": "1g",
      "container.default_cpus": "1",
      "network.quota_enabled": "true",
      "network.default_quota": "20g",
      "network.quota_reset_interval": "7d",
    });
    expect(Object.keys(settings).some((k) => k.startsWith("oidc.") || k.startsWith("session."))).toBe(false);
    const page = await text(await owner.fetch(`${base()}/settings`));
    expect(page).toMatch(/<option value="1g" selected="">/);

    const tooMuch = await owner.fetch(`${base()}/settings`, {
      form: { intent: "save", memory: "64g", cpus: "", quota: "", reset: "30d" },
    });
    expect(tooMuch.status).toBe(400);
    expect(await text(tooMuch)).toContain("isn&#x27;t included in this workspace&#x27;s plan");
  });
});

describe("when the server can't be used", () => {
  it("an unreachable server shows Having trouble with a retry, not an error page", async () => {
    const resourceId = (await lifecycleOf(workspaceId))!.infra_resource_id!;
    // The instance goes down without the infra service telling us (no event delivered).
    await infraControl(`instances/${resourceId}/crash`, {});
    try {
      for (const path of ["/deployments", "/access-keys", "/secrets", "/settings"]) {
        const res = await owner.fetch(`${base()}${path}`);
        expect(res.status, path).toBe(200);
        const html = await text(res);
        expect(html, path).toContain("Having trouble");
        expect(html, path).toContain("Try again");
      }
    } finally {
      await infra().resume(resourceId);
      await waitFor(async () => (await infra().get(resourceId))?.state === "running", 5_000);
    }
  });

  it("a paused workspace says why and blocks changes without an error page", async () => {
    await pretendLifecycleState(workspaceId, { state: "suspended", suspensionReason: "trial_ended" });
    try {
      const page = await owner.fetch(`${base()}/deployments`);
      expect(page.status).toBe(200);
      expect(await text(page)).toContain("Your free trial has ended, so this workspace is paused.");
      const create = await owner.fetch(`${base()}/deployments/new`, {
        form: { intent: "paste", name: "nope", fileName: "index.html", code: "x", ttl: "24h" },
      });
      expect(create.status).toBe(409);
      expect(await text(create)).toContain("Your free trial has ended");
      const secret = await owner.fetch(`${base()}/secrets`, {
        form: { intent: "set", name: "NOPE", value: "x", scope: "global" },
      });
      expect(secret.status).toBe(403);
      expect(await text(secret)).toContain("This workspace is paused, so changes are switched off for now.");
    } finally {
      await pretendLifecycleState(workspaceId, { state: "ready", suspensionReason: null });
    }
  });
});
