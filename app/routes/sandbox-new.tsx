import { getFormProps } from "@conform-to/react";
import { Form, href, redirect, useNavigation } from "react-router";
import { liftedByAPlan } from "../../domain/authorize";
import type { Route } from "./+types/sandbox-new";
import { getPlan } from "../../domain/plans/catalog";
import { SANDBOX_NEW_PAGE as W } from "../../domain/vocabulary";
import { getRequestContext } from "../../server/bindings/request-context";
import { checkPlan } from "../.server/deployments/plan-check";
import { invalid, readIntentForm, refused, unknownForm } from "../.server/forms/form-reply";
import { resourceChoices } from "../forms/resource-choices";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { FormSummary, TextAreaField, TextField, useIntentForm, PlanLink } from "../components/form-kit";
import { ResourceFields } from "../components/resource-fields";
import { newSandboxSchema } from "../forms/sandbox-forms";

export async function loader({ context }: Route.LoaderArgs) {
  const page = workspacePage(context, "view:sandbox");
  const decision = may(page, "create:sandbox");
  return {
    head: page.head,
    gate: page.gate,
    // A pause is explained by the gate's notice; saying it twice reads like two problems.
    refusal: decision.allowed || (decision.code === "workspace_paused" && !page.gate.open) ? null : decision.message,
    refusalPlans: liftedByAPlan(decision),
    choices: resourceChoices(getPlan(page.workspace.billing.planId)),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:sandbox");
  const form = await readIntentForm(request, { create: newSandboxSchema });
  if (!form.intent) return unknownForm("create");
  const { intent, submission } = form;
  if (!page.gate.open) return refused(intent, submission, page.gate.description, { status: 409 });
  const allowed = may(page, "create:sandbox");
  if (!allowed.allowed) return refused(intent, submission, allowed.message, { status: 403 });
  if (submission.status !== "success") return invalid(intent, submission);
  const v = submission.value;
  const outcome = await withOpenBerth(
    rc,
    page.workspace,
    async (client): Promise<{ refused: string } | { created: { id: string } }> => {
      const decision = await checkPlan(client, page.account, page.workspace, "create:sandbox", { memory: v.memory });
      if (!decision.allowed) return { refused: decision.message };
      return { created: await client.createSandbox({ [v.fileName]: v.code }, { name: v.name, memory: v.memory || undefined }) };
    },
  );
  if (!outcome.ok) return refused(intent, submission, outcome.message);
  if ("refused" in outcome.value) return refused(intent, submission, outcome.value.refused, { status: 403 });
  rc.log.info("sandbox.created", { workspaceId: page.workspace.id, sandboxId: outcome.value.created.id });
  return redirect(
    href("/workspaces/:slug/sandboxes/:sandboxId", { slug: page.workspace.slug, sandboxId: outcome.value.created.id }),
  );
}

export const meta: Route.MetaFunction = () => [{ title: W.documentTitle }];

export default function NewSandbox({ loaderData: d, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const { form, fields, plans } = useIntentForm("create", newSandboxSchema, actionData, {
    defaultValue: { fileName: "index.html" },
  });
  return (
    <>
      <h1>{W.title}</h1>
      <p className="lede">{W.lede}</p>
      {d.refusal ? (
        <div className="notice warn" role="alert">
          <p>{d.refusal}</p>
          {d.refusalPlans ? <PlanLink /> : null}
        </div>
      ) : null}
      {d.gate.open && !d.refusal ? (
        <section className="card">
          <FormSummary form={form} plans={plans} />
          <Form method="post" autoComplete="off" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="create" />
            <TextField field={fields.name} label={W.name} required maxLength={40} />
            <TextField field={fields.fileName} label={W.fileName} required maxLength={200} spellCheck={false} />
            <TextAreaField field={fields.code} label={W.code} rows={8} required spellCheck={false} />
            <ResourceFields choices={d.choices} memory={fields.memory} />
            <button type="submit" disabled={busy}>
              {W.submit}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
