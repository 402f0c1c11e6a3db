/**
 * One fuzz case as data (a Plan: who sends what, where, how encoded), the arbitraries that
 * make plans for a form action's intents, and `materialize`, which turns a plan into the
 * request against the world as it is now (ids are chosen symbolically — "the target's
 * deployment", "the foreign sandbox" — and resolved only when sent, since accepted requests
 * may replace them).
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { AppClient } from "../support/app-client";
import { signEvent } from "../support/infra-world";
import {
  clip,
  describeValue,
  echoes,
  fieldEntries,
  multipart,
  nearMiss,
  shortText,
  strayEntries,
  text,
  urlEncoded,
  type Value,
  BOUNDARY,
  fileValue,
  badBytes,
} from "./hostile";
import { disposableSession, type FuzzWorld, type Persona } from "./world";

export type Who = Persona | "nobody";

/** Which thing an address names, relative to the world. */
export type Segment =
  | { as: "own" }
  /** The same kind of thing, in the foreign workspace. */
  | { as: "foreign" }
  /** The other kind (a sandbox's id on the deployment route, and so on), in the target. */
  | { as: "swapped" }
  | { as: "foreign-swapped" }
  /** Well-formed, but nothing has it. */
  | { as: "unknown" }
  /** Path characters around (or instead of) the real one: `{own}` stands for it. */
  | { as: "raw"; template: string };

export type SignMode = "none" | "good" | "wrong-secret" | "stale" | "future" | "garbage" | "other-body";

export type Body =
  | { kind: "form"; encoding: "urlencoded" | "multipart"; entries: [string, Value][] }
  | { kind: "json"; json: unknown }
  | { kind: "raw"; contentType: string | null; text: string }
  | { kind: "none" };

export interface Plan {
  who: Who;
  method: string;
  slug: Segment;
  target: Segment;
  /** An address of its own (routes without a workspace): used as is. */
  path?: string;
  query: string;
  origin: "ours" | "none" | "foreign";
  body: Body;
  /** Webhooks only: how the body is signed, and whose scheme (the infra service's unless said). */
  sign?: SignMode;
  signer?: "infra" | "stripe" | "resend";
  headers?: Record<string, string>;
}

/** What a field's good values are: text, or (for upload fields) a file. */
export type FieldSpec = fc.Arbitrary<string> | "file" | null;
export type Fields = Record<string, FieldSpec>;

export const validFile: fc.Arbitrary<Value> = fc
  .constantFrom(
    { name: "index.html", type: "text/html", content: "<p>fuzz upload</p>" },
    { name: "page.htm", type: "text/html", content: "<h1>x</h1>" },
    { name: "notes.txt", type: "text/plain", content: "plain" },
  )
  .map((f) => ({ kind: "file" as const, ...f }));

// ---------------------------------------------------------------------------------------
// Arbitraries for the parts of a plan.

export const segment: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 14, arbitrary: fc.constant({ as: "own" as const }) },
  { weight: 2, arbitrary: fc.constant({ as: "foreign" as const }) },
  { weight: 2, arbitrary: fc.constant({ as: "swapped" as const }) },
  { weight: 1, arbitrary: fc.constant({ as: "foreign-swapped" as const }) },
  { weight: 1, arbitrary: fc.constant({ as: "unknown" as const }) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(
        "..",
        ".",
        "%2e%2e",
        "%2e",
        "%2E%2E%2F..%2F",
        "{own}%20",
        "{own}%20%20",
        "{own}%09",
        "{own}%0A",
        "%20{own}",
        "{own}/",
        "{own}/..",
        "{own}/../..",
        "{own}%2f..",
        "{own}%2F..%2F..",
        "{own}%00",
        "{own}%ED%A0%80",
        "{OWN}",
        "{own}x",
        "%E2%80%AE{own}",
        "{own}%E2%80%8B",
        "%",
        "%zz",
        "{own};x=1",
        "~",
        "%5C",
        "%C0%AF",
        "a".repeat(300),
        "",
      )
      .map((template) => ({ as: "raw" as const, template })),
  },
);

export const slugSegment: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 16, arbitrary: fc.constant({ as: "own" as const }) },
  { weight: 1, arbitrary: fc.constant({ as: "foreign" as const }) },
  { weight: 1, arbitrary: fc.constant({ as: "unknown" as const }) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom("{OWN}", "{own}%20", "{own}%00", "%2e%2e", "..", "{own}%2F..", "%E2%80%AE{own}", "{own}-", "%")
      .map((template) => ({ as: "raw" as const, template })),
  },
);

