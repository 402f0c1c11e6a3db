/**
 * The spec table: for every route with an action, how to reach it from the world (its
 * address, with the workspace's slug and the id it is about), its intents and their fields
 * with what a good value looks like — read from each route module's action and its form
 * schemas (app/routes/*.tsx, app/forms/*.ts). actions.test.ts fails for a route with an
 * action that has no entry here, so a new action can't go without fuzzing.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { TTL_CHOICES } from "../../../domain/openberth/resource-options";
import { getPlan } from "../../../domain/plans/catalog";
import { settingsChoices } from "../../../app/forms/resource-choices";
import { hugeText, shortText, text, type Value } from "./hostile";
import {
  type AddressKind,
  bodyOf,
  type Body,
  type Fields,
  intentAbusePlans,
  intentPlans,
  type Plan,
  planWith,
  type PlanOptions,
  resolve,
  type SignMode,
} from "./plans";
import type { FuzzWorld } from "./world";

export interface ActionSpec {
  /** The route's id in the server build (app/routes.ts's file, without extension). */
  route: string;
  /** What an accepted request may touch: the snapshot compared on a refusal. */
  scope: "account" | "workspace" | "webhook";
  /** What the route's own :param names (deployment, sandbox, access key), if any. */
  about: AddressKind | null;
  path(plan: Plan, world: FuzzWorld): string;
  /** The cases, by what they exercise: each intent, and the abuse of the intent field. */
  cases: Record<string, fc.Arbitrary<Plan>>;
  /** Requests that may end the session they carry (sign-out…) get a fresh one of the same person. */
  disposableSession?: boolean;
  /** Where a redirect may lead besides our own pages. */
  redirectOrigins?: () => string[];
}

/** A route with an action that is deliberately not fuzzed, and why. Only test controls qualify. */
export interface Exclusion {
  route: string;
  excluded: string;
}

export const ABUSE = "(no, unknown or doubled intent)";

const ws = (plan: Plan, world: FuzzWorld) => `/workspaces/${resolve(plan.slug, "slug", world)}`;

/** A form action: every intent with its fields, and the abuse of its intent field. */
function formSpec(spec: {
  route: string;
  scope: ActionSpec["scope"];
  about?: AddressKind | null;
  path: ActionSpec["path"];
  intents: Record<string, Fields>;
  options?: PlanOptions;
  disposableSession?: boolean;
  redirectOrigins?: () => string[];
  abuse?: boolean;
}): ActionSpec {
  const options = { addressed: spec.scope === "workspace", ...spec.options };
  const names = Object.keys(spec.intents);
  const allFields: Fields = Object.assign({}, ...Object.values(spec.intents));
  const cases: Record<string, fc.Arbitrary<Plan>> = {};
  for (const [intent, fields] of Object.entries(spec.intents)) cases[intent] = intentPlans(intent, fields, options);
  if (spec.abuse !== false) cases[ABUSE] = intentAbusePlans(names, allFields, options);
  return {
    route: spec.route,
    scope: spec.scope,
    about: spec.about ?? null,
    path: spec.path,
    cases,
    disposableSession: spec.disposableSession,
    redirectOrigins: spec.redirectOrigins,
  };
}

// Good values, as the pages would send them.
const deploymentName = fc.stringMatching(/^[a-z0-9]{1,8}$/).map((s) => `fz-${s}`);
const ttl = fc.constantFrom(...TTL_CHOICES);
const memory = fc.constantFrom("", "128m", "512m", "1g", "4g", "8g");
const cpus = fc.constantFrom("", "0.25", "1", "2", "4");
const fileName = fc.constantFrom("index.html", "about/index.html", "style.css", "app.js");
const code = fc.constantFrom("<p>fuzz</p>", "body { color: red }", "console.log('fuzz')");
const yes = fc.constant("yes");
const proSettings = settingsChoices(getPlan("pro@1"));
const choice = (options: { value: string }[]) => fc.constantFrom("", ...options.map((o) => o.value));
const googleOrigin = () => [new URL(env.GOOGLE_DISCOVERY_URL).origin];
const stripeOrigin = () => [new URL(env.STRIPE_API_URL).origin];
const planIds = fc.constantFrom("hobby@1", "pro@1", "trial@1", "pro@2", "hobby");
const emailAddress = fc.constantFrom("finance@example.com", "Ada.Lovelace@Example.ORG", "books+harbor@acme.co.uk");

