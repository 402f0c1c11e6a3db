import { afterEach, describe, expect, it } from "vitest";
import type { AuthzAccount, AuthzResource, Decision, WorkspaceBilling } from "../../../domain/authorize";
import { authorize, can } from "../../../domain/authorize";
import { advanceClock, now, resetClock } from "../../../domain/clock";
import type { WorkspaceState } from "../../../domain/lifecycle/states";
import { WORKSPACE_STATES } from "../../../domain/lifecycle/states";
import type { Permission, Role, WorkspacePermission } from "../../../domain/permissions";
import {
  ACCOUNT_PERMISSIONS,
  allowedWhilePaused,
  countsAgainstPlan,
  isSized,
  PERMISSIONS,
  ROLES,
  WORKSPACE_PERMISSIONS,
} from "../../../domain/permissions";
import { PAUSED_DESCRIPTIONS } from "../../../domain/vocabulary";

type WorkspaceResource = Extract<AuthzResource, { type: "workspace" }>;

const AT = new Date(Date.UTC(2026, 3, 10, 12, 0, 0));
const DAY = 24 * 60 * 60 * 1000;

/** A trial plan is on the `trial` billing state; a paid one on an `active` subscription. */
const standing = (planId: string) => ({
  billingState: planId.startsWith("trial") ? ("trial" as const) : ("active" as const),
  endedReason: null,
});

const me = (planId = "pro@1", trialEndsAt: Date | null = null): AuthzAccount => ({
  id: "acc_me",
  planId,
  trialEndsAt,
  ...standing(planId),
});

type WorkspaceOverrides = Partial<Omit<WorkspaceResource, "billing">> & { role?: Role; billing?: Partial<WorkspaceBilling> };

function workspace(overrides: WorkspaceOverrides = {}): WorkspaceResource {
  const { role = "owner", billing, ...rest } = overrides;
  return {
    type: "workspace",
    workspaceId: "ws_1",
    membership: { accountId: "acc_me", role },
    billing: { planId: "pro@1", trialEndsAt: null, ...standing(billing?.planId ?? "pro@1"), ...billing },
    lifecycleState: "ready",
    ...rest,
  };
}

const newWorkspace = (activeWorkspaceCount: number, region = "eu-west"): AuthzResource => ({
  type: "new-workspace",
  activeWorkspaceCount,
  region,
});

function denied(decision: Decision) {
  if (decision.allowed) throw new Error("expected a refusal, got allowed");
  return decision;
}

const ALLOWED = { allowed: true };

// Groups read off the permission table (domain/permissions.ts); what belongs in each is
// pinned down by the behaviour tests below ("while paused", "sizes", "the count").
const VIEWING = WORKSPACE_PERMISSIONS.filter((p) => p.startsWith("view:"));
/** Everyday changes: switched off while paused. */
const EVERYDAY_CHANGES = WORKSPACE_PERMISSIONS.filter((p) => !allowedWhilePaused(p));
/** The ways out of a pause: deleting, paying, handing it to someone who pays. */
const WAYS_OUT: WorkspacePermission[] = ["delete:workspace", "manage:billing", "transfer:workspace"];
/** Open in every paused state: the name is ours, nothing on the server changes. */
const RENAME: Permission = "rename:workspace";
/** Taking access away (removing someone, a lesser role, leaving) must work at any time, paused or not. */
const ACCESS_CHANGES: WorkspacePermission[] = ["remove:member", "change:role", "leave:workspace"];
const WORKSPACE_LEVEL: readonly Permission[] = WORKSPACE_PERMISSIONS;

afterEach(() => resetClock());

