import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { betterAuth } from "better-auth/minimal";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import * as schema from "../../drizzle/schema";
import { now } from "../../domain/clock";
import { requirePlan, SIGNUP_PLAN_ID } from "../../domain/plans/catalog";
import { trialEndsAtFor } from "../../domain/trial";
import { createDatabase } from "../db/database";
import { dedupeKey } from "../../domain/email/catalog";
import { createServices } from "../bindings/services";
import { queueEmailsByKey } from "../email/queue-emails";
import { newTraceId } from "../observability/trace";

/**
 * Better Auth, signing in with Google only. Google is wired through genericOAuth with a
 * discovery URL (docs/decisions/0005-google-sign-in-through-generic-oauth.md) so production (Google) and local
 * runs (emulators/google) take the same code path.
 *
 * The instance is built once per isolate: building it fetches Google's discovery
 * document, which must not happen on every request.
 */
export type Auth = ReturnType<typeof buildAuth>;

let cached: { env: Env; auth: Auth } | null = null;

export function getAuth(env: Env): Auth {
  if (cached?.env !== env) cached = { env, auth: buildAuth(env) };
  return cached.auth;
}

function buildAuth(env: Env) {
  const secure = env.APP_URL.startsWith("https://");
  return betterAuth({
    appName: "Harbor",
    baseURL: env.APP_URL,
    basePath: "/api/auth",
    secret: env.BETTER_AUTH_SECRET,
    trustedOrigins: [new URL(env.APP_URL).origin],
    database: drizzleAdapter(createDatabase(env.DB), { provider: "sqlite", schema }),
    emailAndPassword: { enabled: false },
    // The plan's `accounts` table is Better Auth's user model.
    user: {
      modelName: "accounts",
      additionalFields: {
        planId: { type: "string", required: false, input: false, defaultValue: SIGNUP_PLAN_ID },
        trialStartedAt: { type: "date", required: false, input: false },
        trialEndsAt: { type: "date", required: false, input: false },
        // Written by the billing sync only; read with the session so pages know the plan.
        billingState: { type: "string", required: false, input: false, defaultValue: "trial" },
        billingEndedReason: { type: "string", required: false, input: false },
      },
    },
    session: {
      modelName: "sessions",
      fields: { userId: "accountId" },
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
    },
    // Better Auth's "account" (the Google link) lives in oauth_links.
    account: {
      modelName: "oauthLinks",
      fields: { userId: "harborAccountId", accountId: "providerAccountId" },
      encryptOAuthTokens: true,
      accountLinking: { enabled: true, trustedProviders: ["google"] },
    },
    verification: { modelName: "verifications" },
    databaseHooks: {
      user: {
        create: {
          // First sign-in: every new account starts on the trial.
          before: async (user) => {
            const startedAt = now();
            return {
              data: {
                ...user,
                planId: SIGNUP_PLAN_ID,
                trialStartedAt: startedAt,
                trialEndsAt: trialEndsAtFor(startedAt, requirePlan(SIGNUP_PLAN_ID)),
              },
            };
          },
          // The account's insert wrote its welcome email's outbox row (a trigger, migration
          // 0003); send it now. If this fails, the email sweep sends it minutes later.
          after: async (user) => {
            const services = createServices(env, { traceId: newTraceId(), log: { component: "auth" } });
            await queueEmailsByKey(services, [dedupeKey.welcome(user.id)]);
          },
        },
      },
    },
    plugins: [
      genericOAuth({
        config: [
          {
            providerId: "google",
            name: "Google",
            discoveryUrl: env.GOOGLE_DISCOVERY_URL,
            clientId: env.GOOGLE_CLIENT_ID,
            clientSecret: env.GOOGLE_CLIENT_SECRET,
            scopes: ["openid", "email", "profile"],
            pkce: true,
            requireIdTokenVerification: true,
          },
        ],
      }),
    ],
    onAPIError: { errorURL: "/sign-in" },
    advanced: {
      cookiePrefix: "harbor",
      useSecureCookies: secure,
      defaultCookieAttributes: { sameSite: "lax", httpOnly: true, secure },
      ipAddress: { ipAddressHeaders: ["cf-connecting-ip"] },
    },
    telemetry: { enabled: false },
    // Better Auth's own messages join our structured log. It reports a visitor's bad
    // input (an expired sign-in, a forged state) as "error"; that is a warning to us.
    logger: {
      level: "warn",
      log: (level, message) =>
        console.log(
          JSON.stringify({
            time: new Date().toISOString(),
            level: level === "error" ? "warn" : level,
            event: "auth.library",
            message,
          }),
        ),
    },
  });
}
