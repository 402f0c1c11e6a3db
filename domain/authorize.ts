// Authorize in one place (principle 04): every loader, action and use case asks
// authorize(account, permission, resource). What each role may do, and which permissions
// stay open while paused, count against the plan or ask for resources, is declared once in
// permissions.ts (PERMISSION_TABLE); this function combines it with the billing owner's
// plan, trial and the invariants, and is the only place that decides. It never throws:
// anything unexpected is a refusal.

import { now } from "./clock";
import type { WorkspaceState } from "./lifecycle/states";
import type { Permission, Role, WorkspacePermission } from "./permissions";
import { allowedWhilePaused, countsAgainstPlan, isSized, isWorkspacePermission, roleCan, rolesWith } from "./permissions";
import type { Plan } from "./plans/catalog";
import {
  deploymentLimit,
  getPlan,
  isTrialPlan,
  planAllowsRegion,
  plansAllowingMoreWorkspaces,
  publicPlans,
} from "./plans/catalog";
import { parseSize } from "./plans/sizes";
import { isRegion } from "./regions";
import type { BillingHolder } from "./billing/effective-plan";
import { effectivePlan } from "./billing/effective-plan";
import type { SuspensionReason } from "./lifecycle/states";
import {
  DENIAL_MESSAGES,
  PAUSED_DESCRIPTIONS,
  cpuLimitMessage,
  deploymentLimitMessage,
  forbiddenMessage,
  memoryLimitMessage,
  regionName,
  regionNotAllowedMessage,
  workspaceLimitMessage,
} from "./vocabulary";

/** The signed-in account, with its own billing (it pays for the workspaces it creates). */
export type AuthzAccount = { id: string } & BillingHolder;

export type Membership = { accountId: string; role: Role };

/**
 * The billing owner's side of a workspace: a workspace is judged by whoever pays for it,
 * never by the signed-in account — their plan, trial and billing state, through the
 * effective plan (domain/billing/effective-plan.ts).
 */
export type WorkspaceBilling = BillingHolder;

export type AuthzResource =
  | { type: "account" }
  | {
      type: "new-workspace";
      /** Workspaces this account owns that are not deleted. */
      activeWorkspaceCount: number;
      /** Raw from the form; anything that isn't a region we offer is refused. */
      region: string;
    }
  | {
      type: "workspace";
      workspaceId: string;
      /** The signed-in account's membership, or null if it has none. */
      membership: Membership | null;
      billing: WorkspaceBilling;
      lifecycleState: WorkspaceState;
      usage?: {
        /** Deployments and sandboxes that exist now (OpenBerth counts both). */
        deployments?: number;
        /** OpenBerth size string the request asks for, e.g. "1g". */
        requestedMemory?: string;
        requestedCpus?: number;
      };
    };

export type DenialCode =
  | "not_found"
  | "forbidden"
  | "workspace_limit"
  | "region_not_allowed"
  | "deployment_limit"
  | "memory_limit"
  | "cpu_limit"
  | "trial_ended"
  | "workspace_paused"
  | "workspace_deleted"
  | "unknown_plan"
  | "invariant";

/** Refusals a plan would lift: the page links to the plans (pricing / Change plan). */
const PLAN_LIMIT_CODES: ReadonlySet<DenialCode> = new Set([
  "workspace_limit",
  "region_not_allowed",
  "deployment_limit",
  "memory_limit",
  "cpu_limit",
  "trial_ended",
]);

export function liftedByAPlan(decision: Decision): boolean {
  return !decision.allowed && PLAN_LIMIT_CODES.has(decision.code);
}

export type Decision = { allowed: true } | { allowed: false; status: 403 | 404; code: DenialCode; message: string };

export type AuthorizeOptions = {
  /** The moment to judge at (trial end); defaults to the app clock. */
  at?: Date;
};

const ALLOW: Decision = Object.freeze({ allowed: true });

function deny(status: 403 | 404, code: DenialCode, message: string): Decision {
  return { allowed: false, status, code, message };
}

const forbidden = (permission: Permission): Decision => deny(403, "forbidden", forbiddenMessage(rolesWith(permission)));