describe("roles × permissions on a workspace", () => {
  it("a member can deploy and run sandboxes, but not manage access keys, secrets or settings", () => {
    const member = workspace({ role: "member" });
    for (const p of [
      "view:workspace",
      "view:logs",
      "create:deployment",
      "update:deployment",
      "delete:deployment",
      "create:sandbox",
      "update:sandbox",
      "delete:sandbox",
    ] as const) {
      expect(authorize(me(), p, member)).toEqual(ALLOWED);
    }
    for (const p of ["manage:access-key", "manage:secret", "manage:settings", "rename:workspace", "delete:workspace"] as const) {
      expect(denied(authorize(me(), p, member))).toMatchObject({ status: 403, code: "forbidden" });
    }
  });

  it("an admin runs the workspace but can't delete it, pay for it or hand it over", () => {
    const admin = workspace({ role: "admin" });
    for (const p of ["manage:access-key", "manage:secret", "manage:settings", "rename:workspace", "create:deployment"] as const) {
      expect(authorize(me(), p, admin)).toEqual(ALLOWED);
    }
    for (const p of WAYS_OUT) expect(denied(authorize(me(), p, admin)).code).toBe("forbidden");
  });

  it.each(WORKSPACE_PERMISSIONS)("the owner may %s", (permission) => {
    expect(authorize(me(), permission, workspace({ role: "owner" }))).toEqual(ALLOWED);
  });

  it("no role holds a permission the owner lacks, and each role holds what the one below it holds", () => {
    const holds = (role: Role) => new Set(PERMISSIONS.filter((p) => can(me(), p, workspace({ role }))));
    const [owner, admin, member] = [holds("owner"), holds("admin"), holds("member")];
    for (const p of admin) expect(owner.has(p)).toBe(true);
    for (const p of member) expect(admin.has(p)).toBe(true);
    expect(member.size).toBeLessThan(admin.size);
    expect(admin.size).toBeLessThan(owner.size);
  });

  it.each(ROLES.flatMap((role) => ACCOUNT_PERMISSIONS.map((p) => [role, p] as const)))(
    "no workspace role grants the account's own %s / %s",
    (role, permission) => {
      expect(denied(authorize(me(), permission, workspace({ role }))).code).toBe("forbidden");
    },
  );

  it("tells the customer whom to ask", () => {
    expect(denied(authorize(me(), "delete:workspace", workspace({ role: "admin" }))).message).toBe(
      "Only the workspace owner can do this.",
    );
    expect(denied(authorize(me(), "manage:secret", workspace({ role: "member" }))).message).toBe(
      "Only the workspace owner or an admin can do this.",
    );
  });
});

describe("outsiders: the workspace does not exist for them", () => {
  it.each(WORKSPACE_LEVEL)("no membership → 404 for %s", (permission) => {
    expect(denied(authorize(me(), permission, workspace({ membership: null })))).toMatchObject({
      status: 404,
      code: "not_found",
    });
  });

  it.each(WORKSPACE_LEVEL)("someone else's membership → 404 for %s", (permission) => {
    const resource = workspace({ membership: { accountId: "acc_other", role: "owner" } });
    expect(denied(authorize(me(), permission, resource))).toMatchObject({ status: 404, code: "not_found" });
  });

  it("a member without the permission gets 403, not 404", () => {
    expect(denied(authorize(me(), "delete:workspace", workspace({ role: "member" })))).toMatchObject({
      status: 403,
      code: "forbidden",
    });
  });

  it("outsiders get 404 before any other check (no hint that it is paused or full)", () => {
    const resource = workspace({
      membership: null,
      lifecycleState: "suspended",
      billing: { planId: "trial@1" },
      usage: { deployments: 99 },
    });
    expect(denied(authorize(me(), "create:deployment", resource)).code).toBe("not_found");
  });

  it("a deleted workspace is 404 even for its owner, for every permission", () => {
    for (const permission of WORKSPACE_LEVEL) {
      const decision = denied(authorize(me(), permission, workspace({ lifecycleState: "deleted" })));
      expect(decision).toMatchObject({ status: 404, code: "workspace_deleted" });
    }
    const outsider = workspace({ lifecycleState: "deleted", membership: null });
    expect(denied(authorize(me(), "view:workspace", outsider)).code).toBe("not_found");
  });
});

