/**
 * Every dashboard action checks the role table through authorize(): owner, admin and
 * member per the foundation's table; anyone else is told the workspace does not exist.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type AppClient, waitFor } from "./support/app-client";
import { joinAs, readyWorkspace, signedIn } from "./support/fixtures";

type Role = "owner" | "admin" | "member" | "stranger";
const clients = {} as Record<Role, AppClient>;
let slug: string;
let deploymentId: string;
const base = () => `/workspaces/${slug}`;
/** Numbers the names of what the actions make (each must be new). */
let made = 0;

beforeAll(async () => {
  const ws = await readyWorkspace({ plan: "pro@1", role: "admin", name: "Permissions" });
  ({ slug } = ws);
  clients.owner = ws.owner.client;
  clients.admin = ws.client;
  clients.member = (await joinAs(ws, "member")).client;
  clients.stranger = (await signedIn()).client;
  const res = await clients.owner.fetch(`${base()}/deployments/new`, {
    form: { intent: "paste", name: "shared-site", fileName: "index.html", code: "x", ttl: "24h" },
  });
  deploymentId = /([0-9a-v]{20})$/.exec(res.headers.get("location") ?? "")![1]!;
  await waitFor(
    async () => (await clients.owner.fetch(`${base()}/deployments/${deploymentId}`).then((r) => r.text())).includes(">Live<"),
    10_000,
  );
});

// Written out, not derived from the code under test. ok = the action went through.
const ACTIONS: { name: string; run: (c: AppClient) => Promise<Response>; expected: Record<Role, "ok" | 403 | 404> }[] = [
  {
    name: "view deployments",
    run: (c) => c.fetch(`${base()}/deployments`),
    expected: { owner: "ok", admin: "ok", member: "ok", stranger: 404 },
  },
  {
    name: "view a deployment",
    run: (c) => c.fetch(`${base()}/deployments/${deploymentId}`),
    expected: { owner: "ok", admin: "ok", member: "ok", stranger: 404 },
  },
  {
    name: "view its log",
    run: (c) => c.fetch(`${base()}/deployments/${deploymentId}/logs`),
    expected: { owner: "ok", admin: "ok", member: "ok", stranger: 404 },
  },
  {
    name: "create a deployment",
    run: (c) =>
      c.fetch(`${base()}/deployments/new`, {
        form: {
          intent: "paste",
          name: `made-${++made}`,
          fileName: "index.html",
          code: "x",
          ttl: "1h",
        },
      }),
    expected: { owner: "ok", admin: "ok", member: "ok", stranger: 404 },
  },
  {
    name: "edit a deployment",
    run: (c) => c.fetch(`${base()}/deployments/${deploymentId}`, { form: { intent: "edit", title: "t" } }),
    expected: { owner: "ok", admin: "ok", member: "ok", stranger: 404 },
  },
  {
    name: "create a sandbox",
    run: (c) =>
      c.fetch(`${base()}/sandboxes/new`, {
        form: { intent: "create", name: `sb-${++made}`, fileName: "index.html", code: "x" },
      }),
    expected: { owner: "ok", admin: "ok", member: "ok", stranger: 404 },
  },
  {
    name: "create an access key",
    run: (c) => c.fetch(`${base()}/access-keys`, { form: { intent: "create", name: `key-${++made}` } }),
    expected: { owner: "ok", admin: "ok", member: 403, stranger: 404 },
  },
  {
    name: "open an access key",
    run: (c) => c.fetch(`${base()}/access-keys/someone`),
    expected: { owner: 404, admin: 404, member: 403, stranger: 404 },
  },
  {
    name: "rotate an access key",
    run: (c) => c.fetch(`${base()}/access-keys/someone`, { form: { intent: "rotate" } }),
    expected: { owner: 404, admin: 404, member: 403, stranger: 404 },
  },
  {
    name: "save a secret",
    run: (c) => c.fetch(`${base()}/secrets`, { form: { intent: "set", name: "PERM_TEST", value: "v", scope: "global" } }),
    expected: { owner: "ok", admin: "ok", member: 403, stranger: 404 },
  },
  {
    name: "delete a secret",
    run: (c) =>
      c.fetch(`${base()}/secrets`, { form: { intent: "delete", name: "PERM_TEST", scope: "global", confirmed: "yes" } }),
    expected: { owner: "ok", admin: "ok", member: 403, stranger: 404 },
  },
  {
    name: "save settings",
    run: (c) => c.fetch(`${base()}/settings`, { form: { intent: "save", memory: "", cpus: "", quota: "", reset: "30d" } }),
    expected: { owner: "ok", admin: "ok", member: 403, stranger: 404 },
  },
];

describe("the role table, action by action", () => {
  for (const action of ACTIONS) {
    it.each(["stranger", "member", "admin", "owner"] as Role[])(`${action.name}: %s`, async (role) => {
      const res = await action.run(clients[role]);
      const expected = action.expected[role];
      if (expected === "ok") expect(res.status, await res.clone().text()).toBeLessThan(400);
      else expect(res.status).toBe(expected);
      if (expected === 403) expect(await res.text()).toContain("Only the workspace owner or an admin can do this.");
    });
  }

  it("a member sees why the owner-and-admin pages are closed, instead of an error", async () => {
    for (const page of ["access-keys", "secrets", "settings"]) {
      const res = await clients.member.fetch(`${base()}/${page}`);
      expect(res.status, page).toBe(200);
      expect(await res.text(), page).toContain("Only the workspace owner or an admin can do this.");
    }
  });

  it("deleting a deployment: members may (the role table), strangers may not", async () => {
    expect(
      (await clients.stranger.fetch(`${base()}/deployments/${deploymentId}`, { form: { intent: "delete", confirmed: "yes" } }))
        .status,
    ).toBe(404);
    const res = await clients.member.fetch(`${base()}/deployments/${deploymentId}`, {
      form: { intent: "delete", confirmed: "yes" },
    });
    expect(res.headers.get("location")).toBe(`${base()}/deployments`);
  });
});
