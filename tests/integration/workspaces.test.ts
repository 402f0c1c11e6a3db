import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { open } from "../../server/crypto/envelope";
import { readMasterKeyring } from "../../server/bindings/master-keyring";
import { readyWorkspace, signedIn } from "./support/fixtures";
import { createWorkspace, infraClient, lifecycleOf, pumpUntil, requestId } from "./support/infra-world";
import { credentialsOf, reasonsOf, workspacesCreatedBy } from "./support/records";

describe("creating a workspace", () => {
  it("returns at once showing Setting up, then becomes Ready with its server's key sealed", async () => {
    const { client } = await signedIn();
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
    const creds = await credentialsOf(id);
    const { instance } = await infraClient().provision(id, "eu-west");
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
    const { client, accountId } = await signedIn();
    const token = requestId();
    const a = await client.fetch("/workspaces/new", {
      form: { intent: "create", name: "Twice", region: "eu-west", requestId: token },
    });
    const b = await client.fetch("/workspaces/new", {
      form: { intent: "create", name: "Twice", region: "eu-west", requestId: token },
    });
    expect(a.status).toBe(302);
    expect(b.headers.get("location")).toBe(a.headers.get("location"));
    expect(await workspacesCreatedBy(accountId)).toBe(1);
  });

  it("enforces the plan's workspace limit with a message naming the plan that allows more", async () => {
    const { client } = await signedIn();
    await createWorkspace(client, "Only one");
    const res = await client.fetch("/workspaces/new", {
      form: { intent: "create", name: "A second", region: "eu-west", requestId: requestId() },
    });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("Your Trial plan includes 1 workspace. The Pro plan allows up to 5.");
    const page = await (await client.fetch("/workspaces/new")).text();
    expect(page).toContain('data-testid="create-refused"');
  });

  it("offers only the regions the plan allows", async () => {
    const { client } = await signedIn({ plan: "hobby@1" });
    const res = await client.fetch("/workspaces/new", {
      form: { intent: "create", name: "US site", region: "us-east", requestId: requestId() },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Your Hobby plan doesn&#x27;t include that location");
    const page = await (await client.fetch("/workspaces/new")).text();
    expect(page.match(/<input[^>]*value="us-east"[^>]*>/)?.[0]).toContain("disabled");
    expect(page.match(/<input[^>]*value="eu-west"[^>]*>/)?.[0]).not.toContain("disabled");
  });

  it("any language works, and slugs stay unique and never reserved", async () => {
    const { client } = await signedIn({ plan: "pro@1" });
    expect((await createWorkspace(client, "日本語のサイト")).slug).toBe("workspace");
    expect((await createWorkspace(client, "Admin")).slug).toBe("admin-2");
    const { client: other } = await signedIn({ plan: "pro@1" });
    expect((await createWorkspace(other, "日本語")).slug).toBe("workspace-2");
  });

  it.each([
    ["an empty name", { name: "   ", region: "eu-west" }, "Please give your workspace a name."],
    ["a name over 60 characters", { name: "x".repeat(61), region: "eu-west" }, "Please keep the name to 60 characters or fewer."],
    ["no region", { name: "Fine" }, "Please choose where your workspace should live."],
    ["an unknown region", { name: "Fine", region: "mars-north" }, "Please choose where your workspace should live."],
    ["no form token", { name: "Fine", region: "eu-west", requestId: "" }, "Something changed while you were on this page."],
  ])("refuses %s with a plain message and creates nothing", async (_label, form, message) => {
    const { client, accountId } = await signedIn();
    const res = await client.fetch("/workspaces/new", {
      form: { intent: "create", requestId: requestId(), ...form } as Record<string, string>,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(message.replaceAll("'", "&#x27;"));
    expect(await workspacesCreatedBy(accountId)).toBe(0);
  });
});

describe("renaming and deleting", () => {
  it("renames on Settings, keeping the address, saying so, and recording it on the timeline", async () => {
    const { client } = await signedIn();
    const { slug } = await createWorkspace(client, "Old name");
    const res = await client.fetch(`/workspaces/${slug}/settings`, { form: { intent: "rename", name: "  Nouveau nom  " } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/workspaces/${slug}/settings`);
    expect(await (await client.fetch(res.headers.get("location")!)).text()).toContain("Renamed to Nouveau nom.");
    const html = await (await client.fetch(`/workspaces/${slug}`)).text();
    expect(html).toContain("<h1>Nouveau nom</h1>");
    expect(html).toContain("It was given a new name.");
    const bad = await client.fetch(`/workspaces/${slug}/settings`, { form: { intent: "rename", name: "" } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Please give your workspace a name.");
  });

  it("deletes only once the question is answered; the server is destroyed, the row kept, the slug freed", async () => {
    const { client, slug, id } = await readyWorkspace({ plan: "trial@1", role: "owner", name: "Doomed" });

    const asked = await client.fetch(`/workspaces/${slug}/settings`, { form: { intent: "delete" } });
    expect(asked.status).toBe(200);
    const question = await asked.text();
    expect(question).toContain("Delete the workspace Doomed?");
    expect(question).toContain("Yes, delete Doomed");
    expect((await lifecycleOf(id))?.desired_state).toBe("running");

    const right = await client.fetch(`/workspaces/${slug}/settings`, { form: { intent: "delete", confirmed: "yes" } });
    expect(right.headers.get("location")).toBe("/workspaces");
    expect(await (await client.fetch("/workspaces")).text()).toContain("Deleted workspace Doomed.");
    expect((await lifecycleOf(id))?.lifecycle_state).toBe("deprovisioning");
    expect(await (await client.fetch("/workspaces")).text()).toContain("Deleting");

    await pumpUntil(id, "deleted");
    const row = await lifecycleOf(id);
    expect(row).toMatchObject({ lifecycle_state: "deleted", workspace_state: "deleted", desired_state: "deleted" });
    expect(row!.deleted_at).toBeTypeOf("number");
    expect((await infraClient().get(row!.infra_resource_id!))?.state).toBe("deleted");

    // Gone from the list and from its address; the name and slug can be used again.
    expect(await (await client.fetch("/workspaces")).text()).not.toContain("Doomed");
    expect((await client.fetch(`/workspaces/${slug}`)).status).toBe(404);
    expect((await createWorkspace(client, "Doomed")).slug).toBe("doomed");
    expect(await reasonsOf(id)).toEqual(["created", "setup_started", "ready", "delete_requested", "deleted"]);
  });
});

describe("the timeline and what comes next", () => {
  it("lists every change with its reason, and says when the trial will pause it", async () => {
    const { client, slug } = await readyWorkspace({ plan: "trial@1", role: "owner", name: "Chronicle" });
    const html = await (await client.fetch(`/workspaces/${slug}`)).text();
    expect(html).toContain("Workspace created.");
    // Started at once after "created", so said once, not twice in the same minute.
    expect(html).not.toContain("We started setting it up.");
    expect(html.match(/<strong>Setting up\.<\/strong>/g) ?? []).toHaveLength(1);
    expect(html).toContain("It&#x27;s ready to use.");
    expect(html).toContain("It will pause when the free trial ends, on");
  });
});
