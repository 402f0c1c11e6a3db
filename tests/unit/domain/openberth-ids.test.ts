import { describe, expect, it } from "vitest";
import { ACCESS_KEY_NAME, isAccessKeyName, isOpenBerthId } from "../../../domain/openberth/ids";
import { accessKeyName } from "../../../app/forms/access-key-forms";

describe("isOpenBerthId: a deployment's or sandbox's id in an address", () => {
  it.each(["0123456789abcdefghij", "d3q1k7v0a2b4c6e8g9hu", "vvvvvvvvvvvvvvvvvvvv", "00000000000000000000"])("%s is one", (id) => {
    expect(isOpenBerthId(id)).toBe(true);
  });

  it.each([
    ["19 characters", "0123456789abcdefghi"],
    ["21 characters", "0123456789abcdefghijk"],
    ["upper case", "0123456789ABCDEFGHIJ"],
    ["past v in the alphabet", "0123456789abcdefghiw"],
    ["a space in front (no trimming)", " 0123456789abcdefghi"],
    ["a space after (no trimming)", "0123456789abcdefghij "],
    ["a new line after", "0123456789abcdefghij\n"],
    ["a dash", "0123456789-abcdefghi"],
    ["empty", ""],
    ["a path", "../../../etc/passwd00"],
  ])("%s is not", (_label, id) => {
    expect(isOpenBerthId(id)).toBe(false);
  });

  it("anything that isn't text is not", () => {
    for (const value of [undefined, null, 12345678901234567890, ["0123456789abcdefghij"], {}]) {
      expect(isOpenBerthId(value)).toBe(false);
    }
  });
});

describe("isAccessKeyName: an access key's name in an address", () => {
  it.each(["laptop", "ci-bot", "A", "build.server_2", "a".repeat(40)])("%s is one", (name) => {
    expect(isAccessKeyName(name)).toBe(true);
  });

  it.each([
    ["the workspace's own admin", "admin"],
    ["the admin in capitals", "ADMIN"],
    ["41 characters", "a".repeat(41)],
    ["starts with a dot", ".hidden"],
    ["a space in front (no trimming)", " laptop"],
    ["a space after (no trimming)", "laptop "],
    ["a slash", "a/b"],
    ["empty", ""],
  ])("%s is not", (_label, name) => {
    expect(isAccessKeyName(name)).toBe(false);
  });

  it("the form takes the same names, with spaces around a typed name dropped", () => {
    expect(accessKeyName.safeParse("  laptop ").data).toBe("laptop");
    for (const name of ["admin", "a".repeat(41), ".hidden", "a/b"]) expect(accessKeyName.safeParse(name).success).toBe(false);
    for (const name of ["laptop", "ci-bot", "build.server_2"]) {
      expect(accessKeyName.safeParse(name).success).toBe(ACCESS_KEY_NAME.test(name) && isAccessKeyName(name));
    }
  });
});