export function authorize(
  account: AuthzAccount,
  permission: Permission,
  resource: AuthzResource,
  options: AuthorizeOptions = {},
): Decision {
  switch (resource.type) {
    case "account":
      return permission === "view:account" ? ALLOW : forbidden(permission);
    case "new-workspace":
      return permission === "create:workspace"
        ? authorizeNewWorkspace(account, resource, options.at ?? now())
        : forbidden(permission);
    case "workspace":
      return isWorkspacePermission(permission)
        ? authorizeInWorkspace(account, permission, resource, options.at ?? now())
        : forbidden(permission);
    default:
      // Not reachable with correct types; stay closed for anything that slips through.
      return deny(403, "forbidden", DENIAL_MESSAGES.forbidden);
  }
}

/** For hiding buttons the customer can't use. Never a substitute for authorize(). */
export function can(account: AuthzAccount, permission: Permission, resource: AuthzResource, options?: AuthorizeOptions): boolean {
  return authorize(account, permission, resource, options).allowed;
}

function authorizeNewWorkspace(
  account: AuthzAccount,
  resource: Extract<AuthzResource, { type: "new-workspace" }>,
  at: Date,
): Decision {
  const effective = effectivePlan(account, at);
  if (effective.kind === "unknown") return deny(403, "unknown_plan", DENIAL_MESSAGES.unknownPlan);
  // No plan (trial over, plan ended, payment failed): nothing new, exactly as for an ended trial.
  if (effective.kind === "none") return deny(403, "trial_ended", NO_PLAN_MESSAGES[effective.reason]);
  const { plan } = effective;

  const max = plan.entitlements.maxWorkspaces;
  if (!(resource.activeWorkspaceCount < max)) {
    const roomier = plansAllowingMoreWorkspaces(plan).map((p) => ({
      name: p.name,
      maxWorkspaces: p.entitlements.maxWorkspaces,
    }));
    return deny(403, "workspace_limit", workspaceLimitMessage(plan.name, max, roomier));
  }

  if (!planAllowsRegion(plan, resource.region)) {
    const { region } = resource;
    // Suggest only plans one can move to: not the current one, not a trial.
    const plansWithRegion = isRegion(region)
      ? publicPlans()
          .filter((p) => p.id !== plan.id && !isTrialPlan(p) && planAllowsRegion(p, region))
          .map((p) => p.name)
      : [];
    const message = regionNotAllowedMessage(plan.name, plan.entitlements.regions.map(regionName), [...new Set(plansWithRegion)]);
    return deny(403, "region_not_allowed", message);
  }

  return ALLOW;
}

function authorizeInWorkspace(
  account: AuthzAccount,
  permission: WorkspacePermission,
  resource: Extract<AuthzResource, { type: "workspace" }>,
  at: Date,
): Decision {
  // Not a member: the workspace does not exist for them (no hint that it does).
  const { membership } = resource;
  if (membership === null || membership.accountId !== account.id) {
    return deny(404, "not_found", DENIAL_MESSAGES.notFound);
  }
  if (resource.lifecycleState === "deleted") {
    return deny(404, "workspace_deleted", DENIAL_MESSAGES.workspaceDeleted);
  }
  if (!roleCan(membership.role, permission)) return forbidden(permission);

  // The permission table says what stays open while paused (viewing, renaming, the ways out).
  if (allowedWhilePaused(permission)) return ALLOW;

  // Checked before the recorded pause so a workspace whose billing owner has no plan is
  // refused in the paused page's own words; the sync or sweep pausing it later changes nothing here.
  const effective = effectivePlan(resource.billing, at);
  if (effective.kind === "none") return deny(403, "workspace_paused", PAUSED_DESCRIPTIONS[effective.reason]);
  if (resource.lifecycleState === "suspended") {
    return deny(403, "workspace_paused", DENIAL_MESSAGES.workspacePaused);
  }
  // Entitlements come from the billing owner's plan; unreadable plan = closed.
  if (effective.kind === "unknown") return deny(403, "unknown_plan", DENIAL_MESSAGES.unknownPlan);

  return checkEntitlements(effective.plan, permission, resource.usage ?? {});
}