describe("resource types", () => {
  it("view:account on the account is allowed", () => {
    expect(authorize(me(), "view:account", { type: "account" })).toEqual(ALLOWED);
  });

  it.each(WORKSPACE_LEVEL)("%s against a non-workspace resource → 403, never a throw", (permission) => {
    expect(denied(authorize(me(), permission, { type: "account" })).status).toBe(403);
    expect(denied(authorize(me(), permission, newWorkspace(0))).code).toBe("forbidden");
  });

  it("account-level permissions against the wrong resource → 403", () => {
    expect(denied(authorize(me(), "create:workspace", { type: "account" })).code).toBe("forbidden");
    expect(denied(authorize(me(), "create:workspace", workspace())).code).toBe("forbidden");
    expect(denied(authorize(me(), "view:account", newWorkspace(0))).code).toBe("forbidden");
    expect(denied(authorize(me(), "view:account", workspace())).code).toBe("forbidden");
  });

  it("an unrecognised resource from untyped code is refused", () => {
    const junk = { type: "planet" } as unknown as AuthzResource;
    expect(denied(authorize(me(), "view:workspace", junk)).code).toBe("forbidden");
  });

  it("never throws, whatever the combination", () => {
    const resources: AuthzResource[] = [
      { type: "account" },
      newWorkspace(0),
      newWorkspace(100, "nowhere"),
      ...WORKSPACE_STATES.flatMap((lifecycleState) =>
        ROLES.flatMap((role) =>
          [
            { planId: "nope@1" },
            { planId: "trial@1", trialEndsAt: AT },
            { planId: "trial@1", trialEndsAt: new Date(Number.NaN) },
          ].map((billing) =>
            workspace({
              role,
              lifecycleState,
              billing,
              usage: { deployments: -1, requestedMemory: "lots", requestedCpus: Number.NaN },
            }),
          ),
        ),
      ),
    ];
    for (const resource of resources) {
      for (const permission of PERMISSIONS) {
        for (const account of [me(), me("nope@1"), me("trial@1", AT)]) {
          expect(() => authorize(account, permission, resource, { at: AT })).not.toThrow();
        }
      }
    }
  });
});

