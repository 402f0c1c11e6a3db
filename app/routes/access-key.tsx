import { getFormProps } from "@conform-to/react";
import { data, Form, href, Link, useNavigation } from "react-router";
import type { Route } from "./+types/access-key";
import { isAccessKeyName } from "../../domain/openberth/ids";
import { ACCESS_KEY_FORM_MESSAGES as M, ACCESS_KEY_PAGE as W } from "../../domain/vocabulary";
import { getRequestContext } from "../../server/bindings/request-context";
import { type FormAnswer, invalid, readIntentForm, refused, succeeded, unknownForm } from "../.server/forms/form-reply";
import { askToConfirm, isConfirmed } from "../.server/forms/confirm";
import { redirectWithNotice } from "../.server/forms/flash-notice";
import { clearAndRemoveUser } from "../.server/openberth/remove-access-key";
import { userClient, withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { CliSetup } from "../components/cli-setup";
import { AnswerMessage, FormSummary, useIntentForm } from "../components/form-kit";
import { ConfirmStep } from "../components/confirm-step";
import { UnreachableNotice } from "../components/server-gate-notice";
import { accessKeyChangeSchemas } from "../forms/access-key-forms";
import { formatDate } from "../lib/format-date";
import { parseOpenBerthDate } from "../../domain/openberth/dates";

export async function loader({ params, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "manage:access-key");
  const name = params.userName;
  if (!isAccessKeyName(name)) throw data(null, { status: 404 });
  const head = page.head;
  if (!page.gate.open) return { head, gate: page.gate, trouble: null, user: null };
  const read = await withOpenBerth(rc, page.workspace, async (client) => {
    const user = (await client.listUsers()).users.find((u) => u.name === name && u.role !== "admin");
    if (!user) return null;
    const owned = (await client.listDeployments(user.id)).deployments;
    return { user, owned: owned.map((d) => ({ id: d.id, name: d.title || d.name, sandbox: d.mode === "sandbox" })) };
  });
  if (!read.ok) return { head, gate: page.gate, trouble: read.message, user: null };
  if (!read.value) throw data(null, { status: 404 });
  const created = parseOpenBerthDate(read.value.user.createdAt);
  return {
    head,
    gate: page.gate,
    trouble: null,
    user: { name: read.value.user.name, created: created ? formatDate(created, rc.timeZone) : "", owned: read.value.owned },
    endpoint: page.workspace.endpointUrl,
  };
}

type Blockers = { deployments: number; userSecrets: number; createdGlobals: number };
/** Sent along with a form's answer: the replaced key (shown once), or what stands in the way of removing. */
type Details = { rotatedKey?: string; blockers?: Blockers };

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const name = params.userName;
  if (!isAccessKeyName(name)) throw data(null, { status: 404 });
  const form = await readIntentForm(request, accessKeyChangeSchemas);
  if (!form.intent) return unknownForm("access-key");
  const { intent, submission } = form;
  const decision = may(page, "manage:access-key");
  if (!decision.allowed) return refused(intent, submission, decision.message, { status: 403 });
  if (!page.gate.open) return refused(intent, submission, page.gate.description, { status: 409 });
  if (submission.status !== "success") return invalid(intent, submission);
  const list = href("/workspaces/:slug/access-keys", { slug: page.workspace.slug });

  if (!isConfirmed(submission)) {
    const question =
      intent === "rotate"
        ? { question: W.rotateAsk(name), consequences: W.rotateAskLines, yes: W.rotateYes }
        : intent === "delete"
          ? { question: W.removeAsk(name), consequences: W.removeAskLines, yes: W.removeYes(name) }
          : { question: W.clearAsk(name), consequences: W.clearAskLines, yes: W.clearYes(name) };
    return askToConfirm(intent, submission, question);
  }
  if (intent === "rotate") {
    const done = await withOpenBerth(rc, page.workspace, (client) => client.rotateUserKey(name));
    if (!done.ok && done.kind === "not_found") throw data(null, { status: 404 });
    if (!done.ok) return refused(intent, submission, done.message);
    rc.log.info("openberth_user.key_rotated", { workspaceId: page.workspace.id, name });
    // The key appears in this answer only: it is not stored, logged or shown again.
    return succeeded<Details>(intent, submission, W.rotated(name), { rotatedKey: done.value.apiKey });
  }
  if (intent === "delete") {
    const done = await withOpenBerth(rc, page.workspace, async (client) => {
      try {
        await client.deleteUser(name);
        return { removed: true as const };
      } catch (error) {
        const blockers = (error as { blockers?: Blockers | null }).blockers;
        if (blockers) return { removed: false as const, blockers };
        throw error;
      }
    });
    if (!done.ok) return refused(intent, submission, done.message);
    // Not a refusal: the page shows what's in the way and offers to clear it.
    if (!done.value.removed)
      return data<FormAnswer & Details>({ intent, result: submission.reply(), blockers: done.value.blockers }, { status: 409 });
    rc.log.info("openberth_user.deleted", { workspaceId: page.workspace.id, name });
    return redirectWithNotice(list, W.removed(name));
  }
  const done = await withOpenBerth(rc, page.workspace, (client) =>
    clearAndRemoveUser(client, name, (key) => userClient(page.workspace, key)),
  );
  if (!done.ok) return refused(intent, submission, done.message);
  if (!done.value.removed)
    return refused<Details>(intent, submission, M.addedWhileClearing, { status: 409, extra: { blockers: done.value.remaining } });
  rc.log.info("openberth_user.cleared_and_deleted", { workspaceId: page.workspace.id, name, ...done.value.cleared });
  return redirectWithNotice(list, W.removed(name));
}

