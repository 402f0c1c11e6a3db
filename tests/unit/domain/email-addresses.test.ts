/**
 * The email addresses a customer types (domain/email/addresses.ts): one address, lowercased
 * and trimmed, or a plain problem. The property test is seeded: a failure prints its seed
 * (replay with TEST_SEED=<seed>).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  EMAIL_ADDRESS_MAX_LENGTH,
  MAX_BILLING_CONTACTS,
  normalizeEmailAddress,
  type EmailAddressProblem,
} from "../../../domain/email/addresses";
import { EMAIL_ADDRESS_PROBLEM_WORDS } from "../../../domain/vocabulary";
import { JARGON } from "../../support/jargon";
import { seededRandom } from "../../support/seeded-random";

const seed = seededRandom().seed;

const problem = (raw: string): EmailAddressProblem | "ok" => {
  const r = normalizeEmailAddress(raw);
  return r.ok ? "ok" : r.problem;
};

describe("normalizeEmailAddress", () => {
  it("lowercases and trims a plain address", () => {
    expect(normalizeEmailAddress("  Ada.Lovelace+billing@Example.CO.uk \n")).toEqual({
      ok: true,
      address: "ada.lovelace+billing@example.co.uk",
    });
    expect(problem("finance@acme-gmbh.de")).toBe("ok");
    expect(problem("o'brien@example.ie")).toBe("ok");
  });

  it("says when nothing was typed", () => {
    expect(problem("")).toBe("empty");
    expect(problem("   \t ")).toBe("empty");
  });

  it.each([
    "a@b.com, c@d.com",
    "a@b.com,c@d.com",
    "a@b.com; c@d.com",
    "a@b.com c@d.com",
    "Name <a@b.com>",
    "<a@b.com>",
    '"Ada" a@b.com',
    "a@b.com (Ada)",
    "plainaddress",
    "@example.com",
    "ada@",
    "ada@example",
    "ada@@example.com",
    "ada@exa@mple.com",
    "ada@example..com",
    "ada@.example.com",
    "ada@example.com.",
    "ada@-example.com",
    "ada@example-.com",
    ".ada@example.com",
    "ada.@example.com",
    "a..da@example.com",
    "ada@example.123",
    "ada@exa_mple.com",
    "ad a@example.com",
    "mailto:ada@example.com",
  ])("refuses %j", (raw) => {
    expect(problem(raw)).toBe("not_an_address");
  });

  it(`refuses more than ${EMAIL_ADDRESS_MAX_LENGTH} characters`, () => {
    expect(problem(`${"a".repeat(300)}@example.com`)).toBe("too_long");
    const longest = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
    expect(longest).toHaveLength(EMAIL_ADDRESS_MAX_LENGTH);
    expect(problem(longest)).toBe("ok");
    expect(problem(`a${longest}`)).toBe("too_long");
  });

  it("allows at most 5 billing contacts", () => {
    expect(MAX_BILLING_CONTACTS).toBe(5);
  });

  it("has plain words for every problem", () => {
    for (const words of Object.values(EMAIL_ADDRESS_PROBLEM_WORDS)) expect(words).not.toMatch(JARGON);
  });
});

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const tld = fc.stringMatching(/^[a-z]{2,6}$/);
const local = fc.stringMatching(/^[a-z0-9_+-]{1,10}(?:\.[a-z0-9_+-]{1,10}){0,2}$/);
const validAddress = fc
  .tuple(local, fc.array(label, { minLength: 1, maxLength: 3 }), tld)
  .map(([l, labels, t]) => `${l}@${[...labels, t].join(".")}`);
const anyCase = (s: string) =>
  fc
    .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
    .map((up) => [...s].map((ch, i) => (up[i] ? ch.toUpperCase() : ch)).join(""));
const padding = fc.constantFrom("", " ", "  ", "\t", "\n ");

describe("normalizeEmailAddress (seeded property test)", () => {
  it("any plain address, in any case and padding, comes out lowercased, trimmed and stable", () => {
    try {
      fc.assert(
        fc.property(
          validAddress.chain((a) => fc.tuple(fc.constant(a), anyCase(a), padding, padding)),
          ([address, cased, before, after]) => {
            const result = normalizeEmailAddress(`${before}${cased}${after}`);
            expect(result).toEqual({ ok: true, address });
            // Normalising again changes nothing.
            expect(normalizeEmailAddress(address)).toEqual({ ok: true, address });
          },
        ),
        { seed, numRuns: 1_000 },
      );
    } catch (error) {
      throw new Error(`seed ${seed} (replay with TEST_SEED=${seed}): ${String(error)}`);
    }
  });

  it("two addresses together, or a name around one, are never taken as one", () => {
    try {
      fc.assert(
        fc.property(
          validAddress,
          validAddress,
          fc.constantFrom(", ", ",", "; ", " ", " and "),
          fc.constantFrom("Ada", "Finance Team", '"Ada L"'),
          (one, two, between, name) => {
            expect(problem(`${one}${between}${two}`)).toBe("not_an_address");
            expect(problem(`${name} <${one}>`)).toBe("not_an_address");
          },
        ),
        { seed, numRuns: 500 },
      );
    } catch (error) {
      throw new Error(`seed ${seed} (replay with TEST_SEED=${seed}): ${String(error)}`);
    }
  });

  it("whatever is accepted has one @, a dot after it, and nothing a list or name would need", () => {
    try {
      fc.assert(
        fc.property(fc.string({ maxLength: 40 }), fc.emailAddress(), fc.boolean(), (noise, email, useEmail) => {
          const result = normalizeEmailAddress(useEmail ? email : noise);
          if (!result.ok) return;
          const a = result.address;
          expect(a.split("@")).toHaveLength(2);
          expect(a.split("@")[1]).toContain(".");
          expect(a).not.toMatch(/[\s<>,;"()]/);
          expect(a).toBe(a.toLowerCase());
          expect(a.length).toBeLessThanOrEqual(EMAIL_ADDRESS_MAX_LENGTH);
        }),
        { seed, numRuns: 1_000 },
      );
    } catch (error) {
      throw new Error(`seed ${seed} (replay with TEST_SEED=${seed}): ${String(error)}`);
    }
  });
});