describe("create:workspace", () => {
  const trial = me("trial@1", new Date(AT.getTime() + 10 * DAY));

  it("trial: the first workspace is allowed, the second names the plans with room", () => {
    expect(authorize(trial, "create:workspace", newWorkspace(0), { at: AT })).toEqual(ALLOWED);
    expect(denied(authorize(trial, "create:workspace", newWorkspace(1), { at: AT }))).toEqual({
      allowed: false,
      status: 403,
      code: "workspace_limit",
      message: "Your Trial plan includes 1 workspace. The Pro plan allows up to 5.",
    });
  });

  it("hobby: 1 workspace", () => {
    expect(can(me("hobby@1"), "create:workspace", newWorkspace(0))).toBe(true);
    expect(denied(authorize(me("hobby@1"), "create:workspace", newWorkspace(1))).code).toBe("workspace_limit");
  });

  it("pro: 4 → allowed, 5 → refused, with no bigger plan to offer", () => {
    expect(authorize(me("pro@1"), "create:workspace", newWorkspace(4))).toEqual(ALLOWED);
    const refusal = denied(authorize(me("pro@1"), "create:workspace", newWorkspace(5)));
    expect(refusal.code).toBe("workspace_limit");
    expect(refusal.message).toBe("Your Pro plan includes 5 workspaces. Delete one you no longer need to make room.");
    expect(denied(authorize(me("pro@1"), "create:workspace", newWorkspace(6))).code).toBe("workspace_limit");
  });

  it.each([
    ["trial@1", "eu-west", true],
    ["trial@1", "us-east", true],
    ["hobby@1", "eu-west", true],
    ["hobby@1", "us-east", false],
    ["pro@1", "eu-west", true],
    ["pro@1", "us-east", true],
  ] as const)("%s in %s → allowed %s", (planId, region, allowed) => {
    const account = me(planId, planId === "trial@1" ? new Date(AT.getTime() + DAY) : null);
    const decision = authorize(account, "create:workspace", newWorkspace(0, region), { at: AT });
    if (allowed) expect(decision).toEqual(ALLOWED);
    else expect(denied(decision)).toMatchObject({ status: 403, code: "region_not_allowed" });
  });

  it("hobby in the US: says where it can go and which plan has the US", () => {
    expect(denied(authorize(me("hobby@1"), "create:workspace", newWorkspace(0, "us-east"))).message).toBe(
      "Your Hobby plan doesn't include that location. You can choose Europe (EU). The Pro plan includes it.",
    );
  });

  it.each(["mars", "", "EU-WEST", "eu-west ", "toString", "__proto__"])("unknown region %j is refused", (region) => {
    const refusal = denied(authorize(me("pro@1"), "create:workspace", newWorkspace(0, region)));
    expect(refusal.code).toBe("region_not_allowed");
    expect(refusal.message).toBe(
      "Your Pro plan doesn't include that location. You can choose Europe (EU) and United States (US).",
    );
  });

  it("trial ended: refused at the end, allowed 1 ms before", () => {
    const account = me("trial@1", AT);
    expect(denied(authorize(account, "create:workspace", newWorkspace(0), { at: AT }))).toMatchObject({
      status: 403,
      code: "trial_ended",
    });
    const before = new Date(AT.getTime() - 1);
    expect(authorize(account, "create:workspace", newWorkspace(0), { at: before })).toEqual(ALLOWED);
  });

  it("trial ended is the reason given even when the limit is also reached", () => {
    expect(denied(authorize(me("trial@1", AT), "create:workspace", newWorkspace(1), { at: AT })).code).toBe("trial_ended");
  });

  it("uses the app clock by default", () => {
    const account = me("trial@1", new Date(now().getTime() + DAY));
    expect(can(account, "create:workspace", newWorkspace(0))).toBe(true);
    advanceClock(DAY);
    expect(denied(authorize(account, "create:workspace", newWorkspace(0))).code).toBe("trial_ended");
  });

  it("a paid plan ignores an old trial end date", () => {
    const upgraded = me("pro@1", new Date(AT.getTime() - 30 * DAY));
    expect(authorize(upgraded, "create:workspace", newWorkspace(0), { at: AT })).toEqual(ALLOWED);
  });

  it("an unknown plan id is refused, not guessed", () => {
    for (const planId of ["gold@1", "", "toString"]) {
      expect(denied(authorize(me(planId), "create:workspace", newWorkspace(0)))).toMatchObject({
        status: 403,
        code: "unknown_plan",
      });
    }
  });
});

describe("deployment limits (sandboxes included)", () => {
  it.each(["create:deployment", "create:sandbox"] as const)("trial %s: 2 → allowed, 3 → refused", (permission) => {
    const at = (deployments: number) => workspace({ billing: { planId: "trial@1" }, usage: { deployments } });
    expect(authorize(me(), permission, at(2))).toEqual(ALLOWED);
    expect(denied(authorize(me(), permission, at(3)))).toEqual({
      allowed: false,
      status: 403,
      code: "deployment_limit",
      message:
        "Your Trial plan includes up to 3 deployments per workspace, sandboxes included. Delete one you no longer need, or choose a bigger plan to add more.",
    });
    expect(denied(authorize(me(), permission, at(4))).code).toBe("deployment_limit");
  });

  it("hobby: 9 → allowed, 10 → refused", () => {
    const at = (deployments: number) => workspace({ billing: { planId: "hobby@1" }, usage: { deployments } });
    expect(authorize(me(), "create:deployment", at(9))).toEqual(ALLOWED);
    expect(denied(authorize(me(), "create:deployment", at(10))).code).toBe("deployment_limit");
  });

  it("pro: unlimited", () => {
    const resource = workspace({ billing: { planId: "pro@1" }, usage: { deployments: 100_000 } });
    expect(authorize(me(), "create:deployment", resource)).toEqual(ALLOWED);
    expect(authorize(me(), "create:sandbox", resource)).toEqual(ALLOWED);
  });

  it("the count only limits creating, not updating or deleting", () => {
    const full = workspace({ billing: { planId: "trial@1" }, usage: { deployments: 3 } });
    for (const permission of ["update:deployment", "delete:deployment", "update:sandbox", "delete:sandbox"] as const) {
      expect(authorize(me(), permission, full)).toEqual(ALLOWED);
    }
  });

  it("limits follow the workspace's billing plan, not the viewer's plan", () => {
    const resource = workspace({ billing: { planId: "pro@1" }, usage: { deployments: 50 } });
    expect(authorize(me("trial@1", new Date(AT.getTime() + DAY)), "create:deployment", resource)).toEqual(ALLOWED);
    const onTrial = workspace({ billing: { planId: "trial@1" }, usage: { deployments: 3 } });
    expect(denied(authorize(me("pro@1"), "create:deployment", onTrial)).code).toBe("deployment_limit");
  });

  it("without a count there is nothing to check", () => {
    expect(authorize(me(), "create:deployment", workspace({ billing: { planId: "trial@1" } }))).toEqual(ALLOWED);
  });
});

