import { describe, expect, it } from "vitest";
import { SUSPENSION_REASONS, WORKSPACE_STATES } from "../../../domain/lifecycle/states";
import { statusOf } from "../../../domain/lifecycle/status";
import { isChanging } from "../../../domain/lifecycle/lifecycle-decisions";
import { PAUSED_DESCRIPTIONS, STATE_DESCRIPTIONS } from "../../../domain/vocabulary";

describe("statusOf", () => {
  it.each([
    ["pending", "Setting up", "progress", true],
    ["provisioning", "Setting up", "progress", true],
    ["ready", "Ready", "ok", false],
    ["suspended", "Paused", "paused", false],
    ["failed", "Having trouble", "trouble", false],
    ["unknown", "Having trouble", "trouble", false],
    ["deprovisioning", "Deleting", "progress", true],
    ["deleted", "Deleted", "gone", false],
  ] as const)("%s → %s (%s, live %s)", (state, label, tone, live) => {
    const status = statusOf(state, null);
    expect(status).toEqual({ label, tone, description: STATE_DESCRIPTIONS[state] });
    // Live refresh is not the status's: isChanging() decides it (here with no change asked for).
    expect(isChanging(null, state)).toBe(live);
    expect(status.description.length).toBeGreaterThan(0);
  });

  it("gives each state its own line", () => {
    const lines = WORKSPACE_STATES.map((s) => statusOf(s, null).description);
    expect(new Set(lines).size).toBe(WORKSPACE_STATES.length);
  });

  it("explains a pause by its reason and says what happens next", () => {
    expect(statusOf("suspended", "trial_ended").description).toBe(
      "Your free trial has ended, so this workspace is paused. Your work is kept safe; choose a plan to switch it back on.",
    );
    for (const reason of SUSPENSION_REASONS) {
      const status = statusOf("suspended", reason);
      expect(status.label).toBe("Paused");
      expect(status.description).toBe(PAUSED_DESCRIPTIONS[reason]);
      expect(status.description).toMatch(/paused/);
      expect(status.description).toMatch(/switch it back on/);
    }
    expect(new Set(SUSPENSION_REASONS.map((r) => PAUSED_DESCRIPTIONS[r])).size).toBe(SUSPENSION_REASONS.length);
  });

  it("ignores a leftover reason once the workspace is no longer paused", () => {
    expect(statusOf("ready", "trial_ended")).toEqual(statusOf("ready", null));
    expect(statusOf("provisioning", "payment_failed")).toEqual(statusOf("provisioning", null));
  });
});
