// The plan catalog: plans are code (principle 05).
//
// SHIPPED VERSIONS ARE IMMUTABLE. Customers on a version keep exactly these
// entitlements forever unless explicitly migrated (grandfathering is the
// default). To change anything — a limit, a price, a region — add a new version
// (e.g. "pro@2") and mark the old one "deprecated". Never edit a shipped entry:
// tests/fixtures/plan-catalog.v1.json holds every shipped version and the unit
// tests fail if an entry here drifts from it.

import type { Region } from "../regions";
import { parseSize } from "./sizes";

export const PLAN_FAMILIES = ["trial", "hobby", "pro"] as const;
export type PlanFamily = (typeof PLAN_FAMILIES)[number];

/** "<family>@<version>", e.g. "trial@1". Stored as text in accounts.plan_id. */
export type PlanId = `${PlanFamily}@${number}`;

/**
 * active: on the pricing page, new customers can pick it.
 * deprecated: hidden from pricing; existing customers keep it.
 * retired: customers get moved off it at renewal (last resort).
 */
export type PlanStatus = "active" | "deprecated" | "retired";

export type Entitlements = {
  /** Workspaces the account owns that are not deleted. */
  maxWorkspaces: number;
  regions: readonly Region[];
  /** Deployments and sandboxes together (OpenBerth counts both). */
  deploymentsPerWorkspace: number | "unlimited";
  customDomains: boolean;
  prioritySupport: boolean;
  /** null = no API access offered on this plan. */
  apiRateLimitPerMinute: number | null;
  /** null = not a trial plan. */
  trialDays: number | null;
  /** OpenBerth size string, e.g. "512m", "1g". */
  maxMemoryPerDeployment: string;
  maxCpusPerDeployment: number;
  /** OpenBerth size string, e.g. "5g". */
  monthlyNetworkQuotaPerDeployment: string;
};

export type Plan = {
  id: PlanId;
  family: PlanFamily;
  version: number;
  name: string;
  tagline: string;
  status: PlanStatus;
  /**
   * The Stripe price's LOOKUP KEY (the name is from the first catalog and stays: shipped
   * entries never change). Stripe assigns price ids itself, so Harbor finds the price by
   * this key (docs/decisions/0027). null = free (no Stripe price).
   */
  stripePriceId: string | null;
  entitlements: Entitlements;
};

/** The plan every new account starts on (a trial). The one place its id is written out. */
export const SIGNUP_PLAN_ID = "trial@1" satisfies PlanId;

// Deep freeze so no caller can edit a plan at runtime either.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const key of Reflect.ownKeys(value)) {
      deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    }
    Object.freeze(value);
  }
  return value;
}

const SHIPPED_PLANS: readonly Plan[] = [
  {
    id: "trial@1",
    family: "trial",
    version: 1,
    name: "Trial",
    tagline: "Default on signup. No card required.",
    status: "active",
    stripePriceId: null,
    entitlements: {
      maxWorkspaces: 1,
      regions: ["eu-west", "us-east"],
      deploymentsPerWorkspace: 3,
      customDomains: false,
      prioritySupport: false,
      apiRateLimitPerMinute: null,
      trialDays: 14,
      maxMemoryPerDeployment: "512m",
      maxCpusPerDeployment: 0.5,
      monthlyNetworkQuotaPerDeployment: "5g",
    },
  },
  {
    id: "hobby@1",
    family: "hobby",
    version: 1,
    name: "Hobby",
    tagline: "Personal projects. EU only.",
    status: "active",
    stripePriceId: "price_hobby_01",
    entitlements: {
      maxWorkspaces: 1,
      regions: ["eu-west"],
      deploymentsPerWorkspace: 10,
      customDomains: false,
      prioritySupport: false,
      apiRateLimitPerMinute: 60,
      trialDays: null,
      maxMemoryPerDeployment: "1g",
      maxCpusPerDeployment: 1,
      monthlyNetworkQuotaPerDeployment: "20g",
    },
  },
  {
    id: "pro@1",
    family: "pro",
    version: 1,
    name: "Pro",
    tagline: "Multiple projects. EU & US.",
    status: "active",
    stripePriceId: "price_pro_01",
    entitlements: {
      maxWorkspaces: 5,
      regions: ["eu-west", "us-east"],
      deploymentsPerWorkspace: "unlimited",
      customDomains: true,
      prioritySupport: true,
      apiRateLimitPerMinute: 600,
      trialDays: null,
      maxMemoryPerDeployment: "4g",
      maxCpusPerDeployment: 2,
      monthlyNetworkQuotaPerDeployment: "200g",
    },
  },
];

