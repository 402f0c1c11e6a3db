import { data, Form, href, Link, redirect } from "react-router";
import type { Route } from "./+types/invitation";
import { now } from "../../domain/clock";
import { dedupeKey } from "../../domain/email/catalog";
import { invitationState, normalEmail } from "../../domain/people/membership-rules";
import { FORM_MESSAGES, INVITATION_PAGE as P } from "../../domain/vocabulary";
import { getRequestContext } from "../../server/bindings/request-context";
import { queueEmailsByKey } from "../../server/email/queue-emails";
import { hashToken, isTokenShape } from "../../server/people/invitation-token";
import { acceptInvitation, invitationByTokenHash, type InvitationView } from "../../server/repositories/people";
import { requireAccount, signedInAccount, type Account } from "../.server/auth/session";
import { redirectWithNotice } from "../.server/forms/flash-notice";

/** The link holds a token: this page is never named to another site (nor are its links). */
export const headers: Route.HeadersFunction = () => ({ "Referrer-Policy": "no-referrer" });

type View =
  | { kind: "gone"; message: string }
  | { kind: "member"; slug: string; workspaceName: string }
  | { kind: "sign-in" | "wrong-account" | "accept"; invitation: Shown };

interface Shown {
  heading: string;
  role: string;
  owner: string;
  forAddress: string;
  signedInAs: string | null;
  email: string;
}

async function read(db: ReturnType<typeof getRequestContext>["db"], token: string | undefined): Promise<InvitationView | null> {
  if (!isTokenShape(token)) return null;
  return invitationByTokenHash(db, await hashToken(token));
}

function viewOf(inv: InvitationView | null, account: Account | null): View {
  if (!inv || inv.workspaceDeleted) return { kind: "gone", message: P.notFound };
  const state = invitationState(inv, now());
  if (state === "accepted")
    return account && inv.acceptedByAccountId === account.id
      ? { kind: "member", slug: inv.workspaceSlug, workspaceName: inv.workspaceName }
      : { kind: "gone", message: P.used };
  if (state === "revoked") return { kind: "gone", message: P.revoked };
  if (state === "expired") return { kind: "gone", message: P.expired };
  const shown: Shown = {
    heading: P.heading(inv.invitedByName, inv.workspaceName),
    role: P.whatYouMay(inv.role),
    owner: P.ownedBy(inv.ownerName),
    forAddress: P.forAddress(inv.email),
    signedInAs: account?.email ?? null,
    email: inv.email,
  };
  if (!account) return { kind: "sign-in", invitation: shown };
  if (normalEmail(account.email) !== inv.email) return { kind: "wrong-account", invitation: shown };
  return { kind: "accept", invitation: shown };
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const view = viewOf(await read(rc.db, params.token), signedInAccount(context));
  // A link that doesn't work is answered as "not found" (nothing to say which part was wrong).
  return data({ view, path: href("/invitations/:token", { token: params.token }) }, { status: view.kind === "gone" ? 404 : 200 });
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  // Only the page's own button accepts (any other form is an old tab or a guess).
  const sent = await request.formData().catch(() => null);
  if (sent?.getAll("intent").length !== 1 || sent.get("intent") !== "accept")
    return data(
      {
        view: { kind: "gone", message: FORM_MESSAGES.staleForm } as View,
        path: href("/invitations/:token", { token: params.token }),
      },
      { status: 400 },
    );
  const inv = await read(rc.db, params.token);
  const view = viewOf(inv, account);
  if (view.kind === "member") throw redirect(href("/workspaces/:slug", { slug: view.slug }));
  if (view.kind !== "accept" || !inv)
    return data({ view, path: href("/invitations/:token", { token: params.token }) }, { status: 409 });
  const accepted = await acceptInvitation(rc.db, inv.id, account, now());
  if (!accepted) {
    // Someone (or another tab) was quicker: say where it stands now.
    const again = viewOf(await read(rc.db, params.token), account);
    if (again.kind === "member") throw redirect(href("/workspaces/:slug", { slug: again.slug }));
    return data({ view: again, path: href("/invitations/:token", { token: params.token }) }, { status: 409 });
  }
  rc.log.info("people.invitation_accepted", { workspaceId: inv.workspaceId, invitationId: inv.id });
  await queueEmailsByKey(rc, [dedupeKey.invitationAccepted(inv.id)]);
  return redirectWithNotice(href("/workspaces/:slug", { slug: inv.workspaceSlug }), P.joined(inv.workspaceName));
}

export const meta: Route.MetaFunction = () => [{ title: P.documentTitle }];

export default function Invitation({ loaderData, actionData }: Route.ComponentProps) {
  const { view, path } = actionData ?? loaderData;
  if (view.kind === "gone")
    return (
      <section className="card" data-testid="invitation-gone">
        <h1>{P.title}</h1>
        <p className="notice warn" role="alert">
          {view.message}
        </p>
        <p>
          <Link to={href("/workspaces")}>{P.backHome}</Link>
        </p>
      </section>
    );
  if (view.kind === "member")
    return (
      <section className="card">
        <h1>{P.title}</h1>
        <p>{P.alreadyIn}</p>
        <Link className="button" to={href("/workspaces/:slug", { slug: view.slug })}>
          {P.goToWorkspace}
        </Link>
      </section>
    );
  const i = view.invitation;
  return (
    <section className="card" aria-labelledby="invitation-heading" data-testid="invitation">
      <h1 id="invitation-heading">{i.heading}</h1>
      <p>{i.role}</p>
      <p className="muted">{i.owner}</p>
      <p>{i.forAddress}</p>
      {view.kind === "sign-in" ? (
        <>
          <p>{P.signInFirst}</p>
          {/* The sign-in page's own form, coming back here afterwards. */}
          <Form method="post" action={href("/sign-in")}>
            <input type="hidden" name="intent" value="sign-in" />
            <input type="hidden" name="redirectTo" value={path} />
            <button type="submit">{P.continueWithGoogle}</button>
          </Form>
        </>
      ) : view.kind === "wrong-account" ? (
        <>
          <p className="notice warn" role="alert" data-testid="wrong-account">
            {P.wrongAccount(i.signedInAs ?? "", i.email)}
          </p>
          <Form method="post" action={href("/sign-out")}>
            <input type="hidden" name="redirectTo" value={path} />
            <button type="submit" className="secondary">
              {P.signOutAndSwitch}
            </button>
          </Form>
        </>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="accept" />
          <button type="submit">{P.accept}</button>
        </Form>
      )}
    </section>
  );
}
