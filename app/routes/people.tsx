import { getFormProps } from "@conform-to/react";
import { Form, useNavigation } from "react-router";
import type { Route } from "./+types/people";
import { now } from "../../domain/clock";
import { invitationState, mayChangeRole, mayRemove } from "../../domain/people/membership-rules";
import { PEOPLE_PAGE as P } from "../../domain/vocabulary";
import { getRequestContext } from "../../server/bindings/request-context";
import { membersOf, openInvitationsOf } from "../../server/repositories/people";
import { invalid, readIntentForm, refused, unknownForm } from "../.server/forms/form-reply";
import {
  changeMember,
  peopleAbilities,
  sendInvitation,
  withdrawInvitation,
  type ReplacedKey,
} from "../.server/people/people-changes";
import { may, workspacePage } from "../.server/workspaces/workspace-page";
import { ConfirmStep } from "../components/confirm-step";
import { AnswerMessage, FormSummary, TextField, useIntentForm } from "../components/form-kit";
import { OneTimeSecret } from "../components/one-time-secret";
import { SelectField } from "../components/select-field";
import { peopleSchemas } from "../forms/people-forms";
import { formatDate } from "../lib/format-date";

export async function loader({ context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:people");
  const { workspace, account } = page;
  const can = peopleAbilities(page);
  const [members, open] = await Promise.all([membersOf(rc.db, workspace.id), openInvitationsOf(rc.db, workspace.id)]);
  const roster = members.map((m) => ({ accountId: m.accountId, role: m.role }));
  const at = now();
  return {
    head: page.head,
    can,
    me: account.id,
    members: members.map((m) => ({
      accountId: m.accountId,
      name: m.name,
      email: m.email,
      image: m.image,
      role: m.role,
      since: formatDate(m.joinedAt, rc.timeZone),
      sinceIso: m.joinedAt.toISOString(),
      // The buttons each row offers: only what the rules allow this person to do to that one.
      toggle:
        can.changeRole &&
        m.role !== "owner" &&
        mayChangeRole(roster, account.id, m.accountId, m.role === "admin" ? "member" : "admin").allowed
          ? m.role === "admin"
            ? ("member" as const)
            : ("admin" as const)
          : null,
      removable: can.remove && m.accountId !== account.id && mayRemove(roster, account.id, m.accountId).allowed,
    })),
    canLeave: can.leave && mayRemove(roster, account.id, account.id).allowed,
    invitations: can.invite
      ? open.map((i) => ({
          id: i.id,
          email: i.email,
          role: i.role,
          line:
            invitationState({ expiresAt: i.expiresAt, acceptedAt: null, revokedAt: null }, at) === "pending"
              ? P.pendingLine(i.invitedByName, formatDate(i.expiresAt, rc.timeZone))
              : P.expiredLine(i.invitedByName),
        }))
      : [],
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:people");
  const form = await readIntentForm(request, peopleSchemas);
  if (!form.intent) return unknownForm("invite");
  const { intent, submission } = form;
  const permission =
    intent === "invite" || intent === "revoke"
      ? "invite:people"
      : intent === "role"
        ? "change:role"
        : intent === "remove"
          ? "remove:member"
          : "leave:workspace";
  const decision = may(page, permission);
  if (!decision.allowed) return refused(intent, submission, decision.message, { status: 403 });
  switch (form.intent) {
    case "invite":
      if (form.submission.status !== "success") return invalid(intent, submission);
      return sendInvitation(rc, page, submission, form.submission.value);
    case "revoke":
      if (form.submission.status !== "success") return invalid(intent, submission);
      return withdrawInvitation(rc, page, submission, form.submission.value.invitationId);
    case "role":
    case "remove":
    case "leave":
      if (form.submission.status !== "success") return invalid(intent, submission);
      return changeMember(rc, page, form.intent, submission, form.submission.value as Parameters<typeof changeMember>[4]);
  }
}

export const meta: Route.MetaFunction = () => [{ title: P.documentTitle }];

export default function People({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const inviting = useIntentForm("invite", peopleSchemas.invite, actionData, { defaultValue: { role: "member" } });
  const replaced = actionData && "replaced" in actionData ? (actionData.replaced as ReplacedKey[]) : [];
  const keys = actionData && "keys" in actionData ? (actionData.keys as string[]) : null;
  const asking =
    actionData && "intent" in actionData
      ? (actionData as { intent: string; result?: { initialValue?: Record<string, unknown> } })
      : null;
  return (
    <>
      <h1>{P.title}</h1>
      <p className="lede">{P.lede}</p>
      <AnswerMessage answer={actionData} intents={["role", "remove", "leave", "revoke", ...(l.can.invite ? [] : ["invite"])]} />
      <ConfirmStep answer={actionData} />
      {keys && asking ? <KeysChoice keys={keys} answer={asking} busy={busy} /> : null}
      {replaced.length > 0 ? (
        <section className="card" aria-labelledby="new-keys-heading">
          <h2 id="new-keys-heading">{P.newKeysHeading}</h2>
          {replaced.map((k) => (
            <OneTimeSecret key={k.name} label={k.name} value={k.key} hint={P.newKeysHint} />
          ))}
        </section>
      ) : null}

      <section className="card" aria-labelledby="members-heading">
        <h2 id="members-heading">{P.membersHeading}</h2>
        <p className="muted small">{P.rolesExplained}</p>
        <table className="list">
          <thead>
            <tr>
              <th scope="col">{P.columns.person}</th>
              <th scope="col">{P.columns.role}</th>
              <th scope="col">{P.columns.since}</th>
              <th scope="col">{P.columns.actions}</th>
            </tr>
          </thead>
          <tbody>
            {l.members.map((m) => (
              <tr key={m.accountId} data-testid="member-row">
                <td>
                  {m.image ? <img className="avatar-small" src={m.image} alt="" width={28} height={28} /> : null}{" "}
                  <strong>{m.name}</strong> {m.accountId === l.me ? <span className="muted">{P.you}</span> : null}
                  <div className="muted small">{m.email}</div>
                </td>
                <td data-label={P.columns.role} data-testid="member-role">
                  {P.roleName(m.role)}
                </td>
                <td data-label={P.columns.since}>
                  <time dateTime={m.sinceIso}>{m.since}</time>
                </td>
                <td data-label={P.columns.actions}>
                  <div className="row-actions">
                    {m.toggle ? (
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="role" />
                        <input type="hidden" name="accountId" value={m.accountId} />
                        <input type="hidden" name="role" value={m.toggle} />
                        <button
                          type="submit"
                          className="secondary"
                          disabled={busy}
                          aria-label={`${m.toggle === "admin" ? P.makeAdmin : P.makeMember}: ${m.name}`}
                        >
                          {m.toggle === "admin" ? P.makeAdmin : P.makeMember}
                        </button>
                      </Form>
                    ) : null}
                    {m.removable ? (
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="accountId" value={m.accountId} />
                        <button type="submit" className="secondary" disabled={busy} aria-label={`${P.remove}: ${m.name}`}>
                          {P.remove}
                        </button>
                      </Form>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {l.can.invite ? (
        <section className="card" aria-labelledby="invite-heading">
          <h2 id="invite-heading">{P.inviteHeading}</h2>
          <FormSummary form={inviting.form} done={inviting.done} />
          <Form method="post" autoComplete="off" {...getFormProps(inviting.form)}>
            <input type="hidden" name="intent" value="invite" />
            <TextField
              field={inviting.fields.email}
              label={P.inviteEmail}
              hint={P.inviteEmailHint}
              type="email"
              maxLength={254}
            />
            <SelectField
              field={inviting.fields.role}
              label={P.inviteRole}
              choices={[
                { value: "member", label: P.roleChoices.member },
                { value: "admin", label: P.roleChoices.admin },
              ]}
            />
            <button type="submit" disabled={busy}>
              {P.send}
            </button>
          </Form>
          <h3>{P.pendingHeading}</h3>
          {l.invitations.length === 0 ? (
            <p className="muted">{P.noPending}</p>
          ) : (
            <ul className="plain-list" data-testid="invitations">
              {l.invitations.map((i) => (
                <li key={i.id} data-testid="invitation-row">
                  <strong>{i.email}</strong> · {P.roleName(i.role)} · <span className="muted">{i.line}</span>{" "}
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="invitationId" value={i.id} />
                    <button type="submit" className="link-button" disabled={busy} aria-label={`${P.revoke}: ${i.email}`}>
                      {P.revoke}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {l.canLeave ? (
        <section className="card" aria-labelledby="leave-heading">
          <h2 id="leave-heading">{P.leave}</h2>
          <p>{P.leaveExplained}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="leave" />
            <button type="submit" className="secondary" disabled={busy}>
              {P.leave}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

/** Removing or demoting an admin who made access keys: what happens to them, chosen before the question. */
function KeysChoice({
  keys,
  answer,
  busy,
}: {
  keys: string[];
  answer: { intent: string; result?: { initialValue?: Record<string, unknown> } };
  busy: boolean;
}) {
  const sent = answer.result?.initialValue ?? {};
  return (
    <section className="confirm-step" aria-labelledby="keys-heading" data-testid="keys-choice">
      <h2 id="keys-heading">{P.keysLine(keys)}</h2>
      <Form method="post">
        <input type="hidden" name="intent" value={answer.intent} />
        {typeof sent.accountId === "string" ? <input type="hidden" name="accountId" value={sent.accountId} /> : null}
        {typeof sent.role === "string" ? <input type="hidden" name="role" value={sent.role} /> : null}
        <fieldset className="choices">
          <label className="choice">
            <input type="radio" name="keys" value="replace" defaultChecked /> {P.keysReplace}
          </label>
          <label className="choice">
            <input type="radio" name="keys" value="remove" /> {P.keysRemove}
          </label>
        </fieldset>
        <button type="submit" className="secondary" disabled={busy}>
          {P.keysContinue}
        </button>
      </Form>
    </section>
  );
}
