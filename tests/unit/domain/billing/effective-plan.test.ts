// The effective plan: what an account's workspaces may use right now. The rule, as
// stated: the trial plan while the trial runs; the paid plan while the subscription is
// active, past due or cancelling; no plan once the trial is over or the subscription has
// ended; an unreadable plan is "unknown" (closed, never a throw).

import { describe, expect, it } from "vitest";
import { BILLING_STATES, billingStandingOf, type BillingState, type EndedReason } from "../../../../domain/billing/billing-state";
import { effectivePlan, effectivePlanOf, type BillingHolder } from "../../../../domain/billing/effective-plan";
import { PLAN_CATALOG, getPlan, planForLookupKey, priceLookupKeys, requirePlan } from "../../../../domain/plans/catalog";

const AT = new Date(Date.UTC(2026, 3, 10, 12, 0, 0));
const DAY = 24 * 60 * 60 * 1000;
const later = (ms: number) => new Date(AT.getTime() + ms);

const TRIAL = requirePlan("trial@1");
const HOBBY = requirePlan("hobby@1");
const PRO = requirePlan("pro@1");
const PAID_IDS = ["hobby@1", "pro@1"] as const;
const PAID_STATES = ["active", "past_due", "cancelling"] as const satisfies readonly BillingState[];
const UNKNOWN_IDS = ["", "pro@2", "enterprise@1", "PRO@1", "toString", "__proto__", "constructor"];

const holder = (overrides: Partial<BillingHolder> = {}): BillingHolder => ({
  planId: "trial@1",
  trialEndsAt: later(3 * DAY),
  billingState: "trial",
  endedReason: null,
  ...overrides,
});

describe("on the trial", () => {
  it("while the trial runs, the trial plan is in force", () => {
    expect(effectivePlan(holder(), AT)).toEqual({ kind: "plan", plan: TRIAL });
    expect(effectivePlanOf(holder(), AT)).toBe(TRIAL);
  });

  it("one millisecond before the end, still running", () => {
    expect(effectivePlan(holder({ trialEndsAt: later(1) }), AT).kind).toBe("plan");
  });

  it("at the end moment itself the trial is over", () => {
    expect(effectivePlan(holder({ trialEndsAt: AT }), AT)).toEqual({ kind: "none", reason: "trial_ended" });
  });

  it("after the end: no plan, every workspace pauses for trial_ended", () => {
    expect(effectivePlan(holder({ trialEndsAt: later(-DAY) }), AT)).toEqual({ kind: "none", reason: "trial_ended" });
    expect(effectivePlanOf(holder({ trialEndsAt: later(-DAY) }), AT)).toBeNull();
  });

  it("an unreadable trial end counts as over (closed)", () => {
    expect(effectivePlan(holder({ trialEndsAt: new Date(Number.NaN) }), AT)).toEqual({ kind: "none", reason: "trial_ended" });
  });

  it("the answer moves with the clock, not with anything stored", () => {
    const h = holder({ trialEndsAt: later(DAY) });
    expect(effectivePlan(h, AT).kind).toBe("plan");
    expect(effectivePlan(h, later(DAY)).kind).toBe("none");
  });

  it.each(PAID_IDS)("a paid plan id (%s) without a subscription grants nothing", (planId) => {
    // Even with a trial end far in the future, or none at all.
    expect(effectivePlan(holder({ planId, trialEndsAt: later(30 * DAY) }), AT)).toEqual({ kind: "none", reason: "trial_ended" });
    expect(effectivePlan(holder({ planId, trialEndsAt: null }), AT)).toEqual({ kind: "none", reason: "trial_ended" });
  });

  it.each(UNKNOWN_IDS)("an unknown plan id (%j) is unknown", (planId) => {
    expect(effectivePlan(holder({ planId }), AT)).toEqual({ kind: "unknown" });
    expect(effectivePlanOf(holder({ planId }), AT)).toBeNull();
  });
});

