import { describe, expect, it } from "vitest";
import { commandOutcome } from "../../../domain/sandboxes/command-outcome";

describe("commandOutcome", () => {
  it("says plainly what each exit code means", () => {
    expect(commandOutcome(0)).toEqual({ said: "Finished.", ok: true, code: null });
    expect(commandOutcome(127).said).toBe("That command wasn't found.");
    expect(commandOutcome(126).said).toBe("That file can't be run.");
    expect(commandOutcome(2)).toEqual({ said: "The command stopped with a problem (code 2).", ok: false, code: 2 });
  });
  it("says a timeout is a timeout", () => {
    expect(commandOutcome(124).said).toBe("The command took too long, so it was stopped.");
    expect(commandOutcome(-1, "command timed out after 30s").said).toBe("The command took too long, so it was stopped.");
  });
});