export const SPECS: ActionSpec[] = [
  formSpec({
    route: "routes/sign-in",
    scope: "account",
    path: () => "/sign-in",
    intents: { "sign-in": { redirectTo: fc.constantFrom("/workspaces", "/account", "/workspaces/new") } },
    options: { whoWeights: { nobody: 6, owner: 1, member: 1, stranger: 1 } },
    redirectOrigins: googleOrigin,
  }),
  formSpec({
    route: "routes/sign-out",
    scope: "account",
    path: () => "/sign-out",
    // The action reads no form: whatever is sent, it signs out.
    intents: { "(any form)": {} },
    abuse: false,
    disposableSession: true,
  }),
  formSpec({
    route: "routes/account",
    scope: "account",
    path: () => "/account",
    intents: {
      "time-zone": { timeZone: fc.constantFrom("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Chatham") },
      "time-zone-device": {},
      "contact-email": { email: emailAddress, use: fc.constantFrom("", "sign-in") },
      "retry-address": { address: emailAddress },
    },
  }),
  formSpec({
    route: "routes/billing",
    scope: "account",
    path: () => "/account/billing",
    intents: {
      "add-contact": { email: emailAddress },
      "remove-contact": { id: fc.stringMatching(/^[0-9a-z]{26}$/).map((s) => `bc_${s}`) },
    },
  }),
  formSpec({
    route: "routes/workspaces-new",
    scope: "account",
    path: () => "/workspaces/new",
    intents: {
      create: {
        name: fc.constantFrom("Fuzz made", "Ünïcødé wörkspace", "日本語", "🚀 launch"),
        region: fc.constantFrom("eu-west", "us-east"),
        requestId: fc.stringMatching(/^[0-9a-z]{26}$/),
      },
    },
  }),
  formSpec({
    route: "routes/workspace",
    scope: "workspace",
    path: (plan, world) => ws(plan, world),
    intents: {
      rename: { name: fc.constantFrom("Fuzz Target Qx7", "Fuzz Renamed Qx7", "Fuzz ✓ Qx7") },
      // Asked, never answered yes: the guard in actions.test.ts keeps the target alive.
      delete: { confirmed: fc.constantFrom("", "no", "YES") },
      retry: {},
    },
    options: { usualQuery: "?index" },
  }),
  formSpec({
    route: "routes/deployment-new",
    scope: "workspace",
    path: (plan, world) => `${ws(plan, world)}/deployments/new`,
    intents: {
      upload: { name: deploymentName, file: "file", ttl, memory, cpus },
      paste: { name: deploymentName, fileName, code, ttl, memory, cpus },
    },
  }),
  formSpec({
    route: "routes/deployment",
    scope: "workspace",
    about: "deployment",
    path: (plan, world) => `${ws(plan, world)}/deployments/${resolve(plan.target, "deployment", world)}`,
    intents: {
      redeploy: { source: fc.constantFrom("upload", "paste"), file: "file", fileName, code, memory, cpus },
      edit: {
        title: fc.constantFrom("", "Fuzz title", "Ünïcødé"),
        description: fc.constantFrom("", "A description"),
        ttl: fc.constantFrom("", ...TTL_CHOICES),
      },
      protect: {
        mode: fc.constantFrom("public", "basic_auth", "api_key"),
        username: fc.constantFrom("guest", "visitor"),
        password: fc.constantFrom("long-enough-pw", "another password"),
      },
      delete: { confirmed: fc.constantFrom("yes", "") },
      extend: {},
    },
  }),
  formSpec({
    route: "routes/sandbox-new",
    scope: "workspace",
    path: (plan, world) => `${ws(plan, world)}/sandboxes/new`,
    intents: { create: { name: deploymentName, fileName, code, memory } },
  }),
  formSpec({
    route: "routes/sandbox",
    scope: "workspace",
    about: "sandbox",
    path: (plan, world) => `${ws(plan, world)}/sandboxes/${resolve(plan.target, "sandbox", world)}`,
    intents: {
      write: { path: fileName, content: fc.constantFrom("", "<p>new</p>") },
      install: { packages: fc.constantFrom("left-pad", "lodash react", "fail-install-thing") },
      run: { command: fc.constantFrom("ls", "ls -a", "echo fuzz", "pwd", "cat index.html", "false") },
      promote: { ttl, confirmed: fc.constantFrom("yes", "") },
      remove: { path: fileName, confirmed: fc.constantFrom("yes", "") },
      delete: { confirmed: fc.constantFrom("yes", "") },
      extend: {},
    },
  }),
  formSpec({
    route: "routes/access-keys",
    scope: "workspace",
    path: (plan, world) => `${ws(plan, world)}/access-keys`,
    intents: { create: { name: fc.stringMatching(/^[a-z0-9]{1,8}$/).map((s) => `fz-k-${s}`) } },
  }),
  formSpec({
    route: "routes/access-key",
    scope: "workspace",
    about: "access-key",
    path: (plan, world) => `${ws(plan, world)}/access-keys/${resolve(plan.target, "access-key", world)}`,
    intents: { rotate: { confirmed: yes }, delete: { confirmed: yes }, "clear-and-delete": { confirmed: yes } },
  }),
  formSpec({
    route: "routes/secrets",
    scope: "workspace",
    path: (plan, world) => `${ws(plan, world)}/secrets`,
    intents: {
      set: {
        name: fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,10}$/),
        value: fc.oneof(
          fc.constantFrom("s3cret", "x"),
          shortText.filter((s) => s.length > 0),
        ),
        description: fc.constantFrom("", "For the fuzz suite"),
        scope: fc.constantFrom("global", "dashboard"),
      },
      delete: {
        name: fc.constantFrom("FUZZ_SECRET", "API_TOKEN"),
        scope: fc.constantFrom("global", "dashboard"),
        confirmed: fc.constantFrom("yes", ""),
      },
    },
  }),
  formSpec({
    route: "routes/workspace-settings",
    scope: "workspace",
    path: (plan, world) => `${ws(plan, world)}/settings`,
    intents: {
      save: {
        memory: choice(proSettings.memory),
        cpus: choice(proSettings.cpus),
        quotaOn: fc.constantFrom("on", ""),
        quota: choice(proSettings.quota),
        reset: choice(proSettings.reset),
      },
      lifetime: { ttl: fc.constantFrom(...TTL_CHOICES, "999h", "") },
      rename: { name: fc.constantFrom("Fuzz Target Qx7", "Fuzz Renamed Qx7", "Fuzz ✓ Qx7") },
      // Asked, never answered yes (see the overview's delete above).
      delete: { confirmed: fc.constantFrom("", "no", "YES") },
    },
  }),
  formSpec({
    route: "routes/people",
    scope: "workspace",
    path: (plan, world) => `${ws(plan, world)}/people`,
    intents: {
      invite: {
        email: fc.constantFrom("fuzz-invitee@example.com", "FUZZ@EXAMPLE.COM", "not an address"),
        role: fc.constantFrom("member", "admin", "owner"),
      },
      revoke: { invitationId: fc.constantFrom("inv_nope", "") },
      // Never a real member's id, and never answered yes to leaving: the world's people must stay.
      role: {
        accountId: fc.constantFrom("acc_nobody", ""),
        role: fc.constantFrom("admin", "member", "owner"),
        keys: fc.constantFrom("replace", "remove", ""),
      },
      remove: { accountId: fc.constantFrom("acc_nobody", ""), keys: fc.constantFrom("replace", "") },
      leave: { confirmed: fc.constantFrom("", "no") },
    },
  }),
  formSpec({
    route: "routes/invitation",
    scope: "account",
    path: () => `/invitations/${"A".repeat(43)}`,
    // "sign-in" is the sign-in page's own form, shown here to people not signed in.
    intents: { accept: {}, "sign-in": { redirectTo: fc.constantFrom("/invitations/x", "https://evil.example/") } },
  }),
  formSpec({
    route: "routes/billing-upgrade",
    scope: "account",
    path: () => "/account/billing/upgrade",
    // The action reads only the plan: the form has no intent.
    intents: { "(any form)": { plan: planIds } },
    abuse: false,
    redirectOrigins: stripeOrigin,
  }),
  formSpec({
    route: "routes/billing-portal",
    scope: "account",
    path: () => "/account/billing/portal",
    intents: { "(any form)": { flow: fc.constantFrom("", "card", "subscription_cancel") } },
    abuse: false,
    redirectOrigins: stripeOrigin,
  }),
  formSpec({
    route: "routes/change-plan",
    scope: "account",
    path: () => "/account/billing/change-plan",
    intents: {
      change: { plan: planIds, keep: fc.stringMatching(/^ws_[0-9a-z]{26}$/), attempt: fc.stringMatching(/^[0-9a-z]{26}$/) },
      swap: { plan: planIds, keep: fc.stringMatching(/^ws_[0-9a-z]{26}$/) },
    },
  }),
  formSpec({
    route: "routes/notifications",
    scope: "account",
    path: () => "/account/notifications",
    intents: {
      "save-webhook": {
        url: fc.constantFrom("https://hooks.example.com/harbor", "http://127.0.0.1/x", "https://10.0.0.1/", "not a link"),
      },
      "save-slack": {
        url: fc.constantFrom("https://hooks.slack.com/services/T000/B000/XXXX", "https://evil.example/services/x"),
      },
      test: { endpointId: fc.stringMatching(/^[0-9a-z]{26}$/).map((s) => `ne_${s}`) },
      "turn-on": { endpointId: fc.stringMatching(/^[0-9a-z]{26}$/).map((s) => `ne_${s}`) },
      remove: { endpointId: fc.stringMatching(/^[0-9a-z]{26}$/).map((s) => `ne_${s}`), confirmed: fc.constantFrom("yes", "") },
    },
  }),
  webhookSpec(),
  stripeWebhookSpec(),
  resendWebhookSpec(),
  authSpec(),
  notFoundSpec(),
];

