/**
 * Test-only faults at the edge of the D1 binding: every statement waits a (seeded) random
 * delay before it goes out, and statements whose SQL matches fail a given number of times.
 * It wraps the binding itself, so the code under test runs unchanged — nothing of ours is
 * mocked. `createDatabase` (app/.server/db.ts) applies it, so pages, queue consumers, crons
 * and the Durable Object all see the same faults.
 *
 * Set from workerd tests with `setD1Faults` (they share the Worker's isolate and this
 * module's state) or over HTTP with `POST /__test/d1-faults`. Outside builds with test
 * controls `withD1Faults` is the identity and the bundler drops the rest.
 *
 * The types are structural (not D1Database) so Node unit tests can typecheck it too.
 */
export interface D1Faults {
  /** Each statement, batch and exec waits a random time in [min, max] ms before it goes out. */
  delayMs?: [number, number];
  /** Seeds the delays' random numbers, so a slow run can be replayed exactly. */
  seed?: number;
  /** Statements whose SQL contains this (case-insensitive) throw `Error("injected D1 failure")`… */
  failMatching?: string;
  /** …this many times (default: until the faults are cleared). */
  failTimes?: number;
}

export interface D1FaultsStatus {
  active: boolean;
  faults: D1Faults;
  /** Failures still to inject (null: unlimited). */
  failuresLeft: number | null;
  /** Failures injected since the faults were set. */
  injected: number;
  /** Round trips (statements, batches, execs) that went through the wrapper since then. */
  roundTrips: number;
  /** The SQL of each statement sent since then (the first 1,000), for tests that count queries. */
  statements: string[];
}

export const INJECTED_D1_FAILURE = "injected D1 failure";

interface State {
  faults: D1Faults;
  failuresLeft: number;
  injected: number;
  roundTrips: number;
  statements: string[];
  random: () => number;
}

let state: State | null = null;

export function setD1Faults(faults: D1Faults): D1FaultsStatus {
  const [min, max] = faults.delayMs ?? [0, 0];
  if (!(min >= 0 && max >= min)) throw new Error("delayMs must be [min, max] with 0 <= min <= max");
  if (faults.failTimes !== undefined && !(faults.failTimes >= 0)) throw new Error("failTimes must be 0 or more");
  const active = faults.delayMs !== undefined || !!faults.failMatching;
  state = active
    ? {
        faults: { ...faults },
        failuresLeft: faults.failMatching ? (faults.failTimes ?? Number.POSITIVE_INFINITY) : 0,
        injected: 0,
        roundTrips: 0,
        statements: [],
        random: faults.seed === undefined ? Math.random : mulberry32(faults.seed),
      }
    : null;
  return d1FaultsStatus();
}

export function clearD1Faults(): D1FaultsStatus {
  state = null;
  return d1FaultsStatus();
}

export function d1FaultsStatus(): D1FaultsStatus {
  if (!state) return { active: false, faults: {}, failuresLeft: 0, injected: 0, roundTrips: 0, statements: [] };
  const left = state.failuresLeft;
  return {
    active: true,
    faults: { ...state.faults },
    failuresLeft: Number.isFinite(left) ? left : null,
    injected: state.injected,
    roundTrips: state.roundTrips,
    statements: [...state.statements],
  };
}

/** The binding as is, unless test faults are set (and never in a production build). */
export function withD1Faults<T extends object>(d1: T): T {
  if (!__HARBOR_TEST_CONTROLS__ || !state) return d1;
  return faultyDatabase(d1);
}

// ── The wrapper ─────────────────────────────────────────────────────────────
// It reads the settings on every call (not when wrapped), so clearing the faults also
// heals a database handle made while they were set.

interface Statement {
  bind(...values: unknown[]): Statement;
}

/** A wrapped statement → the real one and its SQL (batch must be given the real ones). */
const wrapped = /* @__PURE__ */ new WeakMap<object, { real: Statement; sql: string }>();

function faultyDatabase<T extends object>(d1: T): T {
  return new Proxy(d1, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if (prop === "prepare") return (sql: string) => faultyStatement(value.call(target, sql) as Statement, sql);
      if (prop === "batch") {
        return async (statements: object[]) => {
          const parts = statements.map((s) => wrapped.get(s) ?? { real: s as Statement, sql: "" });
          await beforeRoundTrip(parts.map((p) => p.sql));
          return value.call(
            target,
            parts.map((p) => p.real),
          );
        };
      }
      if (prop === "exec") {
        return async (sql: string) => {
          await beforeRoundTrip([sql]);
          return value.call(target, sql);
        };
      }
      return value.bind(target);
    },
  });
}

const ROUND_TRIPS = /* @__PURE__ */ new Set<PropertyKey>(["run", "all", "first", "raw"]);

function faultyStatement(real: Statement, sql: string): Statement {
  const proxy = new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      if (prop === "bind") return (...values: unknown[]) => faultyStatement(value.apply(target, values) as Statement, sql);
      if (ROUND_TRIPS.has(prop)) {
        return async (...args: unknown[]) => {
          await beforeRoundTrip([sql]);
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  wrapped.set(proxy, { real, sql });
  return proxy;
}

async function beforeRoundTrip(sqls: string[]): Promise<void> {
  const s = state;
  if (!s) return;
  s.roundTrips++;
  for (const sql of sqls) if (s.statements.length < 1_000) s.statements.push(sql);
  if (s.faults.delayMs) {
    const [min, max] = s.faults.delayMs;
    const ms = min + s.random() * (max - min);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
  // Re-read: the faults may have been cleared while this statement waited.
  if (state !== s || !s.faults.failMatching || s.failuresLeft <= 0) return;
  const needle = s.faults.failMatching.toLowerCase();
  if (!sqls.some((sql) => sql.toLowerCase().includes(needle))) return;
  s.failuresLeft--;
  s.injected++;
  throw new Error(INJECTED_D1_FAILURE);
}

/** A small seeded PRNG (mulberry32): numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
