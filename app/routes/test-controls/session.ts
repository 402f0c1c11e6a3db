import { data } from "react-router";
import type { AuthContext } from "better-auth";
import { createAuthEndpoint, dispatchAuthEndpoint } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { z } from "zod";
import type { Route } from "./+types/session";
import { now } from "../../../domain/clock";
import { getPlan, isTrialPlan } from "../../../domain/plans/catalog";
import { trialEndsAtFor } from "../../../domain/trial";
import { getAuth } from "../../../server/auth/better-auth";
import { getRequestContext } from "../../../server/bindings/request-context";
import { assertTestControls, readInput } from "../../.server/test-controls/guard";

/**
 * POST {email, name, planId?}: signs that person in without the Google round trip, for
 * browser tests that are not about signing in (tests/e2e/support/fixtures.ts `login`).
 *
 * It does what the Google callback does, through Better Auth itself: the account is found
 * by email or created with `internalAdapter.createUser` — so our `user.create` hook gives
 * it the signup plan and the trial, exactly as on a first sign-in — then
 * `internalAdapter.createSession` and `setSessionCookie` answer with the same signed
 * session cookie in `Set-Cookie`. With `planId`, the account is moved to that plan (its
 * trial end follows the plan, by the same rule as at signup). Answers the account.
 */
const input = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(100),
  planId: z
    .string()
    .refine((id) => getPlan(id) !== undefined, "unknown plan")
    .optional(),
});
type Input = z.infer<typeof input>;

// A Better Auth endpoint, not routed: the action below dispatches it with the auth
// context, so Better Auth's own cookie code writes the session cookie.
const startSession = createAuthEndpoint({ method: "POST" }, async (ctx) => {
  const { email, name, planId } = ctx.body as Input;
  const users = ctx.context.internalAdapter;
  let user =
    (await users.findUserByEmail(email.toLowerCase()))?.user ??
    (await users.createUser(
      { email, name, image: null, emailVerified: true },
      { method: "oauth", oauth: { providerId: "google" } },
    ));
  if (planId) {
    const startedAt = toDate((user as { trialStartedAt?: unknown }).trialStartedAt) ?? now();
    const plan = getPlan(planId)!;
    // A paid plan as if its subscription were active (billing's own tests use the Stripe stand-in).
    const billingState = isTrialPlan(plan) ? "trial" : "active";
    user =
      (await users.updateUser(user.id, {
        planId,
        trialEndsAt: trialEndsAtFor(startedAt, plan),
        billingState,
        billingEndedReason: null,
      })) ?? user;
  }
  const session = await users.createSession(user.id);
  await setSessionCookie(ctx, { session, user });
  const u = user as typeof user & { planId: string; trialStartedAt: unknown; trialEndsAt: unknown };
  return ctx.json({
    account: {
      id: u.id,
      email: u.email,
      name: u.name,
      planId: u.planId,
      trialStartedAt: toDate(u.trialStartedAt)?.toISOString() ?? null,
      trialEndsAt: toDate(u.trialEndsAt)?.toISOString() ?? null,
    },
  });
});

export async function action({ request, context }: Route.ActionArgs) {
  assertTestControls();
  const parsed = input.safeParse(await readInput(request));
  if (!parsed.success) return data({ error: "expected {email, name, planId?}" }, { status: 400 });
  const auth = getAuth(getRequestContext(context).env);
  return (await dispatchAuthEndpoint(startSession, {
    // Our auth's context, typed with its own options; the dispatcher takes the general one.
    context: (await auth.$context) as unknown as AuthContext,
    headers: request.headers,
    body: parsed.data,
    asResponse: true,
  })) as Response;
}

function toDate(v: unknown): Date | null {
  if (v == null) return null;
  const d = v instanceof Date ? v : new Date(v as string | number);
  return Number.isNaN(d.getTime()) ? null : d;
}
