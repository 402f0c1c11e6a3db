/**
 * Where notifications may go (domain/notifications/destination.ts): https and public only,
 * Slack links only on Slack's host, the local test origin the one exception. The fuzz
 * builds hostile addresses from pieces (userinfo tricks, numeric IPv4 forms, IPv6 literals,
 * trailing dots, case, ports) and checks that none of them gets through. Seeded: a failure
 * prints its seed (replay with TEST_SEED=<seed>).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkDestination, DESTINATION_MAX_LENGTH, isPrivateHost } from "../../../domain/notifications/destination";
import { seededRandom } from "../../support/seeded-random";

const SLACK = "https://hooks.slack.com/services/T000/B000/XXXXXXXX";
const TEST_ORIGIN = "http://localhost:4160";
const seed = seededRandom().seed;

const problem = (kind: "webhook" | "slack", url: string, allowedTestOrigin = "") => {
  const r = checkDestination(kind, url, { allowedTestOrigin });
  return r.ok ? "ok" : r.problem;
};

describe("checkDestination", () => {
  it("accepts a public https address and normalises it", () => {
    expect(checkDestination("webhook", "  https://Example.COM./hooks/harbor?x=1#frag  ")).toEqual({
      ok: true,
      url: "https://example.com/hooks/harbor?x=1",
    });
    expect(problem("webhook", "https://example.com:8443/in")).toBe("ok");
    expect(problem("webhook", "https://[2606:4700::1111]/in")).toBe("ok");
    expect(problem("webhook", "https://8.8.8.8/in")).toBe("ok");
  });

  it("says what is wrong in one word", () => {
    expect(problem("webhook", "")).toBe("missing");
    expect(problem("webhook", "   ")).toBe("missing");
    expect(problem("webhook", "not a link")).toBe("not_a_link");
    expect(problem("webhook", "ftp://example.com/x")).toBe("not_a_link");
    expect(problem("webhook", "javascript:alert(1)")).toBe("not_a_link");
    expect(problem("webhook", `https://example.com/${"a".repeat(DESTINATION_MAX_LENGTH)}`)).toBe("too_long");
    expect(problem("webhook", "http://example.com/in")).toBe("not_secure");
    expect(problem("webhook", "https://user:pass@example.com/in")).toBe("has_login");
    expect(problem("webhook", "https://localhost/in")).toBe("private_address");
  });

  it.each([
    "https://127.0.0.1/",
    "https://127.1/",
    "https://2130706433/",
    "https://0x7f000001/",
    "https://0177.0.0.1/",
    "https://0x7f.0.0.1/",
    "https://0/",
    "https://0.0.0.0/",
    "https://10.0.0.1/",
    "https://172.16.5.4/",
    "https://172.31.255.255/",
    "https://192.168.1.1/",
    "https://100.64.0.1/",
    "https://169.254.169.254/latest/meta-data/",
    "https://224.0.0.1/",
    "https://255.255.255.255/",
    "https://[::1]/",
    "https://[::]/",
    "https://[0:0:0:0:0:0:0:1]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::ffff:7f00:1]/",
    "https://[::ffff:8.8.8.8]/",
    "https://[::127.0.0.1]/",
    "https://[64:ff9b::a9fe:a9fe]/",
    "https://[fe80::1]/",
    "https://[fc00::1]/",
    "https://[fd12:3456::1]/",
    "https://[ff02::1]/",
    "https://[2001:db8::1]/",
    "https://[2002:7f00:1::]/",
    "https://[fd00:ec2::254]/",
    "https://localhost/",
    "https://LOCALHOST./",
    "https://app.localhost/",
    "https://printer.local/",
    "https://metadata.google.internal/computeMetadata/v1/",
    "https://intranet/",
    "https://router.lan/",
  ])("%s is private", (url) => {
    expect(problem("webhook", url)).toBe("private_address");
  });

  it("takes Slack links only on Slack's host", () => {
    expect(problem("slack", SLACK)).toBe("ok");
    expect(problem("slack", SLACK.replace("hooks.slack.com", "HOOKS.Slack.com."))).toBe("ok");
    expect(problem("slack", "https://hooks.slack.com@evil.example/services/T/B/X")).toBe("has_login");
    expect(problem("slack", "https://evil.example/services/T/B/X")).toBe("not_slack");
    expect(problem("slack", "https://hooks.slack.com.evil.example/services/T/B/X")).toBe("not_slack");
    expect(problem("slack", "https://hooks.slack.com/other/T/B/X")).toBe("not_slack");
    expect(problem("slack", "https://hooks.slack.com/services/")).toBe("not_slack");
    expect(problem("slack", "https://hooks.slack.com:8443/services/T/B/X")).toBe("not_slack");
    expect(problem("slack", "http://hooks.slack.com/services/T/B/X")).toBe("not_secure");
    expect(problem("slack", "https://127.0.0.1/services/T/B/X")).toBe("private_address");
  });

  it("lets the local test origin through, and only it", () => {
    expect(problem("webhook", `${TEST_ORIGIN}/mine`, TEST_ORIGIN)).toBe("ok");
    expect(problem("slack", `${TEST_ORIGIN}/services/T/B/X`, TEST_ORIGIN)).toBe("ok");
    expect(problem("webhook", "http://localhost:4161/mine", TEST_ORIGIN)).toBe("not_secure");
    expect(problem("webhook", "https://localhost:4160/mine", TEST_ORIGIN)).toBe("private_address");
    expect(problem("webhook", `http://user@localhost:4160/mine`, TEST_ORIGIN)).toBe("has_login");
    // Production: empty, so nothing local passes.
    expect(problem("webhook", `${TEST_ORIGIN}/mine`, "")).toBe("not_secure");
  });
});

// ── The fuzz ─────────────────────────────────────────────────────────────────

/** IPv4 addresses that are never public, in every spelling URL parsing understands. */
const privateV4 = fc.oneof(
  fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(0), fc.nat(255), fc.nat(255), fc.nat(255)),
  fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)),
);

