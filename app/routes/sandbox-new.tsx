import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/sandbox-new";
import { getPlan } from "../../domain/plans/catalog";
import { getRequestContext } from "../../server/bindings/request-context";
import { checkPlan } from "../.server/deployments/plan-check";
import { resourceChoices } from "../forms/resource-choices";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { FieldError, invalidProps } from "../components/field-error";
import { FormMessage } from "../components/form-message";
import { ResourceFields } from "../components/resource-fields";
import { toFieldErrors } from "../lib/field-errors";
import { newSandboxSchema } from "../forms/sandbox-forms";

export async function loader({ context }: Route.LoaderArgs) {
  const page = workspacePage(context, "view:sandbox");
  const decision = may(page, "create:sandbox");
  return {
    head: page.head,
    gate: page.gate,
    // A pause is explained by the gate's notice; saying it twice reads like two problems.
    refusal: decision.allowed || (decision.code === "workspace_paused" && !page.gate.open) ? null : decision.message,
    choices: resourceChoices(getPlan(page.workspace.billingPlanId)),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:sandbox");
  const refuse = (formError: string, status: number, fieldErrors: Record<string, string[] | undefined> = {}) =>
    data({ formError, fieldErrors }, { status });
  if (!page.gate.open) return refuse(page.gate.description, 409);
  const allowed = may(page, "create:sandbox");
  if (!allowed.allowed) return refuse(allowed.message, 403);
  const submission = parseWithZod(await request.formData().catch(() => new FormData()), { schema: newSandboxSchema });
  if (submission.status !== "success")
    return refuse("Please check the highlighted fields.", 400, toFieldErrors(submission.error));
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
  if (!outcome.ok) return refuse(outcome.message, 400);
  if ("refused" in outcome.value) return refuse(outcome.value.refused, 403);
  rc.log.info("sandbox.created", { workspaceId: page.workspace.id, sandboxId: outcome.value.created.id });
  return redirect(`/workspaces/${page.workspace.slug}/sandboxes/${outcome.value.created.id}`);
}

export const meta: Route.MetaFunction = () => [{ title: "New sandbox · Harbor" }];

export default function NewSandbox({ loaderData: d, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const errors = actionData?.fieldErrors ?? {};
  return (
    <>
      <h1>New sandbox</h1>
      <p className="lede">
        A sandbox is a place to try code live: change files, install packages and run commands, then put it online for real when
        you're happy.
      </p>
      {d.refusal ? (
        <p className="notice warn" role="alert">
          {d.refusal}
        </p>
      ) : null}
      <FormMessage error={actionData?.formError} />
      {d.gate.open && !d.refusal ? (
        <section className="card">
          <Form method="post">
            <div className="field">
              <label htmlFor="sandbox-name">Name</label>
              <input
                id="sandbox-name"
                name="name"
                type="text"
                required
                maxLength={40}
                autoComplete="off"
                {...invalidProps("sandbox-name", errors.name)}
              />
              <FieldError id="sandbox-name-error" errors={errors.name} />
            </div>
            <div className="field">
              <label htmlFor="sandbox-file-name">First file's name</label>
              <input
                id="sandbox-file-name"
                name="fileName"
                type="text"
                defaultValue="index.html"
                required
                maxLength={200}
                {...invalidProps("sandbox-file-name", errors.fileName)}
              />
              <FieldError id="sandbox-file-name-error" errors={errors.fileName} />
            </div>
            <div className="field">
              <label htmlFor="sandbox-code">Its contents</label>
              <textarea
                id="sandbox-code"
                name="code"
                rows={8}
                required
                spellCheck={false}
                {...invalidProps("sandbox-code", errors.code)}
              />
              <FieldError id="sandbox-code-error" errors={errors.code} />
            </div>
            <ResourceFields choices={d.choices} prefix="sandbox" withTtl={false} withCpus={false} errors={errors} />
            <button type="submit" disabled={busy}>
              Start the sandbox
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
