import { getFormProps, type FieldMetadata } from "@conform-to/react";
import { Form, href, redirect, useNavigation } from "react-router";
import { liftedByAPlan } from "../../domain/authorize";
import type { Route } from "./+types/deployment-new";
import { getPlan } from "../../domain/plans/catalog";
import { NEW_DEPLOYMENT_PAGE as W, newDeploymentTabTitle } from "../../domain/vocabulary";
import { getRequestContext } from "../../server/bindings/request-context";
import { leftOutHeaders } from "../.server/deployments/left-out-notice";
import { putOnline } from "../.server/deployments/put-online";
import { tooLargeAnswer, uploadTooLarge } from "../.server/deployments/read-deploy-form";
import { invalid, readIntentForm, refused, unknownForm } from "../.server/forms/form-reply";
import { resourceChoices } from "../forms/resource-choices";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { FormSummary, TextAreaField, TextField, useIntentForm, PlanLink } from "../components/form-kit";
import { ResourceFields, UploadField } from "../components/resource-fields";
import { pasteDeploymentSchema, uploadDeploymentSchema } from "../forms/deployment-forms";

export async function loader({ context }: Route.LoaderArgs) {
  const page = workspacePage(context, "view:deployment");
  const decision = may(page, "create:deployment");
  return {
    head: page.head,
    gate: page.gate,
    // A pause is explained by the gate's notice; saying it twice reads like two problems.
    refusal: decision.allowed || (decision.code === "workspace_paused" && !page.gate.open) ? null : decision.message,
    refusalPlans: liftedByAPlan(decision),
    choices: resourceChoices(getPlan(page.workspace.billing.planId)),
    /** Preselected lifetime: the workspace's default (Settings), "until I delete it" unless changed. */
    defaultTtl: page.workspace.defaultTtl,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:deployment");
  // An upload bigger than we take is refused before its body is read.
  if (uploadTooLarge(request)) return tooLargeAnswer("upload");
  const form = await readIntentForm(request, { upload: uploadDeploymentSchema, paste: pasteDeploymentSchema });
  if (!form.intent) return unknownForm("upload");
  const { intent, submission } = form;
  // The gate first: a paused workspace says why (the trial ended…), not just "paused".
  if (!page.gate.open) return refused(intent, submission, page.gate.description, { status: 409 });
  const decision = may(page, "create:deployment");
  if (!decision.allowed) return refused(intent, submission, decision.message, { status: 403, plans: liftedByAPlan(decision) });
  if (submission.status !== "success") return invalid(intent, submission);

  const value = submission.value;
  const result = await putOnline(rc, page.account, page.workspace, {
    name: value.name,
    ttl: value.ttl,
    memory: value.memory,
    cpus: value.cpus,
    source:
      value.intent === "paste"
        ? { kind: "paste", fileName: value.fileName, code: value.code }
        : { kind: "upload", file: value.file ?? null },
  });
  if (!result.ok) return refused(intent, submission, result.message, { field: result.field, plans: result.plans ?? false });
  return redirect(href("/workspaces/:slug/deployments/:deploymentId", { slug: page.workspace.slug, deploymentId: result.id }), {
    headers: await leftOutHeaders(rc, result.leftOut),
  });
}

export const meta: Route.MetaFunction = ({ loaderData }) => [{ title: newDeploymentTabTitle(loaderData?.head.name) }];

export default function NewDeployment({ loaderData: d, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const upload = useIntentForm("upload", uploadDeploymentSchema, actionData, { defaultValue: { ttl: d.defaultTtl } });
  const paste = useIntentForm("paste", pasteDeploymentSchema, actionData, {
    defaultValue: { fileName: "index.html", ttl: d.defaultTtl },
  });
  return (
    <>
      <h1>{W.title}</h1>
      {d.refusal ? (
        <div className="notice warn" role="alert">
          <p>{d.refusal}</p>
          {d.refusalPlans ? <PlanLink /> : null}
        </div>
      ) : null}
      {d.gate.open && !d.refusal ? (
        <>
          <section className="card" aria-labelledby="upload-heading">
            <h2 id="upload-heading">{W.uploadHeading}</h2>
            <p className="muted">{W.uploadHint}</p>
            <FormSummary form={upload.form} plans={upload.plans} />
            <Form method="post" encType="multipart/form-data" autoComplete="off" {...getFormProps(upload.form)}>
              <input type="hidden" name="intent" value="upload" />
              <NameField field={upload.fields.name} />
              <UploadField field={upload.fields.file} label={W.fileLabel} />
              <ResourceFields
                choices={d.choices}
                ttl={upload.fields.ttl}
                memory={upload.fields.memory}
                cpus={upload.fields.cpus}
              />
              <button type="submit" disabled={busy}>
                {busy && navigation.formData?.get("intent") === "upload" ? W.uploading : W.putOnline}
              </button>
            </Form>
          </section>
          <section className="card" aria-labelledby="paste-heading">
            <h2 id="paste-heading">{W.pasteHeading}</h2>
            <FormSummary form={paste.form} plans={paste.plans} />
            <Form method="post" autoComplete="off" {...getFormProps(paste.form)}>
              <input type="hidden" name="intent" value="paste" />
              <NameField field={paste.fields.name} />
              <TextField field={paste.fields.fileName} label={W.fileNameLabel} maxLength={200} spellCheck={false} />
              <TextAreaField field={paste.fields.code} label={W.codeLabel} rows={10} spellCheck={false} />
              <ResourceFields choices={d.choices} ttl={paste.fields.ttl} memory={paste.fields.memory} cpus={paste.fields.cpus} />
              <button type="submit" disabled={busy}>
                {W.putOnline}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}

/** The name, which becomes part of the web address. */
function NameField({ field }: { field: FieldMetadata<string | undefined> }) {
  return <TextField field={field} label={W.nameLabel} hint={W.nameHint} maxLength={40} spellCheck={false} />;
}