/** Why nothing new can be made when the account has no plan. */
const NO_PLAN_MESSAGES: Readonly<Record<Extract<SuspensionReason, "trial_ended" | "payment_failed" | "plan_ended">, string>> =
  Object.freeze({
    trial_ended: DENIAL_MESSAGES.trialEnded,
    payment_failed: DENIAL_MESSAGES.paymentFailed,
    plan_ended: DENIAL_MESSAGES.planEnded,
  });

/**
 * The billing owner has no plan (trial over, plan ended, payment failed): from that moment
 * the workspace counts as paused (changes refused, the reason shown), at request time — the
 * sync and the sweeps only catch its server up, and must not be what enforces it. The one
 * home of this rule; pages ask it through authorize() and workspace-page.ts. Returns the
 * pause reason, or null while there is a plan (or it can't be read: authorize() refuses
 * that as unknown_plan).
 */
export function billingPauseReason(billing: WorkspaceBilling, at: Date = now()): SuspensionReason | null {
  const effective = effectivePlan(billing, at);
  return effective.kind === "none" ? effective.reason : null;
}

function checkEntitlements(
  plan: Plan,
  permission: WorkspacePermission,
  usage: NonNullable<Extract<AuthzResource, { type: "workspace" }>["usage"]>,
): Decision {
  const limit = deploymentLimit(plan);
  if (countsAgainstPlan(permission) && usage.deployments !== undefined && limit !== null) {
    // Creating one more must stay within the limit, so the current count must be below it.
    if (!(usage.deployments < limit)) {
      return deny(403, "deployment_limit", deploymentLimitMessage(plan.name, limit));
    }
  }

  if (!isSized(permission)) return ALLOW;

  const { maxMemoryPerDeployment, maxCpusPerDeployment } = plan.entitlements;
  if (!memoryWithin(usage.requestedMemory, maxMemoryPerDeployment)) {
    return deny(403, "memory_limit", memoryLimitMessage(plan.name, maxMemoryPerDeployment));
  }
  const cpus = usage.requestedCpus;
  if (cpus !== undefined && !(Number.isFinite(cpus) && cpus >= 0 && cpus <= maxCpusPerDeployment)) {
    return deny(403, "cpu_limit", cpuLimitMessage(plan.name, maxCpusPerDeployment));
  }
  return ALLOW;
}

// Missing, "" and "0" mean "no override" in OpenBerth (the caller fills in the
// plan's value). Anything unreadable is refused rather than thrown.
function memoryWithin(requested: string | undefined, max: string): boolean {
  if (requested === undefined || requested === "" || requested === "0") return true;
  try {
    return parseSize(requested) <= parseSize(max);
  } catch {
    return false;
  }
}

// ── Invariants ───────────────────────────────────────────────────────────────
// This phase: every workspace has exactly one owner, and nobody is in it twice.

export function checkMembershipInvariants(memberships: readonly Membership[]): Decision {
  const accounts = new Set(memberships.map((m) => m.accountId));
  if (accounts.size !== memberships.length) {
    return deny(403, "invariant", DENIAL_MESSAGES.duplicateMember);
  }
  const owners = memberships.filter((m) => m.role === "owner").length;
  if (owners === 0) return deny(403, "invariant", DENIAL_MESSAGES.noOwner);
  if (owners > 1) return deny(403, "invariant", DENIAL_MESSAGES.twoOwners);
  return ALLOW;
}

/**
 * Would this change keep the invariants? newRole null removes the account;
 * an account not yet in the list is added. Who may make the change is a
 * separate authorize() question.
 */
export function authorizeMembershipChange(
  memberships: readonly Membership[],
  change: { accountId: string; newRole: Role | null },
): Decision {
  const others = memberships.filter((m) => m.accountId !== change.accountId);
  const after = change.newRole === null ? others : [...others, { accountId: change.accountId, role: change.newRole }];
  // A list that was already broken (duplicates) must not be "fixed" silently by this change.
  if (memberships.length - others.length > 1) {
    return deny(403, "invariant", DENIAL_MESSAGES.duplicateMember);
  }
  return checkMembershipInvariants(after);
}