describe("memory and processor limits", () => {
  const ask = (planId: string, usage: WorkspaceResource["usage"]) => workspace({ billing: { planId }, usage });

  it.each([
    ["trial@1", "512m", true],
    ["trial@1", "513m", false],
    ["trial@1", "1g", false],
    ["trial@1", "256M", true],
    ["hobby@1", "1g", true],
    ["hobby@1", "1024m", true],
    ["hobby@1", "1025m", false],
    ["pro@1", "4g", true],
    ["pro@1", "5g", false],
    ["trial@1", "", true],
    ["trial@1", "0", true],
    ["trial@1", "lots", false],
    ["trial@1", "0.5g", false],
  ] as const)("%s asking for %j memory → allowed %s", (planId, requestedMemory, allowed) => {
    const decision = authorize(me(), "create:deployment", ask(planId, { requestedMemory }));
    if (allowed) expect(decision).toEqual(ALLOWED);
    else expect(denied(decision)).toMatchObject({ status: 403, code: "memory_limit" });
  });

  it("the memory refusal states the limit plainly", () => {
    expect(denied(authorize(me(), "create:sandbox", ask("trial@1", { requestedMemory: "1g" }))).message).toBe(
      "Your Trial plan allows up to 512 MB of memory per deployment. Choose a smaller amount, or a bigger plan.",
    );
  });

  it.each([
    ["trial@1", 0.5, true],
    ["trial@1", 0.51, false],
    ["hobby@1", 1, true],
    ["hobby@1", 1.5, false],
    ["pro@1", 2, true],
    ["pro@1", 2.5, false],
    ["pro@1", 0, true],
    ["pro@1", -1, false],
    ["pro@1", Number.NaN, false],
    ["pro@1", Number.POSITIVE_INFINITY, false],
  ] as const)("%s asking for %d processor cores → allowed %s", (planId, requestedCpus, allowed) => {
    const decision = authorize(me(), "create:deployment", ask(planId, { requestedCpus }));
    if (allowed) expect(decision).toEqual(ALLOWED);
    else expect(denied(decision)).toMatchObject({ status: 403, code: "cpu_limit" });
  });

  it("the processor refusal states the limit plainly", () => {
    expect(denied(authorize(me(), "create:deployment", ask("trial@1", { requestedCpus: 1 }))).message).toBe(
      "Your Trial plan allows up to 0.5 processor cores per deployment. Choose fewer, or a bigger plan.",
    );
  });

  it("updates can't raise a deployment past the plan either", () => {
    expect(denied(authorize(me(), "update:deployment", ask("trial@1", { requestedMemory: "2g" }))).code).toBe("memory_limit");
    expect(denied(authorize(me(), "update:sandbox", ask("hobby@1", { requestedCpus: 2 }))).code).toBe("cpu_limit");
  });

  it("deleting ignores sizes", () => {
    const resource = ask("trial@1", { requestedMemory: "64g", requestedCpus: 64 });
    expect(authorize(me(), "delete:deployment", resource)).toEqual(ALLOWED);
  });

  it("checks the count first, then memory, then processors", () => {
    const all = { deployments: 3, requestedMemory: "2g", requestedCpus: 4 };
    expect(denied(authorize(me(), "create:deployment", ask("trial@1", all))).code).toBe("deployment_limit");
    expect(denied(authorize(me(), "create:deployment", ask("trial@1", { ...all, deployments: 0 }))).code).toBe("memory_limit");
  });
});

