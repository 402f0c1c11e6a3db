import { data, Form, href, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/change-plan";
import { isLiveSubscription } from "../../domain/billing/billing-state";
import { effectivePlanOf } from "../../domain/billing/effective-plan";
import { changeDirection, previewPlanChange, validKeepChoice } from "../../domain/billing/plan-change";
import { getPlan, isTrialPlan, publicPlans, type Plan } from "../../domain/plans/catalog";
import { BILLING_PAGE, CHANGE_PLAN_PAGE as P, planFeatures, regionName, SITE_FRAME } from "../../domain/vocabulary";
import { requireAccount } from "../.server/auth/session";
import { holderOf, priceOf } from "../.server/billing/plan-offers";
import { planChangeWorkspaces } from "../.server/billing/plan-change-workspaces";
import { getRequestContext, type RequestContext } from "../../server/bindings/request-context";
import { applyFates } from "../../server/billing/apply-fates";
import { changePlan } from "../../server/billing/change-plan";
import { pricesForPages } from "../../server/billing/prices";
import { billingAccountById, setKeptWorkspaces, workspacesPaidBy, type BillingAccount } from "../../server/repositories/billing";
import { ulid } from "../../server/ids";

const ATTEMPT = /^[0-9a-z]{10,40}$/;

function paidPlan(id: unknown): Plan | null {
  const plan = typeof id === "string" ? getPlan(id) : undefined;
  return plan && plan.status === "active" && !isTrialPlan(plan) ? plan : null;
}

/** The account, its current (effective) plan, and the plan asked about. */
/** `asked` "current" is the swap: which workspaces run on the plan they have. */
async function context(rc: RequestContext, accountId: string, asked: unknown) {
  const account = (await billingAccountById(rc.db, accountId))!;
  const current = effectivePlanOf(holderOf(account), rc.now());
  const others = publicPlans().filter((p) => !isTrialPlan(p) && p.id !== current?.id);
  const target = asked === "current" && current ? current : (paidPlan(asked) ?? others[0] ?? current);
  return { account, current, target };
}

async function preview(rc: RequestContext, account: BillingAccount, from: Plan | null, to: Plan, chosen: string[] | null) {
  const owned = await workspacesPaidBy(rc.db, account.id);
  const workspaces = await planChangeWorkspaces(rc, owned);
  return { owned, workspaces, preview: previewPlanChange(from, to, workspaces, chosen) };
}

export async function loader({ request, context: ctx }: Route.LoaderArgs) {
  const rc = getRequestContext(ctx);
  const signedIn = requireAccount(request, ctx);
  const { account, current, target } = await context(rc, signedIn.id, new URL(request.url).searchParams.get("plan"));
  const live = isLiveSubscription(account.subscriptionStatus);
  if (!live || !target) throw redirect(href("/pricing"));
  const prices = await pricesForPages(rc);
  const { workspaces, preview: pv } = await preview(rc, account, current, target, account.keptWorkspaceIds ?? null);
  const names = new Map(workspaces.map((w) => [w.id, w.name]));
  const name = (id: string) => names.get(id) ?? "";
  const swapping = target.id === current?.id;
  return {
    refusal: account.subscriptionStatus !== "active" && account.subscriptionStatus !== "trialing" ? P.paymentOwed : null,
    currentName: current?.name ?? null,
    plans: publicPlans()
      .filter((p) => !isTrialPlan(p))
      .map((p) => ({
        id: p.id,
        name: p.name,
        price: priceOf(p, prices) ?? "",
        current: p.id === current?.id,
        selected: p.id === target.id,
      })),
    target: { id: target.id, name: target.name, price: priceOf(target, prices) ?? "", features: planFeatures(target) },
    direction: swapping ? "same" : changeDirection(current, target),
    swapping,
    maxWorkspaces: pv.maxWorkspaces,
    mustChoose: pv.mustChoose,
    pausesNone: pv.paused.length === 0,
    choices: workspaces.map((w) => ({
      id: w.id,
      name: w.name,
      region: w.region ? regionName(w.region) : "",
      choosable: pv.choosable.includes(w.id),
      kept: pv.keep.includes(w.id),
    })),
    stops: [
      ...pv.paused.map((p) =>
        p.why === "region"
          ? P.pausedRegion(name(p.id), regionName(workspaces.find((w) => w.id === p.id)?.region ?? "us-east"))
          : P.pausedOverLimit(name(p.id)),
      ),
      ...pv.overDeploymentLimit.map((o) => P.overDeployments(name(o.id), o.count, o.limit)),
      ...pv.overSizeCaps.map((o) => P.overSize(name(o.id), o.count)),
    ],
    attempt: ulid().toLowerCase(),
  };
}

export async function action({ request, context: ctx }: Route.ActionArgs) {
  const rc = getRequestContext(ctx);
  const signedIn = requireAccount(request, ctx);
  const form = await request.formData().catch(() => null);
  if (!form) return refuse(P.unknownPlan, 400);
  const intent = form.get("intent");
  const { account, current, target } = await context(rc, signedIn.id, form.get("plan"));
  if (!paidPlan(form.get("plan")) || !target) return refuse(P.unknownPlan, 400);
  if (!isLiveSubscription(account.subscriptionStatus)) return refuse(P.noPlanYet, 409);
  const keep = form.getAll("keep").filter((v): v is string => typeof v === "string");
  const { preview: pv } = await preview(rc, account, current, target, keep);
  const choice = validKeepChoice(pv, keep);
  if (pv.mustChoose && choice === null) return refuse(P.badChoice, 400);

  if (intent === "swap") {
    // During a pause's grace: which workspace runs, on the plan they already have.
    if (target.id !== current?.id) return refuse(P.unknownPlan, 400);
    await setKeptWorkspaces(rc.db, account.id, choice);
    await applyFates(rc, account.id, { actor: `account:${account.id}`, swap: true });
    return redirect(`${href("/account/billing")}?notice=swapped`);
  }
  if (intent !== "change") return refuse(P.unknownPlan, 400);
  if (target.id === current?.id) return refuse(P.samePlan, 409);
  const sent = form.get("attempt");
  const attempt = typeof sent === "string" && ATTEMPT.test(sent) ? sent : ulid().toLowerCase();
  const direction = changeDirection(current, target) === "downgrade" ? "downgrade" : "upgrade";
  const result = await changePlan(rc, {
    accountId: account.id,
    to: target,
    direction,
    keep: pv.mustChoose ? choice : null,
    attempt,
  });
  switch (result.kind) {
    case "changed":
      return redirect(`${href("/account/billing")}?changed=${encodeURIComponent(target.id)}`);
    case "payment_owed":
      return refuse(P.paymentOwed, 409);
    case "declined":
      return refuse(P.declined, 402);
    case "same_plan":
      return refuse(P.samePlan, 409);
    case "no_subscription":
      return refuse(P.noPlanYet, 409);
    default:
      return refuse(P.unknownPlan, 503);
  }
}

/** A refusal in plain words, with the status it deserves; the page shows it above the form. */
function refuse(message: string, status: 400 | 402 | 409 | 503) {
  return data({ message }, { status });
}

export const meta: Route.MetaFunction = () => [{ title: SITE_FRAME.pageTitle(P.title) }];

export default function ChangePlan({ loaderData: d, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post";
  return (
    <>
      <div className="page-head">
        <h1>{P.heading}</h1>
        <Link to={href("/account/billing")}>{BILLING_PAGE.title}</Link>
      </div>
      {d.currentName ? <p>{P.current(d.currentName)}</p> : null}
      {actionData?.message || d.refusal ? (
        <p className="notice warn" role="alert" data-testid="change-plan-refused">
          {actionData?.message ?? d.refusal}
        </p>
      ) : null}
      <section className="card" aria-labelledby="choose-heading">
        <h2 id="choose-heading">{P.choose}</h2>
        <Form method="get" className="inline-choices">
          {d.plans.map((p) => (
            <label key={p.id} className="choice">
              <input type="radio" name="plan" value={p.id} defaultChecked={p.selected} />
              <span>{P.to(p.name, p.price)}</span>
            </label>
          ))}
          <button type="submit" className="secondary">
            {P.showChanges}
          </button>
        </Form>
      </section>
      <section className="card" aria-labelledby="allows-heading">
        <h2 id="allows-heading">{P.allows(d.target.name)}</h2>
        <ul className="features">
          {d.target.features.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
        <h3>{P.whatStops}</h3>
        {d.stops.length === 0 ? (
          <p data-testid="nothing-stops">{P.nothingStops}</p>
        ) : (
          <ul data-testid="what-stops">
            {d.stops.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        )}
      </section>
      <Form method="post" className="card">
        <input type="hidden" name="plan" value={d.target.id} />
        <input type="hidden" name="attempt" value={d.attempt} />
        {d.mustChoose ? (
          <fieldset className="choices" data-testid="keep-choices">
            <legend id="keep-heading">{d.swapping ? P.swapHeading : P.chooseToKeep(d.maxWorkspaces)}</legend>
            <p className="muted">{P.keepHint}</p>
            {d.choices.map((c) => (
              <label key={c.id} className={`choice${c.choosable ? "" : " disabled"}`}>
                <input type="checkbox" name="keep" value={c.id} defaultChecked={c.kept} disabled={!c.choosable} />
                <span>
                  <strong>{c.name}</strong> <span className="muted">{c.choosable ? c.region : P.notChoosable(c.name)}</span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : d.pausesNone ? (
          <p className="muted">{P.keepAll}</p>
        ) : null}
        {d.swapping ? null : (
          <p className="muted">{d.direction === "upgrade" ? P.upgradeNote(d.target.price) : P.downgradeNote}</p>
        )}
        {d.swapping ? (
          d.mustChoose ? (
            <button type="submit" name="intent" value="swap" disabled={busy}>
              {P.swap}
            </button>
          ) : null
        ) : (
          <button type="submit" name="intent" value="change" disabled={busy || Boolean(d.refusal)}>
            {P.confirm(d.target.name)}
          </button>
        )}
      </Form>
    </>
  );
}
