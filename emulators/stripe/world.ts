/**
 * The stand-in's state and the few services every part uses: the store, the settings and
 * faults, the clock (the stand-in's own "now", and each test clock's frozen time), and the
 * event log. Resources, the billing engine, the hosted pages and the controls all act on
 * one StripeWorld.
 */
import type Stripe from "stripe";
import { newId } from "./ids.ts";
import { DEFAULT_FAULTS, DEFAULT_SETTINGS, type Faults, type Settings } from "./settings.ts";
import type { Doc, StoredEvent, StripeStore } from "./store.ts";

export const API_VERSION = "2026-10-28.endive";

/** The API request an event comes from (null for events Stripe causes itself). */
export interface RequestInfo {
  id: string;
  idempotencyKey: string | null;
}

export interface EmitOptions {
  at: number;
  previous?: Record<string, unknown>;
}

export class StripeWorld {
  /** The API request being handled, so events it causes carry its id (contract §5.1). */
  currentRequest: RequestInfo | null = null;
  private mutedDepth = 0;
  private readonly eventListeners: ((event: StoredEvent) => void)[] = [];

  readonly store: StripeStore;
  readonly secretKey: string;
  /** Where the hosted pages are reached (http://localhost:<port>). */
  baseUrl: string;

  constructor(store: StripeStore, secretKey: string, baseUrl: string) {
    this.store = store;
    this.secretKey = secretKey;
    this.baseUrl = baseUrl;
  }

  // ── Settings and faults ────────────────────────────────────────────────────

  get settings(): Settings {
    return { ...DEFAULT_SETTINGS, ...(this.store.getValue<Partial<Settings>>("settings") ?? {}) };
  }
  set settings(value: Settings) {
    this.store.setValue("settings", value);
  }
  get faults(): Faults {
    return { ...DEFAULT_FAULTS, ...(this.store.getValue<Partial<Faults>>("faults") ?? {}) };
  }
  set faults(value: Faults) {
    this.store.setValue("faults", value);
  }

  // ── Time ───────────────────────────────────────────────────────────────────

  /** The stand-in's clock (Unix seconds): real time plus the offset the clock control moved it by. */
  now(): number {
    return Math.floor(Date.now() / 1000) + (this.store.getValue<number>("clockOffsetSeconds") ?? 0);
  }

  moveClockTo(unixSeconds: number): void {
    const offset = unixSeconds - Math.floor(Date.now() / 1000);
    this.store.setValue("clockOffsetSeconds", Math.max(offset, this.store.getValue<number>("clockOffsetSeconds") ?? 0));
  }

  /** The test clock a customer follows, if any. */
  testClockOf(customerId: string | null | undefined): Doc<Stripe.TestHelpers.TestClock> | undefined {
    if (!customerId) return undefined;
    const customer = this.store.get<Stripe.Customer>(customerId);
    const clockId = customer?.object.test_clock;
    return typeof clockId === "string" ? this.store.get<Stripe.TestHelpers.TestClock>(clockId) : undefined;
  }

  /** "Now" for a customer's objects: its test clock's frozen time, or the stand-in's clock. */
  nowFor(customerId: string | null | undefined): number {
    return this.testClockOf(customerId)?.object.frozen_time ?? this.now();
  }

  // ── Events ─────────────────────────────────────────────────────────────────

  onEvent(listener: (event: StoredEvent) => void): void {
    this.eventListeners.push(listener);
  }

  /** Runs `fn` without recording its events (the caller announces them itself, in Stripe's order). */
  muted<T>(fn: () => T): T {
    this.mutedDepth++;
    try {
      return fn();
    } finally {
      this.mutedDepth--;
    }
  }

  /** Records an event with a snapshot of the object as it is now, and hands it to delivery. */
  emit(type: string, object: unknown, options: EmitOptions): Stripe.Event | null {
    if (this.mutedDepth > 0) return null;
    const endpoints = this.store
      .all<Stripe.WebhookEndpoint>("webhook_endpoint")
      .filter((e) => e.object.status === "enabled" && takesEvent(e.object.enabled_events, type));
    const event = {
      id: newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: options.at,
      data: {
        object: structuredClone(object),
        ...(options.previous && { previous_attributes: structuredClone(options.previous) }),
      },
      livemode: false,
      pending_webhooks: endpoints.length,
      request: this.currentRequest ? { id: this.currentRequest.id, idempotency_key: this.currentRequest.idempotencyKey } : { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event;
    const stored = this.store.addEvent(event.id, type, event.created, JSON.stringify(event));
    for (const listener of this.eventListeners) listener(stored);
    return event;
  }
}

export function takesEvent(enabled: readonly string[], type: string): boolean {
  return enabled.some((e) => e === "*" || e === type || (e.endsWith(".*") && type.startsWith(e.slice(0, -1))));
}

/** Adds calendar months the way Stripe bills monthly (the 31st becomes the month's last day). */
export function addMonths(unixSeconds: number, months: number, anchorDay?: number): number {
  const d = new Date(unixSeconds * 1000);
  const day = anchorDay ?? d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return Math.floor(target.getTime() / 1000);
}

export function addInterval(unixSeconds: number, interval: string, count: number, anchorDay?: number): number {
  switch (interval) {
    case "day":
      return unixSeconds + 86400 * count;
    case "week":
      return unixSeconds + 7 * 86400 * count;
    case "year":
      return addMonths(unixSeconds, 12 * count, anchorDay);
    default:
      return addMonths(unixSeconds, count, anchorDay);
  }
}
