/**
 * Webhook delivery (contract §6): each event to every configured endpoint that takes its
 * type, signed the Standard Webhooks / Svix way — `svix-id`, `svix-timestamp`,
 * `svix-signature: v1,<base64 HMAC-SHA256(base64-decoded secret after whsec_, "id.ts.body")>`
 * — with a fresh timestamp on each attempt and the same `svix-id` on every retry. Anything
 * but a 2xx is retried after `webhookRetryScheduleMs`. The outbox is in the store, so
 * deliveries pending at shutdown resume after a restart.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { ResendFaults, ResendSettings } from "./settings.ts";
import type { OutboxEntry, ResendStore } from "./store.ts";
import { OutboxPump } from "../shared/outbox-pump.ts";

export interface WebhookEndpointConfig {
  url: string;
  /** `whsec_<base64>`. */
  secret: string;
  /** Event types taken; all when absent. */
  events?: string[];
}

/** The `svix-signature` value for one message (contract §6.4). */
export function svixSignature(secret: string, msgId: string, unixSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${msgId}.${unixSeconds}.${body}`).digest("base64")}`;
}

export interface DeliveryDeps {
  store: ResendStore;
  endpoints: WebhookEndpointConfig[];
  settings(): ResendSettings;
  faults(): ResendFaults;
  setFaults(f: ResendFaults): void;
}

export class WebhookDelivery {
  private readonly deps: DeliveryDeps;
  private readonly pump: OutboxPump<OutboxEntry>;

  constructor(deps: DeliveryDeps) {
    this.deps = deps;
    this.pump = new OutboxPump<OutboxEntry>({
      outbox: () => this.deps.store.outbox(),
      remove: (entry) => this.deps.store.removeFromOutbox(entry.id),
      attempt: (entry) => this.attempt(entry),
    });
  }

  start(): void {
    this.pump.kick();
  }

  stop(): Promise<void> {
    return this.pump.stop();
  }

  /** Queues one event (its JSON body) for every endpoint that takes it, due at `dueAtMs`. */
  emit(type: string, body: string, dueAtMs: number): void {
    this.deps.endpoints.forEach((endpoint, index) => {
      if (endpoint.events && !endpoint.events.includes(type)) return;
      this.deps.store.enqueue(`msg_${randomBytes(16).toString("base64url")}`, type, body, index, 1, dueAtMs);
    });
    this.pump.kick();
  }

  /** Resolves once nothing is waiting (delivered, or given up), or after `timeoutMs`; returns what is still pending. */
  settle(timeoutMs: number): Promise<number> {
    return this.pump.settle(timeoutMs);
  }

  private async attempt(entry: OutboxEntry): Promise<void> {
    const endpoint = this.deps.endpoints[entry.endpoint];
    if (!endpoint) return;
    let emailId: string | null = null;
    try {
      emailId = (JSON.parse(entry.body) as { data?: { email_id?: string } }).data?.email_id ?? null;
    } catch {
      // Never happens: the stand-in wrote the body.
    }
    const base = { msgId: entry.msgId, type: entry.type, emailId, url: endpoint.url, attempt: entry.attempt, body: entry.body };
    const faults = this.deps.faults();
    let ok = false;
    if (faults.dropNextDeliveries > 0) {
      this.deps.setFaults({ ...faults, dropNextDeliveries: faults.dropNextDeliveries - 1 });
      this.deps.store.logDelivery({
        ...base,
        status: null,
        error: "dropped by the dropNextDeliveries fault",
        headers: null,
        at: new Date().toISOString(),
      });
    } else {
      for (let i = 0; i < (faults.duplicateDeliveries ? 2 : 1); i++) {
        const ts = Math.floor(Date.now() / 1000);
        const headers = {
          "svix-id": entry.msgId,
          "svix-timestamp": String(ts),
          "svix-signature": svixSignature(endpoint.secret, entry.msgId, ts, entry.body),
        };
        const result = await this.send(endpoint.url, headers, entry.body);
        this.deps.store.logDelivery({ ...base, ...result, headers, at: new Date().toISOString() });
        ok ||= result.status !== null && result.status >= 200 && result.status < 300;
      }
    }
    if (ok || this.pump.isStopped) return;
    const delay = this.deps.settings().webhookRetryScheduleMs[entry.attempt - 1];
    if (delay !== undefined) {
      this.deps.store.enqueue(entry.msgId, entry.type, entry.body, entry.endpoint, entry.attempt + 1, Date.now() + delay);
      this.pump.kick();
    }
  }

  private async send(
    url: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<{ status: number | null; error: string | null }> {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "User-Agent": "Svix-Webhooks/1.0 (Resend stand-in)", ...headers },
        body,
        signal: AbortSignal.timeout(this.deps.settings().webhookTimeoutMs),
      });
      await res.body?.cancel();
      return { status: res.status, error: null };
    } catch (e) {
      return { status: null, error: (e as Error).message };
    }
  }
}