export const EXCLUDED: Exclusion[] = [
  "routes/test-controls/clock",
  "routes/test-controls/reset",
  "routes/test-controls/probe",
  "routes/test-controls/coordinator-load",
  "routes/test-controls/d1-faults",
  "routes/test-controls/session",
].map((route) => ({
  route,
  excluded:
    "a local test control (app/routes.ts adds it only with HARBOR_TEST_CONTROLS=1; the production build answers 404): " +
    "fuzzing it would move the clock, empty the tables or inject faults under the rest of the suite",
}));

// ---------------------------------------------------------------------------------------
// The routes that are not forms.

/** /webhooks/stripe: Stripe's signed events; only a good signature gets past the door. */
function stripeWebhookSpec(): ActionSpec {
  const id = fc.stringMatching(/^[A-Za-z0-9]{14,24}$/);
  const event = fc.record({
    id: id.map((s) => `evt_fuzz_${s}`),
    object: fc.constant("event"),
    type: fc.constantFrom("customer.subscription.updated", "invoice.paid", "price.updated", "charge.refunded", "made.up"),
    created: fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }),
    data: fc.record({
      object: fc.record({
        id: id.map((s) => `sub_${s}`),
        object: fc.constant("subscription"),
        customer: id.map((s) => `cus_${s}`),
      }),
    }),
  });
  const garbage = fc.oneof(shortText, fc.constantFrom("", "{", "null", "[]", "{}", '{"id":', "\u0000", "\ufeff{}"));
  const request = (sign: fc.Arbitrary<SignMode>, raw: fc.Arbitrary<string>) =>
    planWith(
      raw.map((t): Body => ({ kind: "raw", contentType: "application/json", text: t })),
      { addressed: false, whoWeights: { nobody: 6, owner: 1, member: 0, stranger: 1 } },
    ).chain((plan) => sign.map((s) => ({ ...plan, sign: s, signer: "stripe" as const })));
  return {
    route: "routes/webhooks-stripe",
    scope: "webhook",
    about: null,
    path: () => "/webhooks/stripe",
    cases: signedCases(request, event, garbage, ["none", "wrong-secret", "stale", "garbage", "other-body"]),
  };
}

