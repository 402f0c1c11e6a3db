import { redirect } from "react-router";
import type { RequestContext } from "../context";
import { getAuth } from "./auth";

/** The signed-in person, as the rest of Harbor sees them. */
export interface Account {
  id: string;
  email: string;
  name: string;
  image: string | null;
  planId: string;
  trialStartedAt: Date | null;
  trialEndsAt: Date | null;
  createdAt: Date;
}

export async function getSignedInAccount(request: Request, rc: RequestContext): Promise<Account | null> {
  // Skip the lookup entirely for visitors without a session cookie.
  if (!request.headers.get("cookie")?.includes("session_token")) return null;
  try {
    const session = await getAuth(rc.env).api.getSession({ headers: request.headers });
    if (!session) return null;
    const u = session.user as typeof session.user & { planId?: string; trialStartedAt?: Date | null; trialEndsAt?: Date | null };
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      image: u.image ?? null,
      planId: u.planId ?? "trial@1",
      trialStartedAt: toDate(u.trialStartedAt),
      trialEndsAt: toDate(u.trialEndsAt),
      createdAt: toDate(u.createdAt) ?? new Date(0),
    };
  } catch (error) {
    rc.log.warn("auth.session_lookup_failed", { error });
    return null;
  }
}

/** For pages that need someone signed in: otherwise off to sign in, then back here. */
export async function requireAccount(request: Request, rc: RequestContext): Promise<Account> {
  const account = await getSignedInAccount(request, rc);
  if (account) return account;
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirect(back === "/" ? "/sign-in" : `/sign-in?redirectTo=${encodeURIComponent(back)}`);
}

function toDate(v: unknown): Date | null {
  if (v == null) return null;
  const d = v instanceof Date ? v : new Date(v as string | number);
  return Number.isNaN(d.getTime()) ? null : d;
}
