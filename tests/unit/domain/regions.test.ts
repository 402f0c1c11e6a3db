import { describe, expect, it } from "vitest";
import { REGIONS, isRegion } from "../../../domain/regions";

describe("regions", () => {
  it("offers exactly EU west and US east", () => {
    expect(REGIONS).toEqual(["eu-west", "us-east"]);
  });

  it("isRegion accepts offered regions only", () => {
    expect(isRegion("eu-west")).toBe(true);
    expect(isRegion("us-east")).toBe(true);
    for (const x of ["EU-WEST", "eu", "ap-south", "", "toString", null, undefined, 1, {}]) {
      expect(isRegion(x)).toBe(false);
    }
  });
});