export const who = (weights: Partial<Record<Who, number>> = {}): fc.Arbitrary<Who> =>
  fc.oneof(
    ...(["owner", "member", "stranger", "nobody"] as const)
      .map((w) => ({ weight: weights[w] ?? { owner: 5, member: 5, stranger: 3, nobody: 1 }[w], arbitrary: fc.constant(w) }))
      .filter((x) => x.weight > 0),
  );

export const method: fc.Arbitrary<string> = fc.oneof(
  { weight: 30, arbitrary: fc.constant("POST") },
  { weight: 1, arbitrary: fc.constantFrom("PUT", "PATCH", "DELETE") },
);

export const origin: fc.Arbitrary<Plan["origin"]> = fc.oneof(
  { weight: 30, arbitrary: fc.constant("ours" as const) },
  { weight: 1, arbitrary: fc.constantFrom("none" as const, "foreign" as const) },
);

/** The same entries sent in one of the ways a client might. */
export function bodyOf(entries: fc.Arbitrary<[string, Value][]>): fc.Arbitrary<Body> {
  return fc.oneof(
    { weight: 10, arbitrary: entries.map((e): Body => ({ kind: "form", encoding: "urlencoded", entries: e })) },
    { weight: 8, arbitrary: entries.map((e): Body => ({ kind: "form", encoding: "multipart", entries: e })) },
    {
      weight: 1,
      arbitrary: entries.map((e): Body => ({
        kind: "json",
        json: Object.fromEntries(e.map(([k, v]) => [k, v.kind === "text" ? v.text : describeValue(v)])),
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            "text/plain",
            "application/xml",
            "multipart/form-data",
            `multipart/form-data; boundary=${BOUNDARY}`,
            null,
          ),
          shortText,
        )
        .map(([contentType, t]): Body => ({ kind: "raw", contentType, text: t })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "none" } as Body) },
  );
}

const query = (usual: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(usual) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        "?index",
        "?index&index",
        "?_routes=routes%2Fworkspace",
        "?index=%00",
        "?redirectTo=//evil.example",
      ),
    },
  );

/** Entries of one intent's form: its fields (each left out, good, hostile, doubled…) and strays. */
function formEntries(intentEntries: fc.Arbitrary<[string, Value][]>, fields: Fields): fc.Arbitrary<[string, Value][]> {
  const perField = Object.entries(fields).map(([name, valid]) =>
    valid === "file" ? fieldEntriesOf(name, validFile) : fieldEntries(name, valid),
  );
  return fc.tuple(intentEntries, fc.tuple(...perField), strayEntries, fc.nat()).map(([intent, fieldParts, strays, at]) => {
    const rest = [...fieldParts.flat(), ...strays];
    const pos = rest.length === 0 ? 0 : at % (rest.length + 1);
    return [...rest.slice(0, pos), ...intent, ...rest.slice(pos)];
  });
}

/** Like fieldEntries, for a field whose good value is a file. */
function fieldEntriesOf(name: string, good: fc.Arbitrary<Value>): fc.Arbitrary<[string, Value][]> {
  const value = fc.oneof(
    { weight: 4, arbitrary: good },
    { weight: 3, arbitrary: fileValue },
    { weight: 3, arbitrary: shortText.map(text) },
    { weight: 1, arbitrary: badBytes },
  );
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<[string, Value][]>([]) },
    { weight: 8, arbitrary: value.map((v): [string, Value][] => [[name, v]]) },
    {
      weight: 1,
      arbitrary: fc.tuple(value, value).map(([a, b]): [string, Value][] => [
        [name, a],
        [name, b],
      ]),
    },
  );
}

export interface PlanOptions {
  usualQuery?: string;
  whoWeights?: Partial<Record<Who, number>>;
  addressed?: boolean;
}

/** Plans for one intent of a form action. */
export function intentPlans(intent: string, fields: Fields, options: PlanOptions = {}): fc.Arbitrary<Plan> {
  const intentEntry = fc.oneof(
    { weight: 12, arbitrary: fc.constant<[string, Value][]>([["intent", text(intent)]]) },
    // The intent again, or the intent with the other way of sending it.
    {
      weight: 1,
      arbitrary: fc.constant<[string, Value][]>([
        ["intent", text(intent)],
        ["intent", text(intent)],
      ]),
    },
  );
  return planWith(bodyOf(formEntries(intentEntry, fields)), options);
}