describe("paused workspaces", () => {
  const paused = (role: Role = "owner") => workspace({ role, lifecycleState: "suspended" });

  it.each(VIEWING)("%s is still allowed", (permission) => {
    for (const role of ROLES) expect(authorize(me(), permission, paused(role))).toEqual(ALLOWED);
  });

  it.each(EVERYDAY_CHANGES)("%s is refused while paused", (permission) => {
    expect(denied(authorize(me(), permission, paused("owner")))).toEqual({
      allowed: false,
      status: 403,
      code: "workspace_paused",
      message: "This workspace is paused, so changes are switched off for now. You can still look around, and nothing is lost.",
    });
  });

  it.each(WAYS_OUT)("%s stays open for the owner (a way out of the pause)", (permission) => {
    expect(authorize(me(), permission, paused("owner"))).toEqual(ALLOWED);
  });

  it("renaming stays open for whoever may rename", () => {
    expect(authorize(me(), RENAME, paused("owner"))).toEqual(ALLOWED);
    expect(authorize(me(), RENAME, paused("admin"))).toEqual(ALLOWED);
    expect(denied(authorize(me(), RENAME, paused("member"))).code).toBe("forbidden");
  });

  it("the role check comes first", () => {
    expect(denied(authorize(me(), "manage:secret", paused("member"))).code).toBe("forbidden");
  });

  it("the pause is the reason given even when a limit is also reached", () => {
    const resource = workspace({ lifecycleState: "suspended", billing: { planId: "trial@1" }, usage: { deployments: 3 } });
    expect(denied(authorize(me(), "create:deployment", resource)).code).toBe("workspace_paused");
  });

  it.each(["pending", "provisioning", "ready", "failed", "unknown", "deprovisioning"] as WorkspaceState[])(
    "%s does not block changes (only a pause does)",
    (lifecycleState) => {
      expect(authorize(me(), "create:deployment", workspace({ lifecycleState }))).toEqual(ALLOWED);
    },
  );
});