export const meta: Route.MetaFunction = ({ params }) => [{ title: W.documentTitle(params.userName) }];

export default function AccessKey({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const slug = l.head.slug;
  const u = l.user;
  const details = (actionData ?? {}) as Details;
  const blockers = details.blockers;
  const rotate = useIntentForm("rotate", accessKeyChangeSchemas.rotate, actionData);
  const remove = useIntentForm("delete", accessKeyChangeSchemas.delete, actionData);
  const clear = useIntentForm("clear-and-delete", accessKeyChangeSchemas["clear-and-delete"], actionData);
  const list = href("/workspaces/:slug/access-keys", { slug });
  return (
    <>
      {l.trouble ? <UnreachableNotice message={l.trouble} retryHref={list} /> : null}
      <AnswerMessage answer={actionData} intents={["access-key"]} />
      <ConfirmStep answer={actionData} />
      {u ? (
        <>
          <div className="page-head">
            <h1>{u.name}</h1>
            <Link to={list}>{W.allKeys}</Link>
          </div>
          {details.rotatedKey && "endpoint" in l && l.endpoint ? (
            <CliSetup name={u.name} apiKey={details.rotatedKey} endpoint={l.endpoint} fresh={false} />
          ) : null}
          <section className="card">
            <dl className="facts">
              <dt>{W.created}</dt>
              <dd>{u.created}</dd>
              <dt>{W.hasPutOnline}</dt>
              <dd>{u.owned.length === 0 ? W.nothing : u.owned.map((d) => d.name).join(", ")}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="rotate-heading">
            <h2 id="rotate-heading">{W.rotateHeading}</h2>
            <FormSummary form={rotate.form} done={rotate.done} />
            <p>{W.rotateExplained}</p>
            <Form method="post" {...getFormProps(rotate.form)}>
              <input type="hidden" name="intent" value="rotate" />
              <button type="submit" className="secondary" disabled={busy}>
                {W.rotate}
              </button>
            </Form>
          </section>
          <section className="card danger-zone" aria-labelledby="remove-heading">
            <h2 id="remove-heading">{W.remove(u.name)}</h2>
            {blockers || actionData?.intent === "clear-and-delete" ? (
              <div className="notice warn" data-testid="user-blockers">
                <FormSummary form={clear.form} />
                {blockers ? (
                  <>
                    <p>
                      <strong>{W.blockersIntro(u.name)}</strong>
                    </p>
                    <ul>
                      {blockers.deployments > 0 ? <li>{W.deployments(blockers.deployments)}</li> : null}
                      {blockers.createdGlobals > 0 ? <li>{W.sharedSecrets(blockers.createdGlobals)}</li> : null}
                      {blockers.userSecrets > 0 ? <li>{W.personalSecrets(blockers.userSecrets)}</li> : null}
                    </ul>
                  </>
                ) : null}
                <p>
                  {W.clearExplained(u.name)} <strong>{W.clearWarning}</strong>.
                </p>
                <Form method="post" {...getFormProps(clear.form)}>
                  <input type="hidden" name="intent" value="clear-and-delete" />
                  <button type="submit" className="danger" disabled={busy}>
                    {W.clear(u.name)}
                  </button>
                </Form>
              </div>
            ) : (
              <>
                <FormSummary form={remove.form} />
                <Form method="post" {...getFormProps(remove.form)}>
                  <input type="hidden" name="intent" value="delete" />
                  <p>{W.removeExplained}</p>
                  <button type="submit" className="danger" disabled={busy}>
                    {W.remove(u.name)}
                  </button>
                </Form>
              </>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
