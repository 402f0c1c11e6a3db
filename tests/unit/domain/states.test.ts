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
import { canTransition } from "../../../domain/lifecycle/transitions";

describe("lifecycle states", () => {
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

  it.each(WORKSPACE_STATES)("%s is terminal exactly when nothing can follow it", (state) => {
    expect(isTerminal(state)).toBe(WORKSPACE_STATES.every((to) => !canTransition(state, to)));
  });

  it.each(WORKSPACE_STATES.filter(isTransitional))(
    "%s settles: it can move on to a state that is not passing through",
    (state) => {
      expect(WORKSPACE_STATES.some((to) => !isTransitional(to) && canTransition(state, to))).toBe(true);
    },
  );

  it("a workspace people can use, or one that is gone, is not passing through", () => {
    for (const state of ["ready", "deleted"] as const) expect(isTransitional(state)).toBe(false);
  });
});