describe("an ended trial, judged by the workspace's billing owner at request time", () => {
  // The paused page's words for a trial that ended (not a second wording for the same thing).
  const TRIAL_ENDED =
    "Your free trial has ended, so this workspace is paused. Your work is kept safe; choose a plan to switch it back on.";
  const END = AT;
  const justAfter = new Date(END.getTime() + 1);
  const justBefore = new Date(END.getTime() - 1);
  /** Not paused yet: the hourly sweep hasn't run. */
  const endedTrial = (role: Role = "owner", lifecycleState: WorkspaceState = "ready") =>
    workspace({ role, lifecycleState, billing: { planId: "trial@1", trialEndsAt: END } });

  it("the paused page says the same words", () => {
    expect(PAUSED_DESCRIPTIONS.trial_ended).toBe(TRIAL_ENDED);
  });

  it.each(EVERYDAY_CHANGES)("%s is refused in the paused page's words, before any pause is recorded", (permission) => {
    expect(denied(authorize(me(), permission, endedTrial(), { at: justAfter }))).toEqual({
      allowed: false,
      status: 403,
      code: "workspace_paused",
      message: TRIAL_ENDED,
    });
  });

  it.each([...VIEWING, RENAME, ...WAYS_OUT])("%s stays open", (permission) => {
    expect(authorize(me(), permission, endedTrial(), { at: justAfter })).toEqual(ALLOWED);
  });

  it("renaming stays open for an admin too", () => {
    expect(authorize(me(), RENAME, endedTrial("admin"), { at: justAfter })).toEqual(ALLOWED);
  });

  it("the boundary: allowed 1 ms before the end, refused at it and 1 ms after", () => {
    expect(authorize(me(), "create:deployment", endedTrial(), { at: justBefore })).toEqual(ALLOWED);
    expect(denied(authorize(me(), "create:deployment", endedTrial(), { at: END })).message).toBe(TRIAL_ENDED);
    expect(denied(authorize(me(), "create:deployment", endedTrial(), { at: justAfter })).message).toBe(TRIAL_ENDED);
  });

  it("uses the app clock by default", () => {
    const resource = workspace({ billing: { planId: "trial@1", trialEndsAt: new Date(now().getTime() + DAY) } });
    expect(can(me(), "manage:secret", resource)).toBe(true);
    advanceClock(DAY);
    expect(denied(authorize(me(), "manage:secret", resource)).message).toBe(TRIAL_ENDED);
  });

  it("a member whose own trial ended, in a workspace on a paid plan, is not refused", () => {
    const expiredMember = me("trial@1", new Date(END.getTime() - 30 * DAY));
    const paid = workspace({ role: "admin", billing: { planId: "pro@1", trialEndsAt: null } });
    for (const permission of [...EVERYDAY_CHANGES, RENAME]) {
      expect(authorize(expiredMember, permission, paid, { at: END })).toEqual(ALLOWED);
    }
    // Even though the same account can't start a workspace of its own.
    expect(denied(authorize(expiredMember, "create:workspace", newWorkspace(0), { at: END })).code).toBe("trial_ended");
  });

  it("a paid member in a workspace whose billing owner's trial ended is refused", () => {
    const paidMember = me("pro@1");
    for (const permission of EVERYDAY_CHANGES) {
      expect(denied(authorize(paidMember, permission, endedTrial("admin"), { at: justAfter })).message).toBe(TRIAL_ENDED);
    }
  });

  it("a billing owner who has since paid keeps no trial end, whatever date is left behind", () => {
    const upgraded = workspace({ billing: { planId: "hobby@1", trialEndsAt: new Date(END.getTime() - 30 * DAY) } });
    expect(authorize(me(), "create:deployment", upgraded, { at: END })).toEqual(ALLOWED);
  });

  it("after the sweep has paused it, the words stay the same", () => {
    const swept = endedTrial("owner", "suspended");
    expect(denied(authorize(me(), "manage:settings", swept, { at: justAfter })).message).toBe(TRIAL_ENDED);
  });

  it.each(["pending", "provisioning", "failed", "unknown"] as WorkspaceState[])("%s: refused too", (lifecycleState) => {
    expect(denied(authorize(me(), "create:sandbox", endedTrial("owner", lifecycleState), { at: justAfter })).message).toBe(
      TRIAL_ENDED,
    );
  });

  it("who may do it, and whether it exists, still come first", () => {
    expect(denied(authorize(me(), "manage:secret", endedTrial("member"), { at: justAfter })).code).toBe("forbidden");
    const outsider = workspace({ membership: null, billing: { planId: "trial@1", trialEndsAt: END } });
    expect(denied(authorize(me(), "create:deployment", outsider, { at: justAfter })).code).toBe("not_found");
  });

  it("the ended trial is the reason given even when a limit is also reached", () => {
    const full = workspace({ billing: { planId: "trial@1", trialEndsAt: END }, usage: { deployments: 3 } });
    expect(denied(authorize(me(), "create:deployment", full, { at: justAfter })).message).toBe(TRIAL_ENDED);
  });

  it("an unreadable trial end is refused, not thrown", () => {
    const broken = workspace({ billing: { planId: "trial@1", trialEndsAt: new Date(Number.NaN) } });
    expect(denied(authorize(me(), "create:deployment", broken, { at: END })).code).toBe("workspace_paused");
  });
});

