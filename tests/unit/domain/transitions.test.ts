import { describe, expect, it } from "vitest";
import type { WorkspaceState } from "../../../domain/lifecycle/states";
import { DESIRED_STATES, WORKSPACE_STATES } from "../../../domain/lifecycle/states";
import {
  ALLOWED_TRANSITIONS,
  IllegalTransitionError,
  assertTransition,
  canTransition,
  desiredToTarget,
  isConverged,
} from "../../../domain/lifecycle/transitions";

// Written out by hand from the lifecycle rules, not derived from the module.
const EXPECTED: Record<WorkspaceState, WorkspaceState[]> = {
  pending: ["provisioning", "failed", "deprovisioning", "deleted"],
  provisioning: ["ready", "failed", "unknown", "suspended", "deprovisioning", "deleted"],
  ready: ["provisioning", "suspended", "failed", "unknown", "deprovisioning", "deleted"],
  suspended: ["provisioning", "ready", "failed", "unknown", "deprovisioning", "deleted"],
  failed: ["provisioning", "ready", "suspended", "unknown", "deprovisioning", "deleted"],
  unknown: ["provisioning", "ready", "suspended", "failed", "deprovisioning", "deleted"],
  deprovisioning: ["deleted", "failed", "unknown"],
  deleted: [],
};

const ALL_PAIRS = WORKSPACE_STATES.flatMap((from) => WORKSPACE_STATES.map((to) => [from, to] as const));

describe("workspace transitions", () => {
  it.each(ALL_PAIRS)("%s → %s follows the table", (from, to) => {
    const expected = EXPECTED[from].includes(to);
    expect(canTransition(from, to)).toBe(expected);
    if (expected) {
      expect(() => assertTransition(from, to)).not.toThrow();
    } else {
      expect(() => assertTransition(from, to)).toThrow(IllegalTransitionError);
    }
  });

  it("exports the same table it enforces", () => {
    for (const state of WORKSPACE_STATES) {
      expect([...ALLOWED_TRANSITIONS[state]].sort()).toEqual([...EXPECTED[state]].sort());
    }
  });

  it("same-state updates are not transitions (callers treat them as no-ops)", () => {
    for (const state of WORKSPACE_STATES) expect(canTransition(state, state)).toBe(false);
  });

  it("deleted is terminal: nothing leaves it", () => {
    for (const to of WORKSPACE_STATES) expect(canTransition("deleted", to)).toBe(false);
  });

  it("unknown can go anywhere but back to pending", () => {
    expect(canTransition("unknown", "pending")).toBe(false);
    expect(canTransition("unknown", "deleted")).toBe(true);
    expect(canTransition("unknown", "ready")).toBe(true);
  });

  it("nothing returns to pending", () => {
    for (const from of WORKSPACE_STATES) expect(canTransition(from, "pending")).toBe(false);
  });

  it("IllegalTransitionError carries both ends", () => {
    try {
      assertTransition("deleted", "ready");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IllegalTransitionError);
      expect(error).toBeInstanceOf(Error);
      const e = error as IllegalTransitionError;
      expect(e.name).toBe("IllegalTransitionError");
      expect(e.from).toBe("deleted");
      expect(e.to).toBe("ready");
      expect(e.message).toContain("deleted");
    }
  });

  it("the table cannot be edited at runtime", () => {
    expect(Object.isFrozen(ALLOWED_TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(ALLOWED_TRANSITIONS.ready)).toBe(true);
  });
});

describe("desired vs observed", () => {
  it("maps each intent to the state that satisfies it", () => {
    expect(desiredToTarget("running")).toBe("ready");
    expect(desiredToTarget("suspended")).toBe("suspended");
    expect(desiredToTarget("deleted")).toBe("deleted");
  });

  it.each(DESIRED_STATES.flatMap((d) => WORKSPACE_STATES.map((o) => [d, o] as const)))(
    "isConverged(%s, %s)",
    (desired, observed) => {
      const converged =
        (desired === "running" && observed === "ready") ||
        (desired === "suspended" && observed === "suspended") ||
        (desired === "deleted" && observed === "deleted");
      expect(isConverged(desired, observed)).toBe(converged);
    },
  );
});
