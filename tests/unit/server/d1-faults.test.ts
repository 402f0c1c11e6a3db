import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clearD1Faults, d1FaultsStatus, setD1Faults, withD1Faults } from "../../../server/test-controls/d1-faults";

/** A stand-in for the D1 binding's surface (prepare → bind → run/all/first/raw; batch; exec) that records what reached it. */
function fakeD1() {
  const sent: string[] = [];
  const real = new WeakSet<object>();
  const statement = (sql: string) => {
    const s = {
      sql,
      bind: (..._values: unknown[]) => statement(sql),
      run: async () => (sent.push(sql), { success: true }),
      all: async () => (sent.push(sql), { results: [{ sql }] }),
      first: async () => (sent.push(sql), { sql }),
      raw: async () => (sent.push(sql), [[sql]]),
    };
    real.add(s);
    return s;
  };
  const d1 = {
    prepare: (sql: string) => statement(sql),
    batch: async (statements: ReturnType<typeof statement>[]) => {
      // Like the real binding, it accepts only its own statements: the wrapper must unwrap them.
      for (const s of statements) if (!real.has(s)) throw new Error("not a real statement");
      sent.push(...statements.map((s) => s.sql));
      return statements.map(() => ({ success: true }));
    },
    exec: async (sql: string) => (sent.push(sql), { count: 1, duration: 0 }),
  };
  return { d1, sent };
}

/** Runs `work` while recording each requested timer delay, without waiting for them. */
async function delaysOf(work: () => Promise<unknown>): Promise<number[]> {
  const delays: number[] = [];
  const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    queueMicrotask(fn);
    return 0;
  }) as typeof setTimeout);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return delays;
}

beforeEach(() => vi.stubGlobal("__HARBOR_TEST_CONTROLS__", true));
afterEach(() => {
  clearD1Faults();
  vi.unstubAllGlobals();
});

describe("withD1Faults", () => {
  it("hands back the binding itself when no faults are set", () => {
    const { d1 } = fakeD1();
    expect(withD1Faults(d1)).toBe(d1);
    setD1Faults({});
    expect(withD1Faults(d1)).toBe(d1);
    expect(d1FaultsStatus()).toMatchObject({ active: false });
  });

  it("is the identity in a build without test controls, even with faults set", async () => {
    vi.stubGlobal("__HARBOR_TEST_CONTROLS__", false);
    setD1Faults({ failMatching: "select" });
    const { d1, sent } = fakeD1();
    expect(withD1Faults(d1)).toBe(d1);
    await withD1Faults(d1).prepare("SELECT 1").all();
    expect(sent).toEqual(["SELECT 1"]);
  });

  it("waits a delay within [min, max] before every round trip, the same sequence for the same seed", async () => {
    const run = async (seed: number) => {
      setD1Faults({ delayMs: [20, 80], seed });
      const { d1, sent } = fakeD1();
      const db = withD1Faults(d1);
      const delays = await delaysOf(async () => {
        const s = db.prepare("SELECT ?").bind(1);
        await s.run();
        await s.all();
        await s.first();
        await s.raw();
        await db.batch([db.prepare("SELECT 1"), db.prepare("SELECT 2").bind()]);
        await db.exec("SELECT 3");
        for (let i = 0; i < 50; i++) await db.prepare("SELECT 4").first();
      });
      expect(sent).toHaveLength(4 + 2 + 1 + 50);
      expect(d1FaultsStatus().roundTrips).toBe(4 + 1 + 1 + 50);
      return delays;
    };
    const first = await run(42);
    // One delay per round trip: a batch is one.
    expect(first).toHaveLength(4 + 1 + 1 + 50);
    for (const ms of first) (expect(ms).toBeGreaterThanOrEqual(20), expect(ms).toBeLessThanOrEqual(80));
    expect(new Set(first).size).toBeGreaterThan(40);
    expect(Math.min(...first)).toBeLessThan(35);
    expect(Math.max(...first)).toBeGreaterThan(65);
    expect(await run(42)).toEqual(first);
    expect(await run(7)).not.toEqual(first);
  });

  it("really waits: a statement goes out only after its delay", async () => {
    setD1Faults({ delayMs: [60, 60] });
    const { d1 } = fakeD1();
    const started = performance.now();
    await withD1Faults(d1).prepare("SELECT 1").run();
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("fails matching statements failTimes times (case-insensitive), then lets them through", async () => {
    setD1Faults({ failMatching: 'FROM "workspace_instances"', failTimes: 2 });
    const { d1, sent } = fakeD1();
    const db = withD1Faults(d1);
    const lookup = () => db.prepare('select "workspace_id" from "workspace_instances" where x = ?').bind("r").all();

    await expect(db.prepare("SELECT 1").first()).resolves.toEqual({ sql: "SELECT 1" });
    await expect(lookup()).rejects.toThrow("injected D1 failure");
    expect(d1FaultsStatus()).toMatchObject({ active: true, failuresLeft: 1, injected: 1 });
    await expect(lookup()).rejects.toThrow("injected D1 failure");
    await expect(lookup()).resolves.toMatchObject({ results: [expect.anything()] });
    expect(d1FaultsStatus()).toMatchObject({ failuresLeft: 0, injected: 2 });
    // The failed statements never reached the database.
    expect(sent).toEqual(["SELECT 1", 'select "workspace_id" from "workspace_instances" where x = ?']);
  });

  it("fails a batch holding a matching statement (none of it is sent), and exec", async () => {
    setD1Faults({ failMatching: "delete" });
    const { d1, sent } = fakeD1();
    const db = withD1Faults(d1);
    await expect(db.batch([db.prepare("SELECT 1"), db.prepare("DELETE FROM t WHERE id = ?").bind(1)])).rejects.toThrow(
      "injected D1 failure",
    );
    await expect(db.exec("DELETE FROM t")).rejects.toThrow("injected D1 failure");
    await expect(db.batch([db.prepare("SELECT 1"), db.prepare("SELECT 2")])).resolves.toHaveLength(2);
    expect(sent).toEqual(["SELECT 1", "SELECT 2"]);
    // No failTimes: it keeps failing until cleared.
    expect(d1FaultsStatus()).toMatchObject({ failuresLeft: null, injected: 2 });
  });

  it("clearing the faults heals handles made while they were set", async () => {
    setD1Faults({ failMatching: "select" });
    const { d1 } = fakeD1();
    const db = withD1Faults(d1);
    const statement = db.prepare("SELECT 1");
    await expect(statement.first()).rejects.toThrow("injected D1 failure");
    clearD1Faults();
    await expect(statement.first()).resolves.toEqual({ sql: "SELECT 1" });
  });

  it("refuses nonsense settings", () => {
    expect(() => setD1Faults({ delayMs: [50, 10] })).toThrow();
    expect(() => setD1Faults({ delayMs: [-1, 10] })).toThrow();
    expect(() => setD1Faults({ failMatching: "x", failTimes: -1 })).toThrow();
  });
});
