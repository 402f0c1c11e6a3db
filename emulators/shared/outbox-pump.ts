/**
 * The at-least-once engine of a stand-in's webhooks: entries wait in a stored outbox until
 * due, are taken one at a time in due order (so events arrive in the order they happened,
 * unless `order` changes it), and `attempt` sends each (and puts back a retry itself).
 * `settle` answers once nothing is waiting or in flight. The Stripe and Resend stand-ins'
 * deliveries differ only in how they sign and retry, not in this.
 */
export interface OutboxSource<E extends { dueAtMs: number }> {
  /** Everything waiting, earliest due first. */
  outbox(): E[];
  remove(entry: E): void;
  attempt(entry: E): Promise<void>;
  /** Reorders the entries due now (a fault may send them newest first). */
  order?(due: E[]): E[];
}

export class OutboxPump<E extends { dueAtMs: number }> {
  private timer: NodeJS.Timeout | null = null;
  private pumping = false;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly source: OutboxSource<E>;

  constructor(source: OutboxSource<E>) {
    this.source = source;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Resolves once nothing is waiting (delivered, or given up), or after `timeoutMs`; returns what is still pending. */
  async settle(timeoutMs: number): Promise<number> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.source.outbox().length === 0 && this.inFlight.size === 0 && !this.pumping) return 0;
      this.kick();
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.source.outbox().length;
  }

  /** Looks again at the outbox: the next due entry gets a timer. */
  kick(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const next = this.source.outbox()[0];
    if (!next) return;
    this.timer = setTimeout(() => void this.pump(), Math.max(0, next.dueAtMs - Date.now()));
  }

  private async pump(): Promise<void> {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    try {
      const now = Date.now();
      const due = this.source.outbox().filter((e) => e.dueAtMs <= now);
      for (const entry of this.source.order ? this.source.order(due) : due) {
        // Stopped while the last one was on its way: the rest stay (the store may be closing).
        if (this.stopped) break;
        this.source.remove(entry);
        const p = this.source.attempt(entry).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
        await p;
      }
    } finally {
      this.pumping = false;
      this.kick();
    }
  }
}
