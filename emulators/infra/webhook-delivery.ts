/**
 * Pushes recorded events to Harbor's /webhooks/infra: signed, retried with exponential
 * backoff until a 2xx, up to a cap, then moved to the dead-letter list. The outbox lives
 * in the store, so deliveries pending at shutdown resume after a restart.
 */
import { ulid } from "../shared/ulid.ts";
import { SIGNATURE_HEADER, signatureHeader } from "./signature.ts";
import type { EventRow, InfraStore } from "./store.ts";

export interface DeliveryOptions {
  /** Where events go (Harbor's /webhooks/infra); read on every attempt so tests can change it. */
  url: () => string;
  secret: string;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  timeoutMs: number;
}

export interface DeliveryFaults {
  /** Every event waits this long before its first attempt. */
  eventDelayMs: number;
  /** Each attempt is sent twice. */
  duplicateEvents: boolean;
  /** Events are held in windows and each window is delivered newest first. */
  reorderEvents: boolean;
}

export const REORDER_WINDOW_MS = 400;

export class WebhookDelivery {
  private timer: NodeJS.Timeout | null = null;
  private pumping = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly store: InfraStore;
  private readonly options: DeliveryOptions;
  private readonly faults: () => DeliveryFaults;

  constructor(store: InfraStore, options: DeliveryOptions, faults: () => DeliveryFaults) {
    this.store = store;
    this.options = options;
    this.faults = faults;
  }

  /** When a new event's first attempt is due, given the current faults. */
  firstAttemptAt(now = Date.now()): number {
    const f = this.faults();
    let at = now + f.eventDelayMs;
    if (f.reorderEvents) at = Math.ceil((at + 1) / REORDER_WINDOW_MS) * REORDER_WINDOW_MS + REORDER_WINDOW_MS;
    return at;
  }

  kick(): void {
    if (this.stopped) return;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pump(), Math.max(0, delayMs));
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      const now = Date.now();
      const due = this.store.dueOutbox(now, 100);
      const batch = due.map((entry) => {
        const attempt = entry.attempts + 1;
        // Claim before sending, so a slow attempt is not picked up twice.
        this.store.claim(entry.eventId, attempt, now + this.backoff(attempt));
        return { event: this.store.getEvent(entry.eventId)!, attempt };
      });
      if (this.faults().reorderEvents) {
        batch.sort((a, b) => b.event.sequence - a.event.sequence || b.event.eventId.localeCompare(a.event.eventId));
        for (const item of batch) await this.track(this.attempt(item.event, item.attempt));
      } else {
        for (const item of batch) void this.track(this.attempt(item.event, item.attempt));
      }
    } finally {
      this.pumping = false;
      const next = this.store.nextOutboxTime();
      if (next !== null && !this.stopped) this.schedule(next - Date.now());
    }
  }

  private track(p: Promise<void>): Promise<void> {
    this.inFlight.add(p);
    return p.finally(() => this.inFlight.delete(p));
  }

  private backoff(attempt: number): number {
    return Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** (attempt - 1));
  }

  private async attempt(event: EventRow, attempt: number): Promise<void> {
    const copies = this.faults().duplicateEvents ? 2 : 1;
    let ok = false;
    let lastError = "";
    for (let i = 0; i < copies; i++) {
      const result = await this.post(event);
      this.store.recordAttempt({ eventId: event.eventId, attempt, status: result.status, error: result.error, at: new Date().toISOString() });
      if (result.status !== null && result.status >= 200 && result.status < 300) ok = true;
      else lastError = result.error ?? `HTTP ${result.status}`;
    }
    if (ok) return this.store.delivered(event.eventId);
    if (attempt >= this.options.maxAttempts) {
      this.store.deadLetter(event.eventId, attempt, lastError, new Date().toISOString());
    } else {
      this.store.failed(event.eventId, lastError);
    }
  }

  private async post(event: EventRow): Promise<{ status: number | null; error: string | null }> {
    const body = JSON.stringify({
      eventId: event.eventId,
      resourceId: event.resourceId,
      workspaceId: event.workspaceId,
      sequence: event.sequence,
      state: event.state,
      occurredAt: event.occurredAt,
    });
    try {
      const res = await fetch(this.options.url(), {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          [SIGNATURE_HEADER]: signatureHeader(this.options.secret, body),
          "Infra-Delivery": `dlv_${ulid().toLowerCase()}`,
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
    } catch (error) {
      return { status: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