/** Plans without a usable intent: none, an unknown one, two different ones, one as a file, a near miss. */
export function intentAbusePlans(intents: readonly string[], fields: Fields, options: PlanOptions = {}): fc.Arbitrary<Plan> {
  const known = intents.length > 0 ? fc.constantFrom(...intents) : fc.constant("intent");
  const unknown = shortText.filter((s) => !intents.includes(s));
  const intentEntry = fc.oneof(
    fc.constant<[string, Value][]>([]),
    unknown.map((u): [string, Value][] => [["intent", text(u)]]),
    fc.tuple(known, fc.oneof(known, unknown)).map(([a, b]): [string, Value][] => [
      ["intent", text(a)],
      ["intent", text(b)],
    ]),
    fc.tuple(unknown, known).map(([a, b]): [string, Value][] => [
      ["intent", text(a)],
      ["intent", text(b)],
    ]),
    fc
      .tuple(known, fileValue)
      .map(([k, f]): [string, Value][] => [["intent", { ...(f as Extract<Value, { kind: "file" }>), name: k, content: k }]]),
    nearMiss(known)
      .filter((s) => !intents.includes(s))
      .map((s): [string, Value][] => [["intent", text(s)]]),
    badBytes.map((b): [string, Value][] => [["intent", b]]),
  );
  return planWith(bodyOf(formEntries(intentEntry, fields)), options);
}

export function planWith(body: fc.Arbitrary<Body>, options: PlanOptions = {}): fc.Arbitrary<Plan> {
  return fc.record({
    who: who(options.whoWeights),
    method,
    slug: options.addressed === false ? fc.constant<Segment>({ as: "own" }) : slugSegment,
    target: options.addressed === false ? fc.constant<Segment>({ as: "own" }) : segment,
    query: query(options.usualQuery ?? ""),
    origin,
    body,
  });
}

// ---------------------------------------------------------------------------------------
// Into a request.

export type AddressKind = "deployment" | "sandbox" | "access-key";

/** The text of a segment now, for the thing of `kind` the route is about. */
export function resolve(seg: Segment, kind: AddressKind | "slug", world: FuzzWorld): string {
  const t = world.target;
  const f = world.foreign;
  const own = { slug: t.slug, deployment: t.deploymentId, sandbox: t.sandboxId, "access-key": t.accessKey }[kind];
  switch (seg.as) {
    case "own":
      return own;
    case "foreign":
      return { slug: f.slug, deployment: f.deploymentId, sandbox: f.sandboxId, "access-key": f.accessKey }[kind];
    case "swapped":
      return { slug: t.slug, deployment: t.sandboxId, sandbox: t.deploymentId, "access-key": "admin" }[kind];
    case "foreign-swapped":
      return { slug: f.slug, deployment: f.sandboxId, sandbox: f.deploymentId, "access-key": f.deploymentId }[kind];
    case "unknown":
      return {
        slug: "no-such-workspace-qx9",
        deployment: "00000000000000000000",
        sandbox: "vvvvvvvvvvvvvvvvvvvv",
        "access-key": "no-such-key-qx9",
      }[kind];
    case "raw":
      return seg.template.replaceAll("{own}", own).replaceAll("{OWN}", own.toUpperCase());
  }
}

/** Whether the plan addresses something that is not the target's own (it must then change nothing). */
export function wrongAddress(plan: Plan, kind: AddressKind | null): boolean {
  const off = (s: Segment) => s.as === "foreign" || s.as === "swapped" || s.as === "foreign-swapped" || s.as === "unknown";
  return off(plan.slug) || (kind !== null && off(plan.target));
}

export interface Materialized {
  client: AppClient;
  url: string;
  init: RequestInit;
  echoes: string[];
}

