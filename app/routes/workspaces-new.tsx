import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/workspaces-new";
import { authorize } from "../../domain/authorize";
import { getPlan } from "../../domain/plans/catalog";
import { REGIONS } from "../../domain/regions";
import { REGION_HINTS, regionName } from "../../domain/vocabulary";
import { requireAccount } from "../.server/auth/session";
import { getRequestContext } from "../../server/bindings/request-context";
import { ulid } from "../../server/ids";
import { countActiveOwnedWorkspaces } from "../../server/repositories/workspaces";
import { createWorkspace } from "../.server/workspaces/create-workspace";
import { FieldError } from "../components/field-error";
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
    regions: REGIONS.map((r) => ({ id: r, name: regionName(r), hint: REGION_HINTS[r], allowed: allowed.has(r) })),
    planName: plan?.name ?? "",
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const formData = await request.formData().catch(() => new FormData());
  const submission = parseWithZod(formData, { schema: createWorkspaceSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const result = await createWorkspace(rc, account, submission.value);
  if (!result.ok) {
    const reply = result.field
      ? submission.reply({ fieldErrors: { [result.field]: [result.message] } })
      : submission.reply({ formErrors: [result.message] });
    return data(reply, { status: 403 });
  }
  return redirect(`/workspaces/${result.slug}`);
}

export const meta: Route.MetaFunction = () => [{ title: "New workspace · Harbor" }];

export default function NewWorkspace({ loaderData, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult: actionData,
    defaultValue: { region: loaderData.regions.find((r) => r.allowed)?.id },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createWorkspaceSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const busy = navigation.state !== "idle" && navigation.formAction === "/workspaces/new";

  return (
    <>
      <div className="page-head">
        <h1>New workspace</h1>
        <Link to="/workspaces">Back to your workspaces</Link>
      </div>
      {loaderData.refusal ? (
        <p className="notice warn" role="alert" data-testid="create-refused">
          {loaderData.refusal}
        </p>
      ) : null}
      <section className="card">
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="requestId" value={loaderData.requestId} />
          {form.errors?.length ? (
            <p className="notice bad" role="alert" id={form.errorId}>
              {form.errors[0]}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor={fields.name.id}>Name</label>
            <input
              {...getInputProps(fields.name, { type: "text" })}
              maxLength={200}
              autoComplete="off"
              placeholder="e.g. Marketing site"
            />
            <FieldError id={fields.name.errorId} errors={fields.name.errors} />
          </div>
          <fieldset className="choices" aria-describedby={fields.region.errors?.length ? fields.region.errorId : undefined}>
            <legend>Where should it live?</legend>
            {loaderData.regions.map((region) => (
              <label key={region.id} className={`choice${region.allowed ? "" : " disabled"}`}>
                <input
                  type="radio"
                  name={fields.region.name}
                  value={region.id}
                  defaultChecked={fields.region.initialValue === region.id}
                  disabled={!region.allowed}
                />
                <span>
                  <strong>{region.name}</strong>
                  <br />
                  <span className="muted">
                    {region.allowed ? region.hint : `Not included in your ${loaderData.planName} plan.`}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          <FieldError id={fields.region.errorId} errors={fields.region.errors} />
          <button type="submit" disabled={busy || Boolean(loaderData.refusal)}>
            {busy ? "Creating…" : "Create workspace"}
          </button>
        </Form>
      </section>
    </>
  );
}