describe("unknown billing plan on a workspace", () => {
  const broken = workspace({ billing: { planId: "legacy@7" } });

  it.each(EVERYDAY_CHANGES)("%s is refused", (permission) => {
    expect(denied(authorize(me(), permission, broken))).toMatchObject({ status: 403, code: "unknown_plan" });
  });

  it.each([...VIEWING, RENAME, ...WAYS_OUT])("%s is still allowed", (permission) => {
    expect(authorize(me(), permission, broken)).toEqual(ALLOWED);
  });
});

describe("the permission table's properties, as behaviour", () => {
  const owner = (overrides: WorkspaceOverrides = {}) => workspace({ role: "owner", ...overrides });
  const isWayOut = (p: WorkspacePermission) => (WAYS_OUT as readonly string[]).includes(p);

  it.each(WORKSPACE_PERMISSIONS)(
    "while paused, %s is allowed only if it looks around, renames, changes who has access, or is a way out",
    (permission) => {
      const expected =
        permission.startsWith("view:") || permission === RENAME || isWayOut(permission) || ACCESS_CHANGES.includes(permission);
      const decisions = [
        authorize(me(), permission, owner({ lifecycleState: "suspended" })),
        authorize(me(), permission, owner({ billing: { planId: "trial@1", trialEndsAt: AT } }), { at: AT }),
        authorize(me(), permission, owner({ billing: { planId: "legacy@7" } })),
      ];
      for (const decision of decisions) expect(decision.allowed).toBe(expected);
    },
  );

  it.each(WORKSPACE_PERMISSIONS)("%s asks for memory and processors only if it creates or updates what runs", (permission) => {
    const sized = /^(create|update):(deployment|sandbox)$/.test(permission);
    expect(isSized(permission)).toBe(sized);
    const tooBig = owner({ billing: { planId: "trial@1" }, usage: { requestedMemory: "1g" } });
    const tooMany = owner({ billing: { planId: "trial@1" }, usage: { requestedCpus: 4 } });
    if (sized) {
      expect(denied(authorize(me(), permission, tooBig))).toMatchObject({ status: 403, code: "memory_limit" });
      expect(denied(authorize(me(), permission, tooMany))).toMatchObject({ status: 403, code: "cpu_limit" });
    } else {
      expect(authorize(me(), permission, tooBig)).toEqual(ALLOWED);
      expect(authorize(me(), permission, tooMany)).toEqual(ALLOWED);
    }
  });

  it.each(WORKSPACE_PERMISSIONS)("%s counts against the plan's deployments only if it adds one", (permission) => {
    const adds = /^create:(deployment|sandbox)$/.test(permission);
    expect(countsAgainstPlan(permission)).toBe(adds);
    const full = owner({ billing: { planId: "trial@1" }, usage: { deployments: 3 } });
    if (adds) expect(denied(authorize(me(), permission, full))).toMatchObject({ status: 403, code: "deployment_limit" });
    else expect(authorize(me(), permission, full)).toEqual(ALLOWED);
  });

  it("every sized request is something every member may make (sizes are the plan's limit, not the role's)", () => {
    for (const permission of WORKSPACE_PERMISSIONS.filter(isSized)) {
      expect(authorize(me(), permission, workspace({ role: "member" }))).toEqual(ALLOWED);
    }
  });
});

describe("can()", () => {
  it("mirrors authorize for hiding buttons", () => {
    expect(can(me(), "delete:workspace", workspace({ role: "owner" }))).toBe(true);
    expect(can(me(), "delete:workspace", workspace({ role: "admin" }))).toBe(false);
    expect(can(me(), "view:workspace", workspace({ membership: null }))).toBe(false);
    expect(can(me("hobby@1"), "create:workspace", newWorkspace(0, "us-east"))).toBe(false);
  });
});
