import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../../server/observability/logger";
import { newTraceId, traceIdFromRequest, traceIdOrNew } from "../../../server/observability/trace";

describe("trace ids", () => {
  it("follows W3C traceparent when present and well-formed", () => {
    const id = "4bf92f3577b34da6a3ce929d0e0e4736";
    expect(traceIdFromRequest(new Request("http://x", { headers: { traceparent: `00-${id}-00f067aa0ba902b7-01` } }))).toBe(id);
  });
  it("makes a new one otherwise", () => {
    for (const bad of ["", "00-zz-00-01", `00-${"0".repeat(32)}-00f067aa0ba902b7-01`]) {
      const id = traceIdFromRequest(new Request("http://x", { headers: { traceparent: bad } }));
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(id).not.toBe("0".repeat(32));
    }
    expect(newTraceId()).not.toBe(newTraceId());
    expect(traceIdOrNew("<script>")).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("structured logger", () => {
  afterEach(() => vi.restoreAllMocks());
  const lines = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map((c) => JSON.parse(String(c[0])));

  it("writes one JSON object per line with the trace id", () => {
    const spy = vi.spyOn(console, "log").mockImplementation(() => {});
    createLogger("t1").info("thing.happened", { n: 1 });
    expect(lines(spy)).toEqual([expect.objectContaining({ level: "info", event: "thing.happened", traceId: "t1", n: 1 })]);
  });

  it("never writes values of secret-looking fields", () => {
    const spy = vi.spyOn(console, "log").mockImplementation(() => {});
    createLogger("t1")
      .child({ apiToken: "tok_live" })
      .info("x", { adminKey: "sk_admin_x", password: "p", cookie: "c", name: "ok" });
    const out = JSON.stringify(lines(spy));
    for (const secret of ["tok_live", "sk_admin_x", '"p"', '"c"']) expect(out).not.toContain(secret);
    expect(out).toContain('"name":"ok"');
  });

  it("emits counters as metric lines", () => {
    const spy = vi.spyOn(console, "log").mockImplementation(() => {});
    createLogger("t2").count("state_transitions", { from: "pending", to: "ready" });
    expect(lines(spy)[0]).toMatchObject({ kind: "metric", metric: "state_transitions", value: 1, traceId: "t2", to: "ready" });
  });

  it("respects the level, but alerts always go out (to stderr)", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    const logger = createLogger("t3", { level: "warn" });
    logger.info("quiet");
    logger.alert("unknown.state", { state: "melting" });
    expect(log).not.toHaveBeenCalled();
    expect(lines(err)[0]).toMatchObject({ level: "alert", alert: true, state: "melting" });
  });

  it("logs errors by name and message only (no stack traces)", () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    createLogger("t4").error("boom", { error: new TypeError("bad thing") });
    expect(lines(err)[0].error).toEqual({ name: "TypeError", message: "bad thing" });
  });
});
