import { describe, expect, it } from "vitest";
import { JARGON } from "../../support/jargon";
import * as vocabulary from "../../../domain/vocabulary";
import {
  DENIAL_MESSAGES,
  ERROR_PAGES,
  REGION_NAMES,
  TRIAL_ROUNDING_NOTE,
  cpuLimitMessage,
  deploymentLimitMessage,
  forbiddenMessage,
  formatProcessorCores,
  formatSize,
  listWithAnd,
  memoryLimitMessage,
  planDisplayName,
  regionName,
  regionNotAllowedMessage,
  trialCountdownText,
  workspaceLimitMessage,
  visitorAccessSummary,
} from "../../../domain/vocabulary";

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

// Everything the functions can say, with representative arguments.
const GENERATED = [
  trialCountdownText({ kind: "active", daysLeft: 12 }),
  trialCountdownText({ kind: "active", daysLeft: 1 }),
  trialCountdownText({ kind: "ends-today" }),
  trialCountdownText({ kind: "ended" }),
  forbiddenMessage(["owner"]),
  forbiddenMessage(["owner", "admin"]),
  forbiddenMessage([]),
  workspaceLimitMessage("Trial", 1, [{ name: "Pro", maxWorkspaces: 5 }]),
  workspaceLimitMessage("Pro", 5, []),
  regionNotAllowedMessage("Hobby", ["Europe (EU)"], ["Pro"]),
  deploymentLimitMessage("Trial", 3),
  memoryLimitMessage("Trial", "512m"),
  cpuLimitMessage("Trial", 0.5),
  visitorAccessSummary("basic_auth", "guest"),
].filter((s): s is string => s !== null);

describe("vocabulary: plain language", () => {
  const all = [...stringsIn({ ...vocabulary }), ...GENERATED];

  it("has copy to check", () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it.each(all)("no jargon in %j", (text) => {
    expect(text).not.toMatch(JARGON);
    expect(text.trim()).toBe(text);
    expect(text.length).toBeGreaterThan(0);
  });
});

describe("trial countdown text", () => {
  it.each([
    [{ kind: "active", daysLeft: 12 } as const, "12 days left in your trial"],
    [{ kind: "active", daysLeft: 2 } as const, "2 days left in your trial"],
    [{ kind: "active", daysLeft: 1 } as const, "1 day left in your trial"],
    [{ kind: "ends-today" } as const, "Your trial ends today"],
    [{ kind: "ended" } as const, "Your trial has ended"],
  ])("%j → %s", (status, text) => {
    expect(trialCountdownText(status)).toBe(text);
  });

  it("says nothing for accounts without a trial", () => {
    expect(trialCountdownText({ kind: "none" })).toBeNull();
  });

  it("explains the rounding", () => {
    expect(TRIAL_ROUNDING_NOTE).toMatch(/calendar days/);
    expect(TRIAL_ROUNDING_NOTE).toMatch(/ends today/);
  });
});

describe("names", () => {
  it("regions", () => {
    expect(REGION_NAMES).toEqual({ "eu-west": "Europe (EU)", "us-east": "United States (US)" });
    expect(regionName("us-east")).toBe("United States (US)");
  });

  it("plans, with a fallback that still reads in 'Your … plan'", () => {
    expect(planDisplayName("trial@1")).toBe("Trial");
    expect(planDisplayName("hobby@1")).toBe("Hobby");
    expect(planDisplayName("pro@1")).toBe("Pro");
    expect(planDisplayName("gold@9")).toBe("current");
  });

  it.each([
    ["512m", "512 MB"],
    ["1g", "1 GB"],
    ["4g", "4 GB"],
    ["200g", "200 GB"],
    ["1536m", "1536 MB"],
    ["2k", "2 KB"],
    ["1t", "1 TB"],
    ["100", "100 bytes"],
  ])("formatSize(%s) = %s", (size, text) => {
    expect(formatSize(size)).toBe(text);
  });

  it("processor cores", () => {
    expect(formatProcessorCores(0.5)).toBe("0.5 processor cores");
    expect(formatProcessorCores(1)).toBe("1 processor core");
    expect(formatProcessorCores(2)).toBe("2 processor cores");
  });

  it("lists", () => {
    expect(listWithAnd([])).toBe("");
    expect(listWithAnd(["a"])).toBe("a");
    expect(listWithAnd(["a", "b"])).toBe("a and b");
    expect(listWithAnd(["a", "b", "c"])).toBe("a, b and c");
  });
});

describe("refusal messages", () => {
  it("workspace limit names the roomier plans", () => {
    expect(workspaceLimitMessage("Trial", 1, [{ name: "Pro", maxWorkspaces: 5 }])).toBe(
      "Your Trial plan includes 1 workspace. The Pro plan allows up to 5.",
    );
    expect(
      workspaceLimitMessage("Trial", 1, [
        { name: "Team", maxWorkspaces: 3 },
        { name: "Pro", maxWorkspaces: 5 },
      ]),
    ).toBe("Your Trial plan includes 1 workspace. The Team plan allows up to 3 and the Pro plan up to 5.");
    expect(workspaceLimitMessage("Pro", 5, [])).toBe(
      "Your Pro plan includes 5 workspaces. Delete one you no longer need to make room.",
    );
  });

  it("region refusal says what is possible", () => {
    expect(regionNotAllowedMessage("Hobby", ["Europe (EU)"], ["Pro"])).toBe(
      "Your Hobby plan doesn't include that location. You can choose Europe (EU). The Pro plan includes it.",
    );
    expect(regionNotAllowedMessage("Pro", ["Europe (EU)", "United States (US)"], [])).toBe(
      "Your Pro plan doesn't include that location. You can choose Europe (EU) and United States (US).",
    );
  });

  it("forbidden says whom to ask", () => {
    expect(forbiddenMessage(["owner"])).toBe("Only the workspace owner can do this.");
    expect(forbiddenMessage(["owner", "admin"])).toBe("Only the workspace owner or an admin can do this.");
    expect(forbiddenMessage([])).toBe(DENIAL_MESSAGES.forbidden);
  });

  it("limits are stated in customer units", () => {
    expect(deploymentLimitMessage("Trial", 3)).toMatch(/^Your Trial plan includes up to 3 deployments per workspace/);
    expect(memoryLimitMessage("Hobby", "1g")).toMatch(/up to 1 GB of memory/);
    expect(cpuLimitMessage("Trial", 0.5)).toMatch(/up to 0\.5 processor cores/);
  });
});

describe("error pages", () => {
  it("not found", () => {
    expect(ERROR_PAGES.notFound.title).toBe("We couldn't find that page");
  });

  it("has a title and a body for each page", () => {
    for (const key of ["notFound", "forbidden", "somethingWentWrong", "signInNeeded"] as const) {
      expect(ERROR_PAGES[key].title.length).toBeGreaterThan(0);
      expect(ERROR_PAGES[key].body.length).toBeGreaterThan(0);
    }
  });
});

describe("who may visit", () => {
  it("names the access mode as the form does, with the username for a password", () => {
    expect(visitorAccessSummary("public")).toBe("Everyone");
    expect(visitorAccessSummary("basic_auth", "guest")).toBe("People with a username and password (username guest)");
    expect(visitorAccessSummary("api_key")).toBe("Apps and scripts that have this site's visitor key");
    expect(visitorAccessSummary("user")).toBe("People with an access key to this workspace");
  });

  it("describes a mode it does not know as restricted, never as a raw code", () => {
    expect(visitorAccessSummary("something_new")).toBe("People with an access key to this workspace");
  });
});
