// Regions a workspace can run in. Display names live in domain/vocabulary.

export const REGIONS = ["eu-west", "us-east"] as const;

export type Region = (typeof REGIONS)[number];

export function isRegion(x: unknown): x is Region {
  return typeof x === "string" && (REGIONS as readonly string[]).includes(x);
}
