/**
 * What a command's exit code means, in plain words (the sandbox page's "Run a command").
 * Pure: the code in, a sentence out. The code itself is kept, beside the sentence, for
 * those who need it.
 */
import { SANDBOX_PAGE as W } from "../vocabulary";

export interface CommandOutcome {
  /** "Finished.", "That command wasn't found."… */
  said: string;
  /** Whether it went as hoped (exit code 0). */
  ok: boolean;
  /** The number, shown small, only when it says more than the sentence. */
  code: number | null;
}

export function commandOutcome(exitCode: number, output = ""): CommandOutcome {
  if (exitCode === 0) return { said: W.outcomeFinished, ok: true, code: null };
  if (exitCode === 127) return { said: W.outcomeNotFound, ok: false, code: 127 };
  if (exitCode === 126) return { said: W.outcomeCantRun, ok: false, code: 126 };
  // 124 is what `timeout` gives; OpenBerth also says so in the output.
  if (exitCode === 124 || /timed out|deadline exceeded/i.test(output))
    return { said: W.outcomeTimedOut, ok: false, code: exitCode };
  return { said: W.outcomeProblem(exitCode), ok: false, code: exitCode };
}
