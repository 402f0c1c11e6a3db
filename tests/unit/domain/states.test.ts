import { describe, expect, it } from "vitest";
import {
  DESIRED_STATES,
  SUSPENSION_REASONS,
  WORKSPACE_STATES,
  isDesiredState,
  isSuspensionReason,
  isTerminal,
  isTransitional,
  isWorkspaceState,
} from "../../../domain/lifecycle/states";

describe("lifecycle states", () => {
  it("has the eight workspace states, three desired states and three pause reasons", () => {
    expect(WORKSPACE_STATES).toEqual([
      "pending",
      "provisioning",
      "ready",
      "suspended",
      "failed",
      "unknown",
      "deprovisioning",
      "deleted",
    ]);
    expect(DESIRED_STATES).toEqual(["running", "suspended", "deleted"]);
    expect(SUSPENSION_REASONS).toEqual(["trial_ended", "payment_failed", "downgrade"]);
  });

  it("type guards accept members and refuse everything else", () => {
    for (const s of WORKSPACE_STATES) expect(isWorkspaceState(s)).toBe(true);
    for (const s of DESIRED_STATES) expect(isDesiredState(s)).toBe(true);
    for (const s of SUSPENSION_REASONS) expect(isSuspensionReason(s)).toBe(true);
    for (const junk of ["", "READY", "running ", "toString", null, undefined, 0, {}]) {
      expect(isWorkspaceState(junk)).toBe(false);
      expect(isDesiredState(junk)).toBe(false);
      expect(isSuspensionReason(junk)).toBe(false);
    }
    expect(isWorkspaceState("running")).toBe(false); // a desired state, not an observed one
    expect(isDesiredState("ready")).toBe(false);
  });

  it.each([
    ["pending", true, false],
    ["provisioning", true, false],
    ["ready", false, false],
    ["suspended", false, false],
    ["failed", false, false],
    ["unknown", false, false],
    ["deprovisioning", true, false],
    ["deleted", false, true],
  ] as const)("%s: transitional %s, terminal %s", (state, transitional, terminal) => {
    expect(isTransitional(state)).toBe(transitional);
    expect(isTerminal(state)).toBe(terminal);
  });
});
