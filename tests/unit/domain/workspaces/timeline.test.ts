import { describe, expect, it } from "vitest";
import { timelineLines, type TimelineFact } from "../../../../domain/workspaces/timeline";

const t0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const at = (ms: number) => new Date(t0 + ms);
/** Events as the page reads them: newest first. */
const newestFirst = (...facts: TimelineFact[]) => [...facts].reverse();

describe("timelineLines", () => {
  it("leaves out 'started setting it up' right after 'created', and shows the status word once per run", () => {
    const lines = timelineLines(
      newestFirst(
        { id: "1", state: "pending", reason: "created", createdAt: at(0) },
        { id: "2", state: "provisioning", reason: "setup_started", createdAt: at(200) },
        { id: "3", state: "provisioning", reason: "setup_retrying", createdAt: at(90_000) },
        { id: "4", state: "ready", reason: "ready", createdAt: at(95_000) },
        { id: "5", state: "ready", reason: "renamed", createdAt: at(200_000) },
      ),
    );
    expect(lines.map((l) => [l.id, l.showsState])).toEqual([
      ["5", false],
      ["4", true],
      ["3", true],
      ["1", true],
    ]);
  });

  it("keeps 'started setting it up' when it came later than a minute after creation", () => {
    const lines = timelineLines(
      newestFirst(
        { id: "1", state: "pending", reason: "created", createdAt: at(0) },
        { id: "2", state: "provisioning", reason: "setup_started", createdAt: at(61_000) },
      ),
    );
    expect(lines.map((l) => l.id)).toEqual(["2", "1"]);
  });

  it("keeps 'started setting it up' after a retry request, and an empty timeline stays empty", () => {
    const lines = timelineLines(
      newestFirst(
        { id: "1", state: "failed", reason: "setup_retry_requested", createdAt: at(0) },
        { id: "2", state: "provisioning", reason: "setup_started", createdAt: at(100) },
      ),
    );
    expect(lines.map((l) => l.id)).toEqual(["2", "1"]);
    expect(timelineLines([])).toEqual([]);
  });
});
