/**
 * What each infra fault must end in (issue 4 §7), against the infra stand-in's fault controls.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { coordinatorFor } from "../../server/bindings/coordinator";
import { AppClient, startLogCapture, waitFor } from "./support/app-client";
import { readyWorkspace, signedIn, type Person } from "./support/fixtures";
import { createWorkspace, eventPump, infraClient as infra, infraControl, lifecycleOf, pumpUntil } from "./support/infra-world";
import { reasonsOf } from "./support/records";

let client: AppClient;
let owner: Person;

beforeAll(async () => {
  owner = await signedIn({ plan: "pro@1" });
  client = owner.client;
});
afterEach(async () => {
  await infraControl("faults", { failNextProvisions: 0, dropNextProvisionResponses: 0 });
});

/** Runs the coordinator's pending alarm now instead of waiting out its backoff. */
async function runAlarm(workspaceId: string) {
  return runDurableObjectAlarm(coordinatorFor(env, workspaceId));
}

describe("infra faults", () => {
  it("provision fails → retried with backoff → Having trouble with Try again → Ready after trying again", async () => {
    const capture = startLogCapture();
    await infraControl("faults", { failNextProvisions: 6 });
    const { id, slug } = await createWorkspace(client, "Unlucky");
    await waitFor(async () => capture.lines.some((l) => l.event === "coordinator.infra_call_retrying" && l.workspaceId === id));
    // Six attempts in all (at once, then after 1, 2, 4, 8 and 16 s — run here without waiting).
    for (let i = 0; i < 6 && (await lifecycleOf(id))?.lifecycle_state !== "failed"; i++) await runAlarm(id);
    await waitFor(async () => (await lifecycleOf(id))?.lifecycle_state === "failed");
    capture.stop();
    const waits = capture.lines
      .filter((l) => l.event === "coordinator.infra_call_retrying" && l.workspaceId === id)
      .map((l) => l.waitMs);
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    const page = await (await client.fetch(`/workspaces/${slug}`)).text();
    expect(page).toContain("Having trouble");
    expect(page).toContain(">Try again</button>");
    expect(page).toContain("We couldn&#x27;t finish setting it up.");
    expect((await infra().list({ workspaceId: id })).instances).toEqual([]);

    const retry = await client.fetch(`/workspaces/${slug}?index`, { form: { intent: "retry" } });
    expect(retry.status).toBe(302);
    expect((await lifecycleOf(id))?.lifecycle_state).toBe("provisioning");
    await pumpUntil(id, "ready");
  });

  it("provision succeeded but the answer was lost → the retry adopts the same instance (no second server)", async () => {
    await infraControl("faults", { dropNextProvisionResponses: 1 });
    const { id } = await createWorkspace(client, "Lost answer");
    await waitFor(async () => (await infra().list({ workspaceId: id })).instances.length === 1);
    await waitFor(async () => (await lifecycleOf(id))?.last_error != null, 5_000);
    await runAlarm(id);
    await pumpUntil(id, "ready");
    const instances = (await infra().list({ workspaceId: id, includeDeleted: true })).instances;
    expect(instances).toHaveLength(1);
    expect((await lifecycleOf(id))?.infra_resource_id).toBe(instances[0]!.resourceId);
  });

  it("an instance crashes → Having trouble, then Ready again when it comes back", async () => {
    const { id, slug, resourceId } = await readyWorkspace({ plan: "pro@1", role: "owner", owner, name: "Crashy" });
    // Down until the page has been seen: a timed recovery could come back before the
    // queue had delivered the crash (its batches wait up to a second), so the page would
    // never be seen in trouble.
    await infraControl(`instances/${resourceId}/crash`, {});
    await pumpUntil(id, "failed");
    expect(await (await client.fetch(`/workspaces/${slug}`)).text()).toContain("Having trouble");
    // …and then it comes back on its own (the stand-in boots it again at once).
    await infraControl(`instances/${resourceId}/crash`, { recoverAfterMs: 0 });
    await pumpUntil(id, "ready");
    expect((await reasonsOf(id)).slice(-3)).toEqual(["crashed", "restarting", "ready"]);
  });

  it("an unknown state → Having trouble and an alert log line", async () => {
    const capture = startLogCapture();
    const { id, slug, resourceId } = await readyWorkspace({ plan: "pro@1", role: "owner", owner, name: "Odd" });
    await infraControl(`instances/${resourceId}/emit`, { state: "melting" });
    await pumpUntil(id, "unknown");
    capture.stop();
    expect(await (await client.fetch(`/workspaces/${slug}`)).text()).toContain("Having trouble");
    expect(capture.lines.find((l) => l.event === "coordinator.unknown_infra_state")).toMatchObject({
      level: "alert",
      raw: "melting",
      workspaceId: id,
    });
  });

  it("events delayed, duplicated and reordered by the infra service → the newest sequence's state", async () => {
    await infraControl("faults", { eventDelayMs: 200, duplicateEvents: true, reorderEvents: true });
    try {
      const { id } = await createWorkspace(client, "Jumbled");
      const pump = eventPump(id);
      await waitFor(async () => (await infra().list({ workspaceId: id })).instances[0]?.state === "running", 5_000);
      await pump({ shuffle: true, duplicate: true });
      await waitFor(async () => (await lifecycleOf(id))?.lifecycle_state === "ready");
      expect(await lifecycleOf(id)).toMatchObject({ infra_sequence: 4, infra_state: "running" });
    } finally {
      await infraControl("faults", { eventDelayMs: 0, duplicateEvents: false, reorderEvents: false });
    }
  });
});