export async function materialize(
  plan: Plan,
  world: FuzzWorld,
  path: string,
  options: { disposable?: boolean } = {},
): Promise<Materialized> {
  const client =
    plan.who === "nobody"
      ? new AppClient()
      : options.disposable
        ? await disposableSession(world.people[plan.who])
        : world.people[plan.who].client;
  const headers = new Headers(plan.headers);
  if (plan.origin === "none") headers.set("Origin", "");
  if (plan.origin === "foreign") headers.set("Origin", "https://evil.example");
  let body: BodyInit | undefined;
  let sent: [string, Value][] = [];
  let rawText = "";
  switch (plan.body.kind) {
    case "form":
      sent = plan.body.entries;
      if (plan.body.encoding === "urlencoded") {
        body = urlEncoded(sent);
        headers.set("Content-Type", "application/x-www-form-urlencoded");
      } else {
        body = multipart(sent);
        headers.set("Content-Type", `multipart/form-data; boundary=${BOUNDARY}`);
      }
      break;
    case "json":
      rawText = JSON.stringify(plan.body.json);
      body = rawText;
      headers.set("Content-Type", "application/json");
      break;
    case "raw":
      rawText = plan.body.text;
      body = rawText;
      if (plan.body.contentType) headers.set("Content-Type", plan.body.contentType);
      break;
    case "none":
      break;
  }
  const signer = plan.signer ?? "infra";
  if (plan.sign && plan.sign !== "none") {
    if (signer === "resend")
      for (const [name, value] of Object.entries(await svixHeaders(plan.sign, rawText))) headers.set(name, value);
    else headers.set(signer === "stripe" ? "Stripe-Signature" : "Infra-Signature", await signature(plan.sign, rawText, signer));
  }
  const echoed = echoes([
    ...sent,
    ...(rawText ? ([["", text(rawText)]] as [string, Value][]) : []),
    ["", text(decodeSafe(path))],
  ]);
  return { client, url: `${path}${plan.query}`, init: { method: plan.method, headers, body }, echoes: echoed };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Resend's svix-* headers (Standard Webhooks: base64 HMAC-SHA256 of "id.timestamp.body"), made wrong as `mode` says. */
async function svixHeaders(mode: SignMode, body: string): Promise<Record<string, string>> {
  const now = Math.floor(Date.now() / 1000);
  // The message id follows from the body (no unseeded randomness): a repeated body is a redelivery.
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
  const id = `msg_fuzz_${[...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  const sign = async (payload: string, secret: string, timestamp: number) => {
    const keyBytes = Uint8Array.from(atob(secret.replace(/^whsec_/, "")), (c) => c.charCodeAt(0));
    const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${payload}`));
    return {
      "svix-id": id,
      "svix-timestamp": String(timestamp),
      "svix-signature": `v1,${btoa(String.fromCharCode(...new Uint8Array(mac)))}`,
    };
  };
  const secret = env.RESEND_WEBHOOK_SECRET;
  switch (mode) {
    case "good":
      return sign(body, secret, now);
    case "wrong-secret":
      return sign(body, `whsec_${btoa("not the secret at all")}`, now);
    case "stale":
      return sign(body, secret, now - 3600);
    case "future":
      return sign(body, secret, now + 3600);
    case "other-body":
      return sign(`${body} `, secret, now);
    case "garbage":
      return { "svix-id": id, "svix-timestamp": "abc", "svix-signature": "v1,zz" };
    case "none":
      return {};
  }
}

/**
 * A webhook signature, made wrong in the way `mode` says. The infra service signs as Stripe
 * does (`t=…,v1=HMAC-SHA256(secret, "t.body")`); only the secret and the header differ.
 */
async function signature(mode: SignMode, body: string, signer: "infra" | "stripe" = "infra"): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const secret = signer === "stripe" ? env.STRIPE_WEBHOOK_SECRET : env.INFRA_WEBHOOK_SECRET;
  const sign = (payload: string, key = secret, timestamp = now) => signEvent(payload, key, timestamp);
  switch (mode) {
    case "good":
      return sign(body);
    case "wrong-secret":
      return sign(body, signer === "stripe" ? "whsec_not_the_secret" : "not-the-secret");
    case "stale":
      return sign(body, secret, now - 3600);
    case "future":
      return sign(body, secret, now + 3600);
    case "other-body":
      return sign(`${body} `);
    case "garbage":
      return "t=abc,v1=zz";
    case "none":
      return "";
  }
}
/** A plan in a line or two, for failure messages. */
export function describePlan(plan: Plan, url: string): string {
  const body =
    plan.body.kind === "form"
      ? `${plan.body.encoding} {${plan.body.entries.map(([k, v]) => `${JSON.stringify(clip(k, 30))}: ${describeValue(v)}`).join(", ")}}`
      : plan.body.kind === "json"
        ? `json ${clip(JSON.stringify(plan.body.json), 200)}`
        : plan.body.kind === "raw"
          ? `${plan.body.contentType ?? "no content type"} ${JSON.stringify(clip(plan.body.text, 100))}`
          : "no body";
  const extra = [plan.origin !== "ours" ? `origin=${plan.origin}` : "", plan.sign ? `signature=${plan.sign}` : ""]
    .filter(Boolean)
    .join(" ");
  return `${plan.method} ${clip(url, 160)} as ${plan.who}${extra ? ` (${extra})` : ""}: ${body}`;
}
