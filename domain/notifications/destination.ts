/**
 * Where an account's news may be sent (its own service, or a Slack link): the one check,
 * pure, used by the settings page before anything is stored. Production rules: https only;
 * never a name or address that points back inside (loopback, private, link-local, cloud
 * metadata, unique-local IPv6, IPv4 hidden inside IPv6, names like `localhost` or
 * `*.internal`); Slack links only on Slack's own host. `allowedTestOrigin` (the
 * NOTIFICATION_TEST_ORIGIN var, empty in production) is the one origin let through over
 * plain http, for the local test receiver. Names that resolve to private addresses cannot
 * be caught here; Workers cannot reach private networks anyway (docs/decisions/0030).
 */
import type { NotificationKind } from "../email/statuses";

export const DESTINATION_MAX_LENGTH = 2000;
export const SLACK_HOST = "hooks.slack.com";

export const DESTINATION_PROBLEMS = [
  "missing",
  "too_long",
  "not_a_link",
  "has_login",
  "not_secure",
  "private_address",
  "not_slack",
] as const;
export type DestinationProblem = (typeof DESTINATION_PROBLEMS)[number];

export type DestinationCheck = { ok: true; url: string } | { ok: false; problem: DestinationProblem };

/** Names that only mean something inside a network. */
const PRIVATE_SUFFIXES = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan", ".intranet", ".corp"];
const PRIVATE_NAMES = new Set(["localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "broadcasthost"]);

export function checkDestination(
  kind: NotificationKind,
  rawUrl: string,
  options: { allowedTestOrigin?: string | null } = {},
): DestinationCheck {
  const text = rawUrl.trim();
  if (text === "") return { ok: false, problem: "missing" };
  if (text.length > DESTINATION_MAX_LENGTH) return { ok: false, problem: "too_long" };
  // Control characters and spaces never belong in a link (URL parsing would strip some silently).
  if (/[\u0000-\u0020\u007f-\u009f]/.test(text)) return { ok: false, problem: "not_a_link" };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: "not_a_link" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, problem: "not_a_link" };
  // https://hooks.slack.com@evil.example is evil.example: a name and password never pass.
  if (url.username !== "" || url.password !== "") return { ok: false, problem: "has_login" };
  url.hash = "";
  // Trailing dots go (`localhost.`); the name is parsed again without them, because
  // `0x64.0x40.0x0.0x0..` is a name but `0x64.0x40.0x0.0x0` is the address 100.64.0.0.
  for (let i = 0; i < 3 && /\.$/.test(url.hostname); i++) url.hostname = url.hostname.replace(/\.+$/, "");
  const host = url.hostname;
  if (host === "" || host.endsWith(".")) return { ok: false, problem: "not_a_link" };

  const testOrigin = originOf(options.allowedTestOrigin);
  if (testOrigin && url.origin === testOrigin) return { ok: true, url: url.href };

  if (url.protocol !== "https:") return { ok: false, problem: "not_secure" };
  if (isPrivateHost(host)) return { ok: false, problem: "private_address" };
  if (kind === "slack") {
    if (host !== SLACK_HOST || url.port !== "" || !/^\/services\/[^/]+\/.+/.test(url.pathname)) {
      return { ok: false, problem: "not_slack" };
    }
  }
  return { ok: true, url: url.href };
}

function originOf(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const origin = new URL(value).origin;
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/** A host (already lower-cased and decoded by URL parsing) that must never be called. */
export function isPrivateHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.+$/, "");
  if (h.startsWith("[")) return !isPublicIPv6(h.slice(1, -1));
  const v4 = parseIPv4(h);
  if (v4) return !isPublicIPv4(v4);
  if (PRIVATE_NAMES.has(h)) return true;
  if (PRIVATE_SUFFIXES.some((s) => h.endsWith(s))) return true;
  // A single label (`intranet`, `metadata`) is never a public name.
  if (!h.includes(".")) return true;
  // Every label numeric but not a valid IPv4 (URL parsing refuses most of these already).
  if (/^[0-9.]+$/.test(h)) return true;
  return false;
}

/** Dotted decimal only: URL parsing has already turned 2130706433, 0x7f.1 and 0177.0.0.1 into it. */
function parseIPv4(h: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

function inRange(ip: number[], base: number[], bits: number): boolean {
  const value = (ip[0]! << 24) | (ip[1]! << 16) | (ip[2]! << 8) | ip[3]!;
  const start = (base[0]! << 24) | (base[1]! << 16) | (base[2]! << 8) | base[3]!;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (value & mask) >>> 0 === (start & mask) >>> 0;
}

/** Ranges that are not the public internet (RFC 6890 and friends). */
const IPV4_NOT_PUBLIC: [number[], number][] = [
  [[0, 0, 0, 0], 8], // "this network", 0.0.0.0
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10], // carrier-grade NAT
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16], // link-local, cloud metadata (169.254.169.254)
  [[172, 16, 0, 0], 12],
  [[192, 0, 0, 0], 24],
  [[192, 0, 2, 0], 24],
  [[192, 88, 99, 0], 24],
  [[192, 168, 0, 0], 16],
  [[198, 18, 0, 0], 15],
  [[198, 51, 100, 0], 24],
  [[203, 0, 113, 0], 24],
  [[224, 0, 0, 0], 4], // multicast
  [[240, 0, 0, 0], 4], // reserved, broadcast
];

export function isPublicIPv4(ip: number[]): boolean {
  return !IPV4_NOT_PUBLIC.some(([base, bits]) => inRange(ip, base, bits));
}

/** Eight 16-bit groups, or null. Accepts the forms URL parsing writes (compressed, lower-case). */
function parseIPv6(text: string): number[] | null {
  let t = text.toLowerCase();
  const zone = t.indexOf("%");
  if (zone >= 0) t = t.slice(0, zone);
  // A trailing dotted IPv4 (::ffff:1.2.3.4): turn it into two groups.
  const dotted = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(t);
  if (dotted) {
    const v4 = parseIPv4(dotted[2]!);
    if (!v4) return null;
    t = `${dotted[1]}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = t.split("::");
  if (halves.length > 2) return null;
  const read = (s: string) => (s === "" ? [] : s.split(":"));
  const head = read(halves[0]!);
  const tail = halves.length === 2 ? read(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

export function isPublicIPv6(text: string): boolean {
  const g = parseIPv6(text);
  if (!g) return false;
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d): refused
  // outright, a public service is reached by its own address.
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) return false;
  if (g[0] === 0x64 && g[1] === 0xff9b) return false;
  // Only global unicast (2000::/3) is public.
  if (g[0]! < 0x2000 || g[0]! > 0x3fff) return false;
  if (g[0] === 0x2001 && g[1] === 0x0db8) return false; // documentation
  if (g[0] === 0x2001 && g[1]! < 0x0200) return false; // Teredo, benchmarking, ORCHID and other IETF ranges
  if (g[0] === 0x2002) return isPublicIPv4([g[1]! >> 8, g[1]! & 0xff, g[2]! >> 8, g[2]! & 0xff]); // 6to4 carries an IPv4
  return true;
}
