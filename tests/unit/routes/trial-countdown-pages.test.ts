/**
 * /account and /workspaces show the same trial countdown, counted in the request's time
 * zone (rc.timeZone) — not in UTC. Their loaders run here in Node, without workerd: the
 * session and the request context are put in React Router's context the way the Worker's
 * middleware does, and the workspace list is stubbed (no database).
 */
import { RouterContextProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetClock, setClockOffset } from "../../../domain/clock";

import { appModule, type Loader } from "./app-modules";

vi.mock("../../../server/repositories/workspaces", () => ({ listWorkspacesForAccount: async () => [] }));

const accountLoader: Loader = (await appModule("app/routes/account.tsx")).loader;
const workspacesLoader: Loader = (await appModule("app/routes/workspaces.tsx")).loader;
const { accountContext } = await appModule("app/.server/auth/session.ts");
const { requestContext } = await appModule("server/bindings/request-context.ts");

afterEach(() => resetClock());

/** A database with nothing in it: any query chain the loaders build answers no rows (the countdown needs none). */
const NO_ROWS: unknown = new Proxy(() => NO_ROWS, {
  get: (_, key) => (key === "then" ? (resolve: (rows: unknown[]) => void) => resolve([]) : NO_ROWS),
  apply: () => NO_ROWS,
});

/** Both pages' countdown lines, for an account whose trial ends at `trialEndsAt`, seen at `at` in `timeZone`. */
async function countdowns(trialEndsAt: Date, at: Date, timeZone: string) {
  setClockOffset(at.getTime() - Date.now());
  const context = new RouterContextProvider();
  context.set(accountContext, {
    id: "acc_1",
    email: "ana@example.com",
    name: "Ana",
    image: null,
    planId: "trial@1",
    trialStartedAt: new Date(trialEndsAt.getTime() - 14 * 24 * 60 * 60 * 1000),
    trialEndsAt,
    createdAt: new Date(Date.UTC(2026, 4, 6)),
  });
  context.set(requestContext, { timeZone, db: NO_ROWS, url: new URL("http://localhost/") });
  const args = { request: new Request("http://localhost/"), params: {}, context };
  const account = await accountLoader(args);
  const workspaces = await workspacesLoader(args);
  return {
    account: account.trialText as string | null,
    workspaces: workspaces.summary.trialText as string | null,
    endsOn: [account.trialEndsOn, workspaces.summary.trialEndsOn] as (string | null)[],
  };
}

describe("the trial countdown on /account and /workspaces", () => {
  // Ends 20 May 2026 10:00 in Auckland (19 May 22:00 UTC); seen at 18 May 23:59 there (11:59 UTC).
  it("Pacific/Auckland: both count in the person's zone", async () => {
    const lines = await countdowns(
      new Date(Date.UTC(2026, 4, 19, 22)),
      new Date(Date.UTC(2026, 4, 18, 11, 59)),
      "Pacific/Auckland",
    );
    expect(lines.account).toBe("2 days left in your trial");
    expect(lines.workspaces).toBe(lines.account);
    expect(lines.endsOn[0]).toBe(lines.endsOn[1]);
    expect(lines.endsOn[0]).toContain("20 May 2026");
  });

  // Ends 20 May 2026 01:00 in Los Angeles (08:00 UTC); seen at 19 May 17:00 there (20 May 00:00 UTC).
  it("America/Los_Angeles: the evening before the last day is not 'ends today'", async () => {
    const lines = await countdowns(new Date(Date.UTC(2026, 4, 20, 8)), new Date(Date.UTC(2026, 4, 20, 0)), "America/Los_Angeles");
    expect(lines.account).toBe("1 day left in your trial");
    expect(lines.workspaces).toBe(lines.account);
  });

  it("UTC, the same instant: the zone is what changes the words", async () => {
    const lines = await countdowns(new Date(Date.UTC(2026, 4, 20, 8)), new Date(Date.UTC(2026, 4, 20, 0)), "UTC");
    expect(lines.account).toBe("Your trial ends today");
    expect(lines.workspaces).toBe(lines.account);
  });
});
