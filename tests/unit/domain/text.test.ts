import { describe, expect, it } from "vitest";
import { isInstallablePackage } from "../../../domain/openberth/package-names";
import { characterCount, checkText } from "../../../domain/text";
import { checkWorkspaceName } from "../../../domain/workspaces/workspace-name";

describe("text in any field", () => {
  it("counts characters as people see them", () => {
    expect(characterCount("👨‍👩‍👧‍👦é")).toBe(2);
    expect(checkText("👨‍👩‍👧‍👦".repeat(10), { max: 10 })).toBeNull();
    expect(checkText("x".repeat(11), { max: 10 })).toBe("too_long");
  });

  it("one letter with half a million combining accents is too long, though it is one character", () => {
    const huge = `e${"\u0301".repeat(499_999)}`;
    expect(characterCount(huge)).toBe(1);
    expect(checkText(huge, { max: 100 })).toBe("too_long");
    expect(checkWorkspaceName(huge)).toEqual({ ok: false, problem: "too_long" });
  });

  it.each(["a\u0000b", "a\u0007b", "a\u001bb", "evil\u202egnp.exe", "a\u2066b"])(
    "refuses control characters and direction overrides: %j",
    (value) => {
      expect(checkText(value, { max: 100 })).toBe("bad_characters");
      expect(checkText(value, { max: 100, block: true })).toBe("bad_characters");
    },
  );

  it("a block may hold line breaks and tabs; a line may not", () => {
    expect(checkText("a\n\tb\r\n", { max: 100, block: true })).toBeNull();
    expect(checkText("a\nb", { max: 100 })).toBe("bad_characters");
  });
});

describe("package names a sandbox may install (npm's rules)", () => {
  it.each(["left-pad", "lodash@4.17.21", "@types/node", "@scope/pkg@^2.0.0", "react-dom@>=18", "a.b_c~d"])(
    "accepts %s",
    (name) => {
      expect(isInstallablePackage(name)).toBe(true);
    },
  );
  it.each([
    "../../etc/passwd",
    "/abs",
    "Upper",
    ".hidden",
    "_under",
    "node_modules",
    "favicon.ico",
    "a b",
    "x".repeat(215),
    "@scope",
    "@/x",
    "a@",
    "pkg@1.0/../x",
    "http://evil/x",
  ])("refuses %j", (name) => expect(isInstallablePackage(name)).toBe(false));
});
