import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { open } from "../../server/crypto/envelope";
import { readMasterKeyring } from "../../server/bindings/master-keyring";
import { createInfraClient } from "../../server/infra/infra-client";
import { AppClient, signIn } from "./support/app-client";
import { createWorkspace, lifecycleOf, pumpUntil, requestId } from "./support/infra-world";

async function signedIn(email: string) {
  const client = new AppClient();
  await signIn(client, { email, name: email.split("@")[0]! });
  return client;
}

async function accountId(email: string) {
  return (await env.DB.prepare("SELECT id FROM accounts WHERE email = ?").bind(email).first<{ id: string }>())!.id;
}

describe("creating a workspace", () => {
  it("returns at once showing Setting up, then becomes Ready with its server's key sealed", async () => {
    const client = await signedIn("creator@example.com");
    const started = Date.now();
    const { slug, id, response } = await createWorkspace(client, "Marketing Site", "eu-west");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(response.headers.get("location")).toBe("/workspaces/marketing-site");
    expect(slug).toBe("marketing-site");

    const first = await (await client.fetch(`/workspaces/${slug}`)).text();
    expect(first).toContain("Setting up");
    expect(first).toContain('http-equiv="refresh"'); // keeps refreshing without JavaScript

    await pumpUntil(id, "ready");
    const page = await (await client.fetch(`/workspaces/${slug}`)).text();
    expect(page).toContain(">Ready<");
    expect(page).not.toContain('http-equiv="refresh"');
    expect(page).toContain("It&#x27;s ready to use.");
    expect(page).toContain("Europe (EU)");

    // The admin key is stored sealed, and it is the key the infra service issued.
    const creds = await env.DB.prepare("SELECT * FROM workspace_credentials WHERE workspace_id = ?")
      .bind(id)
      .first<Record<string, unknown>>();
    const infra = createInfraClient({ baseUrl: env.INFRA_API_URL, token: env.INFRA_API_TOKEN });
    const { instance } = await infra.provision(id, "eu-west");
    const toBytes = (v: unknown) => new Uint8Array(v as ArrayBuffer);
    const sealed = {
      ciphertext: toBytes(creds!.admin_key_ciphertext),
      nonce: toBytes(creds!.admin_key_nonce),
      wrappedDataKey: toBytes(creds!.wrapped_data_key),
      wrappedDataKeyNonce: toBytes(creds!.wrapped_data_key_nonce),
      keyVersion: creds!.key_version as number,
    };
    expect(await open(sealed, await readMasterKeyring(env), id)).toBe(instance.adminKey);
    expect(JSON.stringify(creds)).not.toContain(instance.adminKey);
    expect(creds!.admin_openberth_user_id).toBe(instance.adminUserId);

    const list = await (await client.fetch("/workspaces")).text();
    expect(list).toContain("Marketing Site");
    expect(list).toContain("14 days left in your trial");
  });

  it("a double-submitted form creates one workspace", async () => {
    const client = await signedIn("double@example.com");
    const token = requestId();
    const a = await client.fetch("/workspaces/new", { form: { name: "Twice", region: "eu-west", requestId: token } });
    const b = await client.fetch("/workspaces/new", { form: { name: "Twice", region: "eu-west", requestId: token } });
    expect(a.status).toBe(302);
    expect(b.headers.get("location")).toBe(a.headers.get("location"));
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM workspaces WHERE created_by_account_id = ?")
      .bind(await accountId("double@example.com"))
      .first<{ n: number }>())!;
    expect(n).toBe(1);
  });

  it("enforces the plan's workspace limit with a message naming the plan that allows more", async () => {
    const client = await signedIn("limited@example.com");
    await createWorkspace(client, "Only one");
    const res = await client.fetch("/workspaces/new", { form: { name: "A second", region: "eu-west", requestId: requestId() } });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("Your Trial plan includes 1 workspace. The Pro plan allows up to 5.");
    const page = await (await client.fetch("/workspaces/new")).text();
    expect(page).toContain('data-testid="create-refused"');
  });

  it("offers only the regions the plan allows", async () => {
    const client = await signedIn("hobbyist@example.com");
    await env.DB.prepare("UPDATE accounts SET plan_id = 'hobby@1' WHERE email = 'hobbyist@example.com'").run();
    const res = await client.fetch("/workspaces/new", { form: { name: "US site", region: "us-east", requestId: requestId() } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Your Hobby plan doesn&#x27;t include that location");
    const page = await (await client.fetch("/workspaces/new")).text();
    expect(page.match(/<input[^>]*value="us-east"[^>]*>/)?.[0]).toContain("disabled");
    expect(page.match(/<input[^>]*value="eu-west"[^>]*>/)?.[0]).not.toContain("disabled");
  });

  it("any language works, and slugs stay unique and never reserved", async () => {
    const client = await signedIn("polyglot@example.com");
    await env.DB.prepare("UPDATE accounts SET plan_id = 'pro@1' WHERE email = 'polyglot@example.com'").run();
    expect((await createWorkspace(client, "日本語のサイト")).slug).toBe("workspace");
    expect((await createWorkspace(client, "Admin")).slug).toBe("admin-2");
    const other = await signedIn("polyglot2@example.com");
    await env.DB.prepare("UPDATE accounts SET plan_id = 'pro@1' WHERE email = 'polyglot2@example.com'").run();
    expect((await createWorkspace(other, "日本語")).slug).toBe("workspace-2");
  });

  it.each([
    ["an empty name", { name: "   ", region: "eu-west" }, "Please give your workspace a name."],
    ["a name over 60 characters", { name: "x".repeat(61), region: "eu-west" }, "Please keep the name to 60 characters or fewer."],
    ["no region", { name: "Fine" }, "Please choose where your workspace should live."],
    ["an unknown region", { name: "Fine", region: "mars-north" }, "Please choose where your workspace should live."],
    ["no form token", { name: "Fine", region: "eu-west", requestId: "" }, "Something changed while you were on this page."],
  ])("refuses %s with a plain message and creates nothing", async (_label, form, message) => {
    const client = await signedIn("validation@example.com");
    const res = await client.fetch("/workspaces/new", { form: { requestId: requestId(), ...form } as Record<string, string> });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message.replaceAll("'", "&#x27;"));
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM workspaces WHERE created_by_account_id = ?")
      .bind(await accountId("validation@example.com"))
      .first<{ n: number }>())!;
    expect(n).toBe(0);
  });
});

