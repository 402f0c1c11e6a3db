/**
 * An ended trial is enforced when a request arrives, not when the hourly sweep gets round
 * to pausing the workspace: with the app's clock past the billing owner's trial end and no
 * sweep run, changes through the real form actions are refused in the paused page's words
 * and nothing reaches the OpenBerth server; renaming and looking around still work.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppClient } from "./support/app-client";
import { readyWorkspace, setPlan } from "./support/fixtures";
import { adminKeyOf, lifecycleOf } from "./support/infra-world";

const DAY = 24 * 60 * 60 * 1000;
const TRIAL_ENDED =
  "Your free trial has ended, so this workspace is paused. Your work is kept safe; choose a plan to switch it back on.";

let owner: AppClient;
let paidAdmin: AppClient;
let slug: string;
let workspaceId: string;
let adminKey: string;
const base = () => `/workspaces/${slug}`;

/** What the workspace's OpenBerth server holds, read with its admin key (never through Harbor). */
async function openBerthState() {
  const { endpoint_url } = (await lifecycleOf(workspaceId))!;
  const read = async (path: string) =>
    (await fetch(`${endpoint_url}${path}`, { headers: { Authorization: `Bearer ${adminKey}` } })).json();
  return {
    deployments: await read("/api/deployments"),
    secrets: await read("/api/secrets"),
    users: await read("/api/admin/users"),
    settings: await read("/api/admin/settings"),
  };
}

beforeAll(async () => {
  // The owner is on the trial; an admin is on a paid plan of their own: the workspace is
  // still judged by its billing owner.
  const ws = await readyWorkspace({ plan: "trial@1", role: "admin", name: "Past the end" });
  ({ slug, id: workspaceId } = ws);
  owner = ws.owner.client;
  paidAdmin = ws.client;
  await setPlan(ws.as.email, "pro@1", { trialEndsAt: null });
  adminKey = await adminKeyOf(workspaceId);

  // 15 days pass on the app's clock; the hourly sweep does NOT run.
  await owner.fetch("/__test/clock", { json: { advanceMs: 15 * DAY } });
});

afterAll(async () => {
  await owner.fetch("/__test/clock", { json: { reset: true } });
});

describe("a trial that ended before the sweep ran", () => {
  it("refuses deploys, sandboxes, access keys, secrets and settings, and the server is untouched", async () => {
    const before = await openBerthState();
    const attempts: [string, AppClient, string, Record<string, string>][] = [
      [
        "deploy",
        owner,
        "/deployments/new",
        { intent: "paste", name: "too-late", fileName: "index.html", code: "<p>x</p>", ttl: "24h" },
      ],
      ["sandbox", owner, "/sandboxes/new", { intent: "create", name: "too-late-sb", fileName: "index.html", code: "x" }],
      ["access key", owner, "/access-keys", { intent: "create", name: "late-key" }],
      ["secret", owner, "/secrets", { intent: "set", name: "LATE_SECRET", value: "v", scope: "global" }],
      ["settings", owner, "/settings", { intent: "save", memory: "256m", cpus: "", quota: "", reset: "30d" }],
      ["secret, by a paid admin", paidAdmin, "/secrets", { intent: "set", name: "ADMIN_SECRET", value: "v", scope: "global" }],
    ];
    for (const [what, client, path, form] of attempts) {
      const res = await client.fetch(`${base()}${path}`, { form });
      expect([403, 409], what).toContain(res.status);
      expect(await res.text(), what).toContain(TRIAL_ENDED);
    }
    expect(await openBerthState()).toEqual(before);
    // Refused at request time: the workspace itself was not paused by anyone.
    expect(await lifecycleOf(workspaceId)).toMatchObject({ lifecycle_state: "ready", desired_state: "running" });
  });

  it("the pages still load and say why, without offering what would be refused", async () => {
    const overview = await owner.fetch(base());
    expect(overview.status).toBe(200);
    const html = await overview.text();
    expect(html).toContain(">Paused<");
    expect(html).toContain(TRIAL_ENDED);
    // Renaming is still offered while paused (it needs no server), on Settings.
    expect(await (await owner.fetch(`${base()}/settings`)).text()).toContain('value="rename"');

    for (const path of ["/deployments", "/access-keys", "/secrets", "/settings", "/deployments/new"]) {
      const res = await owner.fetch(`${base()}${path}`);
      expect(res.status, path).toBe(200);
      const page = await res.text();
      expect(page, path).toContain(TRIAL_ENDED);
      // Said by the paused notice, not again as a refusal.
      expect(page, path).toContain('data-testid="server-gate"');
      expect(page, path).not.toMatch(new RegExp(`class="notice warn"[^>]*>${TRIAL_ENDED}`));
    }
    expect(await (await owner.fetch(`${base()}/deployments`)).text()).not.toContain("New deployment");
  });

  it("renaming still works", async () => {
    const res = await owner.fetch(`${base()}/settings`, { form: { intent: "rename", name: "Renamed after the end" } });
    expect(res.status).toBe(302);
    expect((await lifecycleOf(workspaceId))!.name).toBe("Renamed after the end");
    expect(await (await owner.fetch(base())).text()).toContain("Renamed after the end");
  });
});
