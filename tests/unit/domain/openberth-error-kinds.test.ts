import { describe, expect, expectTypeOf, it } from "vitest";
import { explainOpenBerthFailure, type OpenBerthErrorKind } from "../../../domain/openberth/explain-failure";
import { kindForStatus, OpenBerthError } from "../../../server/openberth/openberth-error";

describe("OpenBerth's error kinds: one type, classified by the client, worded by the domain", () => {
  it("the client's errors carry the domain's kind", () => {
    expectTypeOf<OpenBerthError["kind"]>().toEqualTypeOf<OpenBerthErrorKind>();
  });

  it("every answer the client can classify has plain words", () => {
    const kinds = new Set<OpenBerthErrorKind>(["unreachable", "has_resources", "bad_response"]);
    for (let status = 100; status < 600; status++) if (status >= 400 || status < 200) kinds.add(kindForStatus(status));
    for (const kind of kinds) {
      const words = explainOpenBerthFailure(kind, "");
      expect(words.length).toBeGreaterThan(10);
      expect(new OpenBerthError(kind, null, "x").kind).toBe(kind);
    }
    expect(kinds.size).toBe(10);
  });
});