/** A signed webhook's three cases: signed wrong (in each of `wrong`'s ways), signed garbage, and signed events. */
function signedCases<P>(
  request: (sign: fc.Arbitrary<SignMode>, raw: fc.Arbitrary<string>) => fc.Arbitrary<P>,
  event: fc.Arbitrary<unknown>,
  garbage: fc.Arbitrary<string>,
  wrong: SignMode[],
) {
  const events = event.map((e) => JSON.stringify(e));
  return {
    "unsigned or badly signed": request(fc.constantFrom<SignMode>(...wrong), fc.oneof(events, garbage)),
    "signed but malformed": request(fc.constant<SignMode>("good"), garbage),
    "signed, about nothing of ours": request(fc.constant<SignMode>("good"), events),
  };
}

/** /webhooks/resend: Resend's delivery news, signed the Standard Webhooks way (svix-* headers). */
function resendWebhookSpec(): ActionSpec {
  const id = fc.stringMatching(/^[A-Za-z0-9]{14,24}$/);
  const event = fc.record({
    type: fc.constantFrom("email.sent", "email.delivered", "email.bounced", "email.complained", "suppression.added", "made.up"),
    created_at: fc.constant("2026-12-02T10:00:00.000Z"),
    data: fc.record({
      email_id: id.map((s) => `re_fuzz_${s}`),
      to: fc.constant(["nobody@example.com"]),
      email: fc.constant("nobody@example.com"),
      bounce: fc.constant({ type: "Permanent", subType: "General", message: "fuzz" }),
    }),
  });
  const garbage = fc.oneof(shortText, fc.constantFrom("", "{", "null", "[]", "{}", '{"type":', "\u0000"));
  const request = (sign: fc.Arbitrary<SignMode>, raw: fc.Arbitrary<string>) =>
    planWith(
      raw.map((t): Body => ({ kind: "raw", contentType: "application/json", text: t })),
      { addressed: false, whoWeights: { nobody: 6, owner: 1, member: 0, stranger: 1 } },
    ).chain((plan) => sign.map((s) => ({ ...plan, sign: s, signer: "resend" as const })));
  return {
    route: "routes/webhooks-resend",
    scope: "webhook",
    about: null,
    path: () => "/webhooks/resend",
    cases: signedCases(request, event, garbage, ["none", "wrong-secret", "stale", "future", "garbage", "other-body"]),
  };
}

