import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/deployment-new";
import { getPlan } from "../../domain/plans/catalog";
import { getRequestContext } from "../../server/bindings/request-context";
import { putOnline } from "../.server/deployments/put-online";
import { readDeployForm, uploadedFile } from "../.server/deployments/read-deploy-form";
import { resourceChoices } from "../forms/resource-choices";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { FieldError, invalidProps } from "../components/field-error";
import { FormMessage } from "../components/form-message";
import { ResourceFields } from "../components/resource-fields";
import { toFieldErrors } from "../lib/field-errors";
import { pasteDeploymentSchema, uploadDeploymentSchema } from "../forms/deployment-forms";

export async function loader({ context }: Route.LoaderArgs) {
  const page = workspacePage(context, "view:deployment");
  const decision = may(page, "create:deployment");
  return {
    head: page.head,
    gate: page.gate,
    // A pause is explained by the gate's notice; saying it twice reads like two problems.
    refusal: decision.allowed || (decision.code === "workspace_paused" && !page.gate.open) ? null : decision.message,
    choices: resourceChoices(getPlan(page.workspace.billingPlanId)),
  };
}

type ActionResult = { intent: string; formError: string | null; fieldErrors: Record<string, string[] | undefined> };

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:deployment");
  const refuse = (intent: string, formError: string, status = 400, fieldErrors: ActionResult["fieldErrors"] = {}) =>
    data<ActionResult>({ intent, formError, fieldErrors }, { status });
  if (!page.gate.open) return refuse("", page.gate.description, 409);
  const decision = may(page, "create:deployment");
  if (!decision.allowed) return refuse("", decision.message, 403);

  const read = await readDeployForm(request);
  if (!read.ok) return refuse("upload", read.message, 413, { file: [read.message] });
  const intent = String(read.form.get("intent") ?? "");
  const submission = parseWithZod(read.form, { schema: intent === "paste" ? pasteDeploymentSchema : uploadDeploymentSchema });
  if (submission.status !== "success") {
    const errors = toFieldErrors(submission.error);
    return refuse(intent, "Please check the highlighted fields.", 400, errors);
  }
  const value = submission.value;
  const result = await putOnline(rc, page.account, page.workspace, {
    name: value.name,
    ttl: value.ttl,
    memory: value.memory,
    cpus: value.cpus,
    source:
      value.intent === "paste"
        ? { kind: "paste", fileName: value.fileName, code: value.code }
        : { kind: "upload", file: uploadedFile(read.form) },
  });
  if (!result.ok) return refuse(intent, result.message, 400, result.field ? { [result.field]: [result.message] } : {});
  return redirect(`/workspaces/${page.workspace.slug}/deployments/${result.id}`);
}

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `New deployment · ${loaderData?.head.name ?? "Workspace"} · Harbor` },
];

export default function NewDeployment({ loaderData: d, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const result = actionData as ActionResult | undefined;
  const errorsFor = (intent: string) => (result?.intent === intent ? result.fieldErrors : {});
  return (
    <>
      <h1>New deployment</h1>
      {d.refusal ? (
        <p className="notice warn" role="alert">
          {d.refusal}
        </p>
      ) : null}
      <FormMessage error={result?.formError} />
      {d.gate.open && !d.refusal ? (
        <>
          <section className="card" aria-labelledby="upload-heading">
            <h2 id="upload-heading">Upload your project</h2>
            <p className="muted">A .zip or .tar.gz of the project's folder, or a single file such as index.html. Up to 20 MB.</p>
            <Form method="post" encType="multipart/form-data">
              <input type="hidden" name="intent" value="upload" />
              <NameField id="upload-name" errors={errorsFor("upload").name} />
              <div className="field">
                <label htmlFor="upload-file">File</label>
                <input
                  id="upload-file"
                  name="file"
                  type="file"
                  required
                  accept=".zip,.tar.gz,.tgz,.html,.htm,.css,.js,.json,.txt,.md,.svg,.png,.jpg,.jpeg,.gif,.webp"
                  {...invalidProps("upload-file", errorsFor("upload").file)}
                />
                <FieldError id="upload-file-error" errors={errorsFor("upload").file} />
              </div>
              <ResourceFields choices={d.choices} prefix="upload" errors={errorsFor("upload")} />
              <button type="submit" disabled={busy}>
                {busy && navigation.formData?.get("intent") === "upload" ? "Uploading…" : "Put it online"}
              </button>
            </Form>
          </section>
          <section className="card" aria-labelledby="paste-heading">
            <h2 id="paste-heading">Or paste code</h2>
            <Form method="post">
              <input type="hidden" name="intent" value="paste" />
              <NameField id="paste-name" errors={errorsFor("paste").name} />
              <div className="field">
                <label htmlFor="paste-file-name">File name</label>
                <input
                  id="paste-file-name"
                  name="fileName"
                  type="text"
                  defaultValue="index.html"
                  required
                  maxLength={200}
                  {...invalidProps("paste-file-name", errorsFor("paste").fileName)}
                />
                <FieldError id="paste-file-name-error" errors={errorsFor("paste").fileName} />
              </div>
              <div className="field">
                <label htmlFor="paste-code">Code</label>
                <textarea
                  id="paste-code"
                  name="code"
                  rows={10}
                  required
                  spellCheck={false}
                  {...invalidProps("paste-code", errorsFor("paste").code)}
                />
                <FieldError id="paste-code-error" errors={errorsFor("paste").code} />
              </div>
              <ResourceFields choices={d.choices} prefix="paste" errors={errorsFor("paste")} />
              <button type="submit" disabled={busy}>
                Put it online
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}

function NameField({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <div className="field">
      <label htmlFor={id}>Name</label>
      <input
        id={id}
        name="name"
        type="text"
        required
        maxLength={40}
        pattern="[A-Za-z0-9][A-Za-z0-9\-]*"
        autoComplete="off"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      <p className="muted small" id={`${id}-hint`}>
        Becomes part of its web address: letters, numbers and dashes.
      </p>
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}
