import { describe, expect, it } from "vitest";
import { INFRA_STATE_MAP, mapInfraState } from "../../../domain/lifecycle/infra-state-map";

// The table from the plan (§VI), written out by hand.
const EXPECTED = {
  queued: "provisioning",
  allocating: "provisioning",
  booting: "provisioning",
  running: "ready",
  draining: "suspended",
  stopped: "suspended",
  crashed: "failed",
  deleting: "deprovisioning",
  deleted: "deleted",
} as const;

describe("INFRA_STATE_MAP", () => {
  it("holds exactly the plan's entries", () => {
    expect({ ...INFRA_STATE_MAP }).toEqual(EXPECTED);
    expect(Object.isFrozen(INFRA_STATE_MAP)).toBe(true);
  });

  it.each(Object.entries(EXPECTED))("%s → %s (known)", (raw, state) => {
    expect(mapInfraState(raw)).toEqual({ state, known: true });
  });

  it.each([
    "",
    " ",
    "RUNNING",
    "Running",
    " running",
    "running ",
    "paused",
    "terminated",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "valueOf",
    "isPrototypeOf",
  ])("unmapped %j → unknown (not known)", (raw) => {
    expect(mapInfraState(raw)).toEqual({ state: "unknown", known: false });
  });

  it("survives non-string input from untyped callers", () => {
    expect(mapInfraState(undefined as unknown as string)).toEqual({ state: "unknown", known: false });
    expect(mapInfraState(null as unknown as string)).toEqual({ state: "unknown", known: false });
  });
});