/** /webhooks/infra: signed JSON from the infra service (docs/infra-contract.md §4). */
function webhookSpec(): ActionSpec {
  const crockford = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  const nowhere = fc.stringMatching(/^[a-z0-9]{6,12}$/);
  const event = fc.record({
    eventId: crockford,
    resourceId: nowhere.map((s) => `inst_fuzz_${s}`),
    workspaceId: nowhere.map((s) => `ws_fuzz_nowhere_${s}`),
    sequence: fc.integer({ min: 1, max: 2 ** 31 }),
    state: fc.constantFrom("running", "stopped", "booting", "draining", "failed", "destroyed", "queued", "allocating", "made-up"),
    occurredAt: fc
      .date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString()),
  });
  const junkValue = fc.oneof(
    shortText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(shortText, { maxLength: 3 }),
  );
  /** An event with one field wrong, missing or extra. */
  const broken = fc
    .tuple(
      event,
      fc.constantFrom("eventId", "resourceId", "workspaceId", "sequence", "state", "occurredAt", "__proto__"),
      junkValue,
      fc.boolean(),
    )
    .map(([e, key, value, drop]) => {
      const out: Record<string, unknown> = { ...e };
      if (drop) delete out[key];
      else out[key] = value;
      return JSON.stringify(out);
    });
  const nested = fc.integer({ min: 50, max: 5_000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`);
  const deepObject = fc.integer({ min: 50, max: 2_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);
  const oversized = fc
    .tuple(event, hugeText)
    .map(([e, pad]) => JSON.stringify({ ...e, pad: pad.slice(0, 17_000 + (pad.length % 100_000)) }));
  const garbage = fc.oneof(shortText, fc.constantFrom("", "{", "null", "[]", "{}", '{"eventId":', "\u0000", "\ufeff{}"));

  const request = (sign: fc.Arbitrary<SignMode>, raw: fc.Arbitrary<string>) =>
    planWith(
      fc
        .tuple(
          raw,
          fc.constantFrom(
            "application/json",
            "application/json; charset=utf-8",
            "text/plain",
            "application/x-www-form-urlencoded",
            null,
          ),
        )
        .map(([t, contentType]): Body => ({ kind: "raw", contentType, text: t })),
      { addressed: false, whoWeights: { nobody: 6, owner: 1, member: 0, stranger: 1 } },
    ).chain((plan) => sign.map((s) => ({ ...plan, sign: s })));

  return {
    route: "routes/webhooks-infra",
    scope: "webhook",
    about: null,
    path: () => "/webhooks/infra",
    cases: {
      "unsigned or badly signed": request(
        fc.constantFrom<SignMode>("none", "wrong-secret", "stale", "future", "garbage", "other-body"),
        fc.oneof(
          event.map((e) => JSON.stringify(e)),
          broken,
          garbage,
        ),
      ),
      "signed but malformed": request(fc.constant<SignMode>("good"), fc.oneof(broken, garbage, nested, deepObject, oversized)),
      "signed, about nothing of ours": request(
        fc.constant<SignMode>("good"),
        event.map((e) => JSON.stringify(e)),
      ),
    },
  };
}

/** /api/auth/*: Better Auth's endpoints, reached directly (JSON, as its client sends). */
function authSpec(): ActionSpec {
  const groups: Record<string, string[]> = {
    session: ["sign-out", "get-session", "list-sessions", "revoke-session", "revoke-sessions", "revoke-other-sessions"],
    "sign-in": [
      "sign-in/social",
      "sign-in/oauth2",
      "callback/google",
      "oauth2/callback/google",
      "link-social",
      "oauth2/link",
      "error",
      "ok",
    ],
    account: [
      "update-user",
      "delete-user",
      "change-email",
      "change-password",
      "unlink-account",
      "list-accounts",
      "account-info",
      "get-access-token",
      "refresh-token",
      "sign-up/email",
      "sign-in/email",
      "send-verification-email",
    ],
    "no such endpoint": [
      "admin/list-users",
      "organization/create",
      "zz",
      "",
      "%2e%2e/sign-out",
      "sign-out/..",
      "SIGN-OUT",
      "sign-out%00",
    ],
  };
  const field = fc.oneof(
    { weight: 3, arbitrary: shortText },
    {
      weight: 1,
      arbitrary: fc.constantFrom("google", "/workspaces", "//evil.example", "https://evil.example/cb", "a@b.example"),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(shortText, { maxLength: 2 }),
      ) as fc.Arbitrary<unknown>,
    },
  );
  const keys = fc.constantFrom(
    "provider",
    "providerId",
    "callbackURL",
    "errorCallbackURL",
    "newUserCallbackURL",
    "disableRedirect",
    "token",
    "name",
    "image",
    "email",
    "newEmail",
    "password",
    "newPassword",
    "accountId",
    "idToken",
    "__proto__",
  );
  const json = fc.dictionary(keys, field, { maxKeys: 4 }).map((json): Body => ({ kind: "json", json }));
  const entries = fc.array(fc.tuple(keys, shortText.map(text)), { maxLength: 3 }) as fc.Arbitrary<[string, Value][]>;
  const body = fc.oneof({ weight: 4, arbitrary: json }, { weight: 2, arbitrary: bodyOf(entries) });
  const cases: Record<string, fc.Arbitrary<Plan>> = {};
  for (const [group, endpoints] of Object.entries(groups)) {
    cases[group] = fc
      .tuple(planWith(body, { addressed: false }), fc.constantFrom(...endpoints))
      .map(([plan, endpoint]) => ({ ...plan, path: `/api/auth/${endpoint}` }));
  }
  return {
    route: "routes/api-auth",
    scope: "account",
    about: null,
    path: (plan) => plan.path!,
    cases,
    disposableSession: true,
    redirectOrigins: googleOrigin,
  };
}

/** The splat route: any address we don't have, whatever is posted to it. */
function notFoundSpec(): ActionSpec {
  const where = fc.oneof(
    fc.constantFrom(
      "zz",
      "workspaces-x",
      "api",
      "%2e%2e",
      "..%2f..%2f",
      "a%00b",
      "%E2%80%AE",
      "%",
      "webhooks",
      "__test",
      "index.php",
      "a/b/c/d/e/f",
    ),
    shortText.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ""))),
  );
  const fields: Fields = { intent: null, name: null, redirectTo: null };
  return {
    route: "routes/not-found",
    scope: "account",
    about: null,
    path: (plan) => plan.path!,
    cases: {
      "(any form)": fc
        .tuple(intentAbusePlans(["rename", "delete", "sign-in"], fields, { addressed: false }), where)
        .map(([plan, w]) => ({ ...plan, path: `/zz-nowhere/${w}` })),
    },
  };
}
