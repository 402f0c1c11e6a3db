import { getFormProps, getInputProps } from "@conform-to/react";
import { Form, href, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/workspaces-new";
import { authorize, liftedByAPlan } from "../../domain/authorize";
import { getPlan } from "../../domain/plans/catalog";
import { REGIONS } from "../../domain/regions";
import { NEW_WORKSPACE_PAGE as P, REGION_HINTS, regionName, SITE_FRAME } from "../../domain/vocabulary";
import { requireAccount } from "../.server/auth/session";
import { invalid, readIntentForm, refused, unknownForm } from "../.server/forms/form-reply";
import { getRequestContext } from "../../server/bindings/request-context";
import { ulid } from "../../server/ids";
import { countActiveOwnedWorkspaces } from "../../server/repositories/workspaces";
import { createWorkspace } from "../.server/workspaces/create-workspace";
import { FieldProblem, FormSummary, PlanLink, TextField, useIntentForm } from "../components/form-kit";
import { createWorkspaceSchema } from "../forms/workspace-forms";

export async function loader({ request, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const plan = getPlan(account.planId);
  const allowed = new Set<string>(plan?.entitlements.regions ?? []);
  const owned = await countActiveOwnedWorkspaces(rc.db, account.id);
  // Checked with a region the plan offers, so the only possible refusals are about the account.
  const decision = authorize(account, "create:workspace", {
    type: "new-workspace",
    activeWorkspaceCount: owned,
    region: [...allowed][0] ?? "eu-west",
  });
  return {
    requestId: ulid().toLowerCase(),
    refusal: decision.allowed ? null : decision.message,
    refusalPlans: liftedByAPlan(decision),
    regions: REGIONS.map((r) => ({ id: r, name: regionName(r), hint: REGION_HINTS[r], allowed: allowed.has(r) })),
    planName: plan?.name ?? "",
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const form = await readIntentForm(request, { create: createWorkspaceSchema });
  if (!form.intent) return unknownForm("create");
  const { intent, submission } = form;
  if (submission.status !== "success") return invalid(intent, submission);
  const result = await createWorkspace(rc, account, submission.value);
  // Not allowed by the plan (how many, or where): said above the form, what was typed kept.
  if (!result.ok) return refused(intent, submission, result.message, { status: 403, plans: result.plans ?? false });
  return redirect(href("/workspaces/:slug", { slug: result.slug }));
}

export const meta: Route.MetaFunction = () => [{ title: SITE_FRAME.pageTitle(P.title) }];

export default function NewWorkspace({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const { form, fields, done, plans } = useIntentForm("create", createWorkspaceSchema, actionData, {
    defaultValue: { region: loaderData.regions.find((r) => r.allowed)?.id },
  });
  const busy = navigation.state !== "idle" && navigation.formAction === href("/workspaces/new");

  return (
    <>
      <div className="page-head">
        <h1>{P.heading}</h1>
        <Link to={href("/workspaces")}>{P.back}</Link>
      </div>
      {loaderData.refusal ? (
        <div className="notice warn" role="alert" data-testid="create-refused">
          <p>{loaderData.refusal}</p>
          {loaderData.refusalPlans ? <PlanLink /> : null}
        </div>
      ) : null}
      <section className="card">
        <FormSummary form={form} done={done} plans={plans} />
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="create" />
          <input type="hidden" name="requestId" value={loaderData.requestId} />
          <TextField field={fields.name} label={P.name} maxLength={200} autoComplete="off" placeholder={P.namePlaceholder} />
          <fieldset
            className="choices"
            aria-invalid={fields.region.errors ? true : undefined}
            aria-describedby={fields.region.errors ? fields.region.errorId : undefined}
          >
            <legend>{P.where}</legend>
            {loaderData.regions.map((region) => (
              <label key={region.id} className={`choice${region.allowed ? "" : " disabled"}`}>
                <input
                  {...getInputProps(fields.region, { type: "radio", value: region.id, ariaAttributes: false })}
                  id={`${fields.region.id}-${region.id}`}
                  disabled={!region.allowed}
                />
                <span>
                  <strong>{region.name}</strong>
                  <br />
                  <span className="muted">{region.allowed ? region.hint : P.notInPlan(loaderData.planName)}</span>
                </span>
              </label>
            ))}
            <FieldProblem field={fields.region} />
          </fieldset>
          <button type="submit" disabled={busy || Boolean(loaderData.refusal)}>
            {busy ? P.creating : P.create}
          </button>
        </Form>
      </section>
    </>
  );
}
