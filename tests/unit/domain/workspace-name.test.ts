import { describe, expect, it } from "vitest";
import { checkWorkspaceName, firstFreeSlug, isReservedSlug, isSlug, slugBase } from "../../../domain/workspaces/workspace-name";

describe("workspace names", () => {
  it.each([
    ["  Marketing site  ", "Marketing site"],
    ["Équipe   Nord", "Équipe Nord"],
    ["日本語のサイト", "日本語のサイト"],
    ["👩‍💻 Dev", "👩‍💻 Dev"],
    ["a", "a"],
  ])("accepts %j as %j", (input, name) => expect(checkWorkspaceName(input)).toEqual({ ok: true, name }));

  it("counts what people see as characters: 60 emoji families fit, 61 do not", () => {
    expect(checkWorkspaceName("👨‍👩‍👧".repeat(60)).ok).toBe(true);
    expect(checkWorkspaceName("👨‍👩‍👧".repeat(61))).toEqual({ ok: false, problem: "too_long" });
    expect(checkWorkspaceName("x".repeat(61))).toEqual({ ok: false, problem: "too_long" });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    [null, "empty"],
    [42, "empty"],
    ["bad\u0000name", "invalid_characters"],
    ["right\u202eto-left", "invalid_characters"],
  ])("refuses %j (%s)", (input, problem) => expect(checkWorkspaceName(input)).toEqual({ ok: false, problem }));
});

describe("slugs", () => {
  it.each([
    ["Marketing Site", "marketing-site"],
    ["Équipe Nord — 2026!", "equipe-nord-2026"],
    ["Straße & Søn", "strasse-son"],
    ["日本語のサイト", "workspace"],
    ["--Hello--World--", "hello-world"],
    ["x".repeat(80), "x".repeat(40)],
  ])("%j → %j", (name, slug) => {
    expect(slugBase(name)).toBe(slug);
    expect(isSlug(slugBase(name))).toBe(true);
  });

  it("never uses a reserved word, and finds the next free suffix", () => {
    expect(isReservedSlug("admin")).toBe(true);
    expect(firstFreeSlug("admin", new Set())).toBe("admin-2");
    expect(firstFreeSlug("shop", new Set())).toBe("shop");
    expect(firstFreeSlug("shop", new Set(["shop", "shop-2"]))).toBe("shop-3");
    const long = "y".repeat(40);
    const next = firstFreeSlug(long, new Set([long]));
    expect(next).toBe(`${"y".repeat(38)}-2`);
    expect(next.length).toBeLessThanOrEqual(40);
  });

  it("recognises slugs in URLs", () => {
    for (const ok of ["a", "shop", "shop-2", "a1-b2"]) expect(isSlug(ok)).toBe(true);
    for (const bad of ["", "-a", "a-", "A", "a_b", "a".repeat(41), "../x", null]) expect(isSlug(bad)).toBe(false);
  });
});
