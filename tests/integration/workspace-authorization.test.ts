/**
 * Every workspace route and action goes through authorize(): a non-member is told the
 * workspace does not exist (404), a member without the permission gets 403, and the
 * role table of the foundation issue holds for every action. Admin and member
 * memberships are made with a fixture (the invitation UI arrives in a later phase).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { AppClient } from "./support/app-client";
import { joinAs, readyWorkspace, signedIn } from "./support/fixtures";
import { lifecycleOf } from "./support/infra-world";

let owner: AppClient;
let stranger: AppClient;
const byRole: Record<"admin" | "member", AppClient> = {} as never;
let slug: string;
let workspaceId: string;

beforeAll(async () => {
  const ws = await readyWorkspace({ plan: "trial@1", role: "admin", name: "Shared space" });
  ({ slug, id: workspaceId } = ws);
  owner = ws.owner.client;
  byRole.admin = ws.client;
  byRole.member = (await joinAs(ws, "member")).client;
  stranger = (await signedIn()).client;
});

describe("another account's workspace does not exist for you", () => {
  it("answers 404 on every route and every action, data requests included", async () => {
    const attempts: [string, RequestInit & { form?: Record<string, string> }][] = [
      [`/workspaces/${slug}`, {}],
      [`/workspaces/${slug}.data`, {}],
      // Forms post to the workspace page's own action (`?index`).
      [`/workspaces/${slug}?index`, { form: { intent: "rename", name: "Mine now" } }],
      [`/workspaces/${slug}?index`, { form: { intent: "delete", confirmed: "yes" } }],
      [`/workspaces/${slug}?index`, { form: { intent: "retry" } }],
      [`/workspaces/${slug}?index`, { form: { intent: "nonsense" } }],
      [`/workspaces/${slug}.data?index`, { form: { intent: "delete", confirmed: "yes" } }],
    ];
    for (const [path, init] of attempts) {
      const res = await stranger.fetch(path, init);
      expect(res.status, `${init.form ? "POST" : "GET"} ${path} ${JSON.stringify(init.form ?? {})}`).toBe(404);
    }
    // And nothing changed.
    expect(await lifecycleOf(workspaceId)).toMatchObject({ lifecycle_state: "ready", desired_state: "running" });
    expect((await lifecycleOf(workspaceId))!.name).toBe("Shared space");
    expect(await (await stranger.fetch("/workspaces")).text()).not.toContain("Shared space");
  });

  it("a made-up or malformed address is the same 404", async () => {
    for (const path of [
      "/workspaces/does-not-exist",
      "/workspaces/UPPER",
      "/workspaces/..%2F..%2Fetc",
      `/workspaces/${"a".repeat(300)}`,
    ]) {
      expect((await owner.fetch(path)).status, path).toBe(404);
    }
  });
});

describe("the role table", () => {
  // Expected outcomes written out, not derived from the code under test.
  const TABLE: { role: "owner" | "admin" | "member"; view: number; rename: number; delete: number }[] = [
    { role: "member", view: 200, rename: 403, delete: 403 },
    { role: "admin", view: 200, rename: 302, delete: 403 },
  ];

  it.each(TABLE)("$role: view $view, rename $rename, delete $delete", async ({ role, view, rename, delete: del }) => {
    const client = byRole[role as "admin" | "member"];
    expect((await client.fetch(`/workspaces/${slug}`)).status).toBe(view);
    expect(await (await client.fetch("/workspaces")).text()).toContain("Shared space");

    const renamed = await client.fetch(`/workspaces/${slug}?index`, { form: { intent: "rename", name: `Renamed by ${role}` } });
    expect(renamed.status).toBe(rename);
    if (rename === 403) expect(await renamed.text()).toContain("Only the workspace owner or an admin can do this.");

    const deleted = await client.fetch(`/workspaces/${slug}?index`, { form: { intent: "delete", confirmed: "yes" } });
    expect(deleted.status).toBe(del);
    expect(await deleted.text()).toContain("Only the workspace owner can do this.");
    expect((await lifecycleOf(workspaceId))?.desired_state).toBe("running");
  });

  it("on Settings, members see no rename or delete forms; admins see rename only", async () => {
    const member = await (await byRole.member.fetch(`/workspaces/${slug}/settings`)).text();
    expect(member).not.toContain('name="intent" value="rename"');
    expect(member).not.toContain('name="intent" value="delete"');
    const admin = await (await byRole.admin.fetch(`/workspaces/${slug}/settings`)).text();
    expect(admin).toContain('value="rename"');
    expect(admin).not.toContain('value="delete"');
    // The overview no longer carries them, for anyone.
    expect(await (await owner.fetch(`/workspaces/${slug}`)).text()).not.toContain('name="intent" value="rename"');
  });

  it("owner: everything, including delete", async () => {
    expect((await owner.fetch(`/workspaces/${slug}?index`, { form: { intent: "rename", name: "Shared space" } })).status).toBe(
      302,
    );
    const res = await owner.fetch(`/workspaces/${slug}?index`, { form: { intent: "delete", confirmed: "yes" } });
    expect(res.status).toBe(302);
    expect((await lifecycleOf(workspaceId))?.desired_state).toBe("deleted");
  });
});