const v4Spelling = (ip: number[], style: number): string => {
  const n = ((ip[0]! << 24) | (ip[1]! << 16) | (ip[2]! << 8) | ip[3]!) >>> 0;
  switch (style) {
    case 0:
      return ip.join(".");
    case 1:
      return String(n); // 2130706433
    case 2:
      return `0x${n.toString(16)}`; // 0x7f000001
    case 3:
      return ip.map((p) => `0${p.toString(8)}`).join("."); // 0177.0.0.01
    case 4:
      return ip.map((p) => `0x${p.toString(16)}`).join(".");
    case 5:
      return `${ip[0]}.${(ip[1]! << 16) | (ip[2]! << 8) | ip[3]!}`; // 127.1
    default: {
      const hex = (a: number, b: number) => ((a << 8) | b).toString(16);
      return `[::ffff:${hex(ip[0]!, ip[1]!)}:${hex(ip[2]!, ip[3]!)}]`;
    }
  }
};

const privateName = fc.oneof(
  fc.constantFrom("localhost", "[::1]", "[::]", "[fe80::1]", "[fd00::1]", "[::ffff:169.254.169.254]", "metadata"),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/).map((s) => `${s}.localhost`),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/).map((s) => `${s}.internal`),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/).map((s) => `${s}.local`),
);

const hostileHost = fc.oneof(
  fc.tuple(privateV4, fc.nat(6)).map(([ip, style]) => v4Spelling(ip, style)),
  privateName,
);

/** Case, trailing dots and a port, as an attacker would vary them. */
const decorated = fc
  .tuple(hostileHost, fc.boolean(), fc.nat(2), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: null }))
  .map(([host, upper, dots, port]) => {
    const h = (upper ? host.toUpperCase() : host) + (host.startsWith("[") ? "" : ".".repeat(dots));
    return port === null ? h : `${h}:${port}`;
  });

const userinfo = fc.constantFrom("", "hooks.slack.com@", "user:pass@", "example.com@", "@", ":@");

describe("no hostile address gets through (seeded fuzz)", () => {
  it("private hosts in any spelling, with or without userinfo, for both kinds", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("webhook" as const, "slack" as const),
        fc.constantFrom("https://", "http://", "HTTPS://"),
        userinfo,
        decorated,
        fc.constantFrom("/", "/services/T/B/X", "/in?x=1", ""),
        (kind, scheme, user, host, path) => {
          const url = `${scheme}${user}${host}${path}`;
          const result = checkDestination(kind, url, { allowedTestOrigin: "" });
          if (result.ok) {
            // Never passes unless it is truly public: re-parse what would be stored.
            const stored = new URL(result.url);
            expect(stored.protocol).toBe("https:");
            expect(stored.username + stored.password).toBe("");
            expect(isPrivateHost(stored.hostname)).toBe(false);
            if (kind === "slack") expect(stored.hostname).toBe("hooks.slack.com");
          }
          expect(result.ok).toBe(false);
        },
      ),
      { seed, numRuns: 2_000 },
    );
  });

  it("anything a Slack link passes is on Slack's host, over https, with no userinfo", () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), userinfo, (web, user) => {
        const url = web.replace("://", `://${user}`);
        const result = checkDestination("slack", url, { allowedTestOrigin: "" });
        if (result.ok) {
          const stored = new URL(result.url);
          expect(stored.hostname).toBe("hooks.slack.com");
          expect(stored.protocol).toBe("https:");
          expect(stored.username).toBe("");
        }
      }),
      { seed, numRuns: 1_000 },
    );
  });
});
