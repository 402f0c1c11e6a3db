/**
 * Webhook delivery (contract §5.2–5.3): every event to each enabled endpoint that takes
 * its type, signed `Stripe-Signature: t=…,v1=…` with a fresh timestamp on each attempt, at
 * least once, retried on anything but a 2xx after `webhookRetryScheduleMs`. The outbox is
 * in the store, so deliveries pending at shutdown resume after a restart. Faults: duplicate
 * every attempt, delay, reorder (held in windows, newest first), drop the next n attempts.
 */
import type Stripe from "stripe";
import { signedHeaderValue } from "../../shared/hmac-signature.ts";
import { OutboxPump } from "../../shared/outbox-pump.ts";
import type { OutboxEntry, StoredEvent } from "../store.ts";
import { takesEvent, type StripeWorld } from "../world.ts";
import type { EndpointNotes } from "../resources/webhook-endpoints.ts";

const REORDER_WINDOW_MS = 300;
const TIMEOUT_MS = 10_000;

export class WebhookDelivery {
  private reorderWindowEndsAt = 0;
  private readonly world: StripeWorld;
  private readonly pump: OutboxPump<OutboxEntry>;

  constructor(world: StripeWorld) {
    this.world = world;
    this.pump = new OutboxPump<OutboxEntry>({
      outbox: () => this.world.store.outbox(),
      remove: (entry) => this.world.store.removeFromOutbox(entry.id),
      attempt: (entry) => this.attempt(entry),
      // Reordering sends each window's deliveries newest event first.
      order: (due) => (this.world.faults.reorderDeliveries ? [...due].sort((a, b) => b.dueAtMs - a.dueAtMs || b.id - a.id) : due),
    });
    world.onEvent((event) => this.enqueue(event));
  }

  start(): void {
    this.pump.kick();
  }

  stop(): Promise<void> {
    return this.pump.stop();
  }

  enqueue(event: StoredEvent, onlyEndpoint?: string): void {
    const faults = this.world.faults;
    let due = Date.now() + faults.deliveryDelayMs;
    if (faults.reorderDeliveries) {
      // The first event opens a window; every event until it closes is held to its end and
      // the window is then sent newest first (one burst is never split across windows).
      if (this.reorderWindowEndsAt <= Date.now()) this.reorderWindowEndsAt = due + REORDER_WINDOW_MS;
      due = Math.max(due, this.reorderWindowEndsAt);
    }
    for (const endpoint of this.world.store.all<Stripe.WebhookEndpoint, EndpointNotes>("webhook_endpoint")) {
      if (onlyEndpoint && endpoint.id !== onlyEndpoint) continue;
      if (endpoint.object.status !== "enabled" || !takesEvent(endpoint.object.enabled_events, event.type)) continue;
      this.world.store.enqueue(event.id, endpoint.id, 1, due);
    }
    this.pump.kick();
  }

  /** Resolves once nothing is waiting to be sent (delivered, or given up after the last retry), or after `timeoutMs`. */
  settle(timeoutMs: number): Promise<number> {
    return this.pump.settle(timeoutMs);
  }

  private async attempt(entry: OutboxEntry): Promise<void> {
    const event = this.world.store.event(entry.eventId);
    const endpoint = this.world.store.get<Stripe.WebhookEndpoint, EndpointNotes>(entry.endpointId);
    if (!event || !endpoint) return;
    const log = (status: number | null, error: string | null, signature: string | null) =>
      this.world.store.logDelivery({
        eventId: event.id,
        type: event.type,
        endpointId: endpoint.id,
        url: endpoint.object.url,
        attempt: entry.attempt,
        status,
        error,
        signature,
        at: new Date().toISOString(),
      });
    let ok = false;
    const faults = this.world.faults;
    if (faults.dropNextDeliveries > 0) {
      this.world.faults = { ...faults, dropNextDeliveries: faults.dropNextDeliveries - 1 };
      log(null, "dropped by the dropNextDeliveries fault (never reached the endpoint)", null);
    } else {
      const copies = faults.duplicateDeliveries ? 2 : 1;
      for (let i = 0; i < copies; i++) {
        const signature = signedHeaderValue(endpoint.x.secret, event.json);
        const result = await this.send(endpoint.object.url, signature, event.json);
        log(result.status, result.error, signature);
        ok ||= result.status !== null && result.status >= 200 && result.status < 300;
      }
    }
    if (ok) return;
    const delay = this.world.settings.webhookRetryScheduleMs[entry.attempt - 1];
    if (delay !== undefined && !this.pump.isStopped) {
      this.world.store.enqueue(event.id, endpoint.id, entry.attempt + 1, Date.now() + delay);
      this.pump.kick();
    }
  }

  private async send(url: string, signature: string, body: string): Promise<{ status: number | null; error: string | null }> {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Stripe-Signature": signature,
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.body?.cancel();
      return { status: res.status, error: null };
    } catch (e) {
      return { status: null, error: (e as Error).message };
    }
  }

  /** Sends an event again to every endpoint that takes it (the Dashboard's "Resend"). */
  redeliver(eventId: string): boolean {
    const event = this.world.store.event(eventId);
    if (!event) return false;
    this.enqueue(event);
    return true;
  }
}