describe("renaming and deleting", () => {
  it("renames, keeping the address", async () => {
    const client = await signedIn("renamer@example.com");
    const { slug } = await createWorkspace(client, "Old name");
    const res = await client.fetch(`/workspaces/${slug}?index`, { form: { intent: "rename", name: "  Nouveau nom  " } });
    expect(res.status).toBe(302);
    const html = await (await client.fetch(`/workspaces/${slug}`)).text();
    expect(html).toContain("<h1>Nouveau nom</h1>");
    const bad = await client.fetch(`/workspaces/${slug}?index`, { form: { intent: "rename", name: "" } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Please give your workspace a name.");
  });

  it("deletes only when the name is typed exactly; the server is destroyed, the row kept, the slug freed", async () => {
    const client = await signedIn("deleter@example.com");
    const { slug, id } = await createWorkspace(client, "Doomed");
    await pumpUntil(id, "ready");

    const wrong = await client.fetch(`/workspaces/${slug}?index`, { form: { intent: "delete", confirmName: "doomed" } });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("The name you typed doesn&#x27;t match.");
    expect((await lifecycleOf(id))?.desired_state).toBe("running");

    const right = await client.fetch(`/workspaces/${slug}?index`, { form: { intent: "delete", confirmName: "Doomed" } });
    expect(right.headers.get("location")).toBe("/workspaces");
    expect((await lifecycleOf(id))?.lifecycle_state).toBe("deprovisioning");
    expect(await (await client.fetch("/workspaces")).text()).toContain("Deleting");

    await pumpUntil(id, "deleted");
    const row = await lifecycleOf(id);
    expect(row).toMatchObject({ lifecycle_state: "deleted", workspace_state: "deleted", desired_state: "deleted" });
    expect(row!.deleted_at).toBeTypeOf("number");
    const infra = createInfraClient({ baseUrl: env.INFRA_API_URL, token: env.INFRA_API_TOKEN });
    expect((await infra.get(row!.infra_resource_id!))?.state).toBe("deleted");

    // Gone from the list and from its address; the name and slug can be used again.
    expect(await (await client.fetch("/workspaces")).text()).not.toContain("Doomed");
    expect((await client.fetch(`/workspaces/${slug}`)).status).toBe(404);
    expect((await createWorkspace(client, "Doomed")).slug).toBe("doomed");
    const timeline = await env.DB.prepare("SELECT reason FROM workspace_events WHERE workspace_id = ? ORDER BY created_at")
      .bind(id)
      .all<{ reason: string }>();
    expect(timeline.results.map((r) => r.reason)).toEqual(["created", "setup_started", "ready", "delete_requested", "deleted"]);
  });
});

describe("the timeline and what comes next", () => {
  it("lists every change with its reason, and says when the trial will pause it", async () => {
    const client = await signedIn("timeline@example.com");
    const { slug, id } = await createWorkspace(client, "Chronicle");
    await pumpUntil(id, "ready");
    const html = await (await client.fetch(`/workspaces/${slug}`)).text();
    expect(html).toContain("Workspace created.");
    expect(html).toContain("We started setting it up.");
    expect(html).toContain("It&#x27;s ready to use.");
    expect(html).toContain("It will pause when the free trial ends, on");
  });
});