export const PLAN_CATALOG: Readonly<Record<string, Plan>> = deepFreeze(
  Object.fromEntries(SHIPPED_PLANS.map((plan) => [plan.id, plan])),
);

/** Own keys only, so "toString" or "__proto__" never resolve to a plan. */
export function getPlan(id: string): Plan | undefined {
  return Object.hasOwn(PLAN_CATALOG, id) ? PLAN_CATALOG[id] : undefined;
}

/** For ids that must exist (e.g. read back from our own database). */
export function requirePlan(id: string): Plan {
  const plan = getPlan(id);
  if (!plan) throw new Error(`Unknown plan id: ${JSON.stringify(id)}`);
  return plan;
}

/**
 * Whether a plan is a free trial: it lasts a number of days (its entitlements say how
 * many). The one home of "is this a trial" — by the entitlement, not by the name.
 */
export function isTrialPlan(plan: Plan): boolean {
  return plan.entitlements.trialDays !== null;
}

/** Every trial plan's id, every version (deprecated ones too): for picking trial accounts out in SQL. */
export function trialPlanIds(): PlanId[] {
  return Object.values(PLAN_CATALOG)
    .filter(isTrialPlan)
    .map((plan) => plan.id);
}

/** Plans new customers can choose (pricing page), in catalog order. */
export function publicPlans(): Plan[] {
  return Object.values(PLAN_CATALOG).filter((plan) => plan.status === "active");
}

/** Active plans with room for more workspaces than `current`, fewest first. */
export function plansAllowingMoreWorkspaces(current: Plan): Plan[] {
  return publicPlans()
    .filter((plan) => plan.entitlements.maxWorkspaces > current.entitlements.maxWorkspaces)
    .sort((a, b) => a.entitlements.maxWorkspaces - b.entitlements.maxWorkspaces);
}

/** Deployments (sandboxes included) allowed per workspace; null = unlimited. */
export function deploymentLimit(plan: Plan): number | null {
  const limit = plan.entitlements.deploymentsPerWorkspace;
  return limit === "unlimited" ? null : limit;
}

/** Takes any string so unknown regions (e.g. from a form) are simply refused. */
export function planAllowsRegion(plan: Plan, region: string): boolean {
  return (plan.entitlements.regions as readonly string[]).includes(region);
}

/** Bytes of memory one deployment may ask for on this plan. */
export function maxMemoryBytes(plan: Plan): number {
  return parseSize(plan.entitlements.maxMemoryPerDeployment);
}

/**
 * The plan a Stripe price stands for. `stripePriceId` holds the price's lookup key (Stripe
 * chooses price ids itself; docs/decisions/0027), so a price is matched by its lookup key.
 */
export function planForLookupKey(lookupKey: string | null | undefined): Plan | undefined {
  if (!lookupKey) return undefined;
  return Object.values(PLAN_CATALOG).find((plan) => plan.stripePriceId === lookupKey);
}

/** The lookup keys of every plan with a price (every version: existing customers keep theirs). */
export function priceLookupKeys(): string[] {
  return Object.values(PLAN_CATALOG).flatMap((plan) => (plan.stripePriceId ? [plan.stripePriceId] : []));
}
