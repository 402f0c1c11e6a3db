/**
 * The infra stand-in from inside workerd tests. The tests' Worker has no address the
 * stand-in could push events to, so `pumpInfraEvents` plays the delivery: it reads what
 * the stand-in recorded and POSTs each event, signed like the real thing, to the Worker's
 * own /webhooks/infra — the same route, checks and queue as in production.
 */
import { env } from "cloudflare:workers";
import { expect, onTestFailed } from "vitest";
import type { InfraEvent } from "../../../server/infra/infra-event";
import { createInfraClient } from "../../../server/infra/infra-client";
import { seededRandom } from "../../support/seeded-random";
import { AppClient, waitFor } from "./app-client";

/** What the stand-in sent, as our webhook reads it. */
export type RecordedEvent = InfraEvent;

export async function infraControl<T = unknown>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env.INFRA_API_URL}/__control/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as T;
}

export async function recordedEvents(filter: { workspaceId?: string; resourceId?: string } = {}): Promise<RecordedEvent[]> {
  const { events } = await infraControl<{ events: RecordedEvent[] }>("events");
  return events.filter(
    (e) =>
      (!filter.workspaceId || e.workspaceId === filter.workspaceId) && (!filter.resourceId || e.resourceId === filter.resourceId),
  );
}

export async function signEvent(
  body: string,
  secret = env.INFRA_WEBHOOK_SECRET,
  at = Math.floor(Date.now() / 1000),
): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode(`${at}.${body}`)));
  return `t=${at},v1=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export async function deliverEvent(event: RecordedEvent | Record<string, unknown>, client = new AppClient()): Promise<Response> {
  const body = JSON.stringify(event);
  return client.fetch("/webhooks/infra", {
    method: "POST",
    body,
    headers: { "Content-Type": "application/json", "Infra-Signature": await signEvent(body) },
  });
}

/** Delivers every recorded event of a workspace not delivered yet (in order unless shuffled). */
export function eventPump(workspaceId: string) {
  const delivered = new Set<string>();
  return async function pump(options: { shuffle?: boolean; duplicate?: boolean } = {}): Promise<RecordedEvent[]> {
    let batch = (await recordedEvents({ workspaceId })).filter((e) => !delivered.has(e.eventId));
    if (options.duplicate) batch = [...batch, ...batch];
    if (options.shuffle) batch = shuffle(batch);
    for (const event of batch) {
      const res = await deliverEvent(event);
      if (res.status !== 202) throw new Error(`webhook answered ${res.status}`);
      delivered.add(event.eventId);
    }
    return batch;
  };
}

/** Pumps events until the workspace's visible state is `state`. */
export async function pumpUntil(workspaceId: string, state: string, timeoutMs = 10_000): Promise<void> {
  const pump = eventPump(workspaceId);
  await waitFor(async () => {
    await pump();
    return (await lifecycleOf(workspaceId))?.lifecycle_state === state;
  }, timeoutMs);
}

export async function lifecycleOf(workspaceId: string) {
  return env.DB.prepare(
    `SELECT w.lifecycle_state, w.pause_reason AS suspension_reason, w.suspension_grace_ends_at, w.deleted_at, w.slug, w.name, i.desired_state, i.workspace_state, i.infra_state,
            i.infra_sequence, i.infra_resource_id, i.endpoint_url, i.last_error
       FROM workspaces w LEFT JOIN workspace_instances i ON i.workspace_id = w.id WHERE w.id = ?`,
  )
    .bind(workspaceId)
    .first<{
      lifecycle_state: string;
      suspension_reason: string | null;
      suspension_grace_ends_at: number | null;
      deleted_at: number | null;
      slug: string;
      name: string;
      desired_state: string;
      workspace_state: string;
      infra_state: string | null;
      infra_sequence: number;
      infra_resource_id: string | null;
      endpoint_url: string | null;
      last_error: string | null;
    }>();
}

export async function workspaceIdForSlug(slug: string): Promise<string> {
  const row = await env.DB.prepare("SELECT id FROM workspaces WHERE slug = ? AND deleted_at IS NULL")
    .bind(slug)
    .first<{ id: string }>();
  if (!row) throw new Error(`no workspace ${slug}`);
  return row.id;
}

/**
 * Shuffles with this file's seeded randomness (tests/support/seeded-random.ts): a test
 * that fails after shuffling prints the seed, and TEST_SEED=<seed> replays its orders.
 */
export function shuffle<T>(items: readonly T[]): T[] {
  const test = expect.getState().currentTestName;
  if (test !== undefined && !seedNoted.has(test)) {
    seedNoted.add(test);
    try {
      onTestFailed(() => console.error(`[shuffle] seed ${rng.seed} (replay with TEST_SEED=${rng.seed})`));
    } catch {
      // Outside a running test (a hook): nothing to attach the seed to.
    }
  }
  return rng.shuffle(items);
}
const rng = seededRandom();
const seedNoted = new Set<string>();

/** The infra service's client, as Harbor's own code talks to it. */
export function infraClient() {
  return createInfraClient({ baseUrl: env.INFRA_API_URL, token: env.INFRA_API_TOKEN });
}

/**
 * The workspace server's admin key, straight from the infra service (provisioning is
 * idempotent per workspace): for tests that check what the server holds, never via Harbor.
 */
export async function adminKeyOf(workspaceId: string, region = "eu-west"): Promise<string> {
  return (await infraClient().provision(workspaceId, region)).instance.adminKey;
}

/** A fresh form token, as the new-workspace page gives one. */
export function requestId(): string {
  const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  return Array.from(crypto.getRandomValues(new Uint8Array(26)), (b) => alphabet[b % 32]).join("");
}

/** Creates a workspace through the form action; returns its slug and id. */
export async function createWorkspace(
  client: AppClient,
  name: string,
  region = "eu-west",
): Promise<{ slug: string; id: string; response: Response }> {
  const response = await client.fetch("/workspaces/new", { form: { intent: "create", name, region, requestId: requestId() } });
  const location = response.headers.get("location") ?? "";
  const slug = location.replace(/^\/workspaces\//, "");
  if (response.status !== 302 || !slug) throw new Error(`create answered ${response.status}: ${await response.text()}`);
  return { slug, id: await workspaceIdForSlug(slug), response };
}
