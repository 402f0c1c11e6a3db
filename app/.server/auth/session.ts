import { createContext, redirect, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import { SIGNUP_PLAN_ID } from "../../../domain/plans/catalog";
import { isBillingState, isEndedReason, type BillingState, type EndedReason } from "../../../domain/billing/billing-state";
import { getRequestContext, type RequestContext } from "../../../server/bindings/request-context";
import { getAuth } from "../../../server/auth/better-auth";
import { safeRedirectPath } from "../../../server/http/safe-redirect";

/** The signed-in person, as the rest of Harbor sees them. */
export interface Account {
  id: string;
  email: string;
  name: string;
  image: string | null;
  planId: string;
  trialStartedAt: Date | null;
  trialEndsAt: Date | null;
  /** Billing as the last sync stored it (domain/billing); the effective plan is judged from it. */
  billingState: BillingState;
  endedReason: EndedReason | null;
  createdAt: Date;
}

/**
 * Resolves the session once per request (the root middleware calls it) and keeps the
 * answer in React Router's context, where every loader and action reads it.
 */
export const accountContext = createContext<Account | null>(null);

export const sessionMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  context.set(accountContext, await lookUpSession(request, getRequestContext(context)));
  return next();
};

/** The signed-in person for this request, or null. */
export function signedInAccount(context: Readonly<RouterContextProvider>): Account | null {
  return context.get(accountContext);
}

/** For pages that need someone signed in: otherwise off to sign in, then back here. */
export function requireAccount(request: Request, context: Readonly<RouterContextProvider>): Account {
  const account = signedInAccount(context);
  if (account) return account;
  const url = new URL(request.url);
  // A data request ("/page.data") comes back to its page, never to raw data.
  const back = safeRedirectPath(`${url.pathname}${url.search}`);
  throw redirect(back === "/" ? "/sign-in" : `/sign-in?redirectTo=${encodeURIComponent(back)}`);
}

async function lookUpSession(request: Request, rc: RequestContext): Promise<Account | null> {
  // Skip the lookup entirely for visitors without a session cookie.
  if (!request.headers.get("cookie")?.includes("session_token")) return null;
  try {
    const session = await getAuth(rc.env).api.getSession({ headers: request.headers });
    if (!session) return null;
    const u = session.user as typeof session.user & {
      planId?: string;
      trialStartedAt?: Date | null;
      trialEndsAt?: Date | null;
      billingState?: unknown;
      billingEndedReason?: unknown;
    };
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      image: u.image ?? null,
      planId: u.planId ?? SIGNUP_PLAN_ID,
      trialStartedAt: toDate(u.trialStartedAt),
      trialEndsAt: toDate(u.trialEndsAt),
      billingState: isBillingState(u.billingState) ? u.billingState : "trial",
      endedReason: isEndedReason(u.billingEndedReason) ? u.billingEndedReason : null,
      createdAt: toDate(u.createdAt) ?? new Date(0),
    };
  } catch (error) {
    rc.log.warn("auth.session_lookup_failed", { error });
    return null;
  }
}

function toDate(v: unknown): Date | null {
  if (v == null) return null;
  const d = v instanceof Date ? v : new Date(v as string | number);
  return Number.isNaN(d.getTime()) ? null : d;
}