describe.each(PAID_STATES)("subscription %s", (billingState) => {
  it.each(PAID_IDS)("with a paid plan (%s): that plan is in force", (planId) => {
    const h = holder({ planId, billingState, trialEndsAt: null });
    expect(effectivePlan(h, AT)).toEqual({ kind: "plan", plan: getPlan(planId) });
    expect(effectivePlanOf(h, AT)).toBe(getPlan(planId));
  });

  it("a trial end long past does not touch a paid plan", () => {
    expect(effectivePlan(holder({ planId: "pro@1", billingState, trialEndsAt: later(-100 * DAY) }), AT)).toEqual({
      kind: "plan",
      plan: PRO,
    });
  });

  it("with the trial plan id: unknown (a subscription never pays for a trial)", () => {
    expect(effectivePlan(holder({ planId: "trial@1", billingState }), AT)).toEqual({ kind: "unknown" });
    expect(effectivePlan(holder({ planId: "trial@1", billingState, trialEndsAt: later(-DAY) }), AT)).toEqual({ kind: "unknown" });
  });

  it.each(UNKNOWN_IDS)("with an unknown plan id (%j): unknown", (planId) => {
    expect(effectivePlan(holder({ planId, billingState }), AT)).toEqual({ kind: "unknown" });
  });
});

describe("subscription ended", () => {
  it.each<[EndedReason | null, string]>([
    ["payment_failed", "payment_failed"],
    ["plan_ended", "plan_ended"],
    [null, "plan_ended"],
  ])("with reason %s: no plan, paused for %s", (endedReason, reason) => {
    for (const planId of ["hobby@1", "pro@1", "trial@1", "nonsense@9"]) {
      const h = holder({ planId, billingState: "ended", endedReason, trialEndsAt: later(30 * DAY) });
      expect(effectivePlan(h, AT), planId).toEqual({ kind: "none", reason });
      expect(effectivePlanOf(h, AT), planId).toBeNull();
    }
  });
});

describe("a billing state this code does not know", () => {
  it("is unknown, never a throw", () => {
    const h = holder({ planId: "pro@1", billingState: "frozen" as BillingState });
    expect(effectivePlan(h, AT)).toEqual({ kind: "unknown" });
  });
});

describe("from a Stripe price to what runs", () => {
  it.each(priceLookupKeys())("a subscription on %s, active, runs the plan that price stands for", (key) => {
    const plan = planForLookupKey(key);
    expect(plan).toBeDefined();
    const { state, endedReason } = billingStandingOf({ status: "active", cancelScheduled: false, cancellationReason: null });
    expect(effectivePlanOf({ planId: plan!.id, trialEndsAt: null, billingState: state, endedReason }, AT)).toBe(plan);
  });

  it("every priced plan is a paid plan in force on an active subscription, and the trial has no price", () => {
    expect(
      priceLookupKeys()
        .map((k) => planForLookupKey(k)?.id)
        .sort(),
    ).toEqual(["hobby@1", "pro@1"]);
    expect(planForLookupKey(null)).toBeUndefined();
    expect(planForLookupKey("")).toBeUndefined();
    expect(planForLookupKey("price_unknown")).toBeUndefined();
  });

  it("an incomplete subscription to pro leaves a trial account on its trial", () => {
    const { state, endedReason } = billingStandingOf({ status: "incomplete", cancelScheduled: false, cancellationReason: null });
    expect(effectivePlanOf({ planId: "trial@1", trialEndsAt: later(DAY), billingState: state, endedReason }, AT)).toBe(TRIAL);
  });
});

describe("whatever the holder", () => {
  it("the answer is always one of the three kinds, and a plan is always a catalog plan", () => {
    const ids = [...Object.keys(PLAN_CATALOG), ...UNKNOWN_IDS];
    const ends = [null, later(-DAY), AT, later(DAY), new Date(Number.NaN)];
    for (const planId of ids)
      for (const billingState of BILLING_STATES)
        for (const endedReason of [null, "payment_failed", "plan_ended"] as const)
          for (const trialEndsAt of ends) {
            const h = { planId, billingState, endedReason, trialEndsAt };
            const e = effectivePlan(h, AT);
            const note = JSON.stringify(h);
            if (e.kind === "plan") {
              expect(e.plan, note).toBe(getPlan(planId));
              // Only a trial on the trial state, only a paid plan on a subscription.
              expect(e.plan === TRIAL, note).toBe(billingState === "trial");
              expect([HOBBY, PRO].includes(e.plan) || e.plan === TRIAL, note).toBe(true);
            } else if (e.kind === "none") {
              expect(["trial", "ended"], note).toContain(billingState);
            } else {
              expect(e, note).toEqual({ kind: "unknown" });
              expect(billingState, note).not.toBe("ended");
            }
          }
  });
});
