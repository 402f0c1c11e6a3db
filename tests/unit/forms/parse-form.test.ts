import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FORM_MESSAGES } from "../../../domain/vocabulary";
import { parseForm } from "../../../app/forms/parse-form";
import { JARGON } from "../../support/jargon";

const schema = z.object({
  name: z.string().max(10),
  region: z.enum(["eu-west", "us-east"]),
  note: z.string().min(3).optional(),
  own: z.string({ error: "Your own words win." }),
});

function errorsFor(entries: [string, string | File][]) {
  const form = new FormData();
  for (const [k, v] of entries) form.append(k, v);
  const submission = parseForm(form, schema);
  return submission.status === "success" ? {} : (submission.error ?? {});
}

describe("parseForm: the form library's wording never reaches a page", () => {
  it("a missing field, one too long, one not among the choices, one too short: our words", () => {
    const errors = errorsFor([
      ["name", "x".repeat(11)],
      ["region", "mars"],
      ["note", "ab"],
    ]);
    expect(errors.name).toEqual([FORM_MESSAGES.tooLong(10)]);
    expect(errors.region).toEqual([FORM_MESSAGES.notAChoice]);
    expect(errors.note).toEqual([FORM_MESSAGES.tooShort(3)]);
    expect(errors.own).toEqual(["Your own words win."]);
  });

  it("a file where text belongs, or the field sent twice, is still said plainly", () => {
    const errors = errorsFor([
      ["name", new File(["x"], "x.txt")],
      ["region", "eu-west"],
      ["region", "us-east"],
      ["own", "ok"],
    ]);
    for (const messages of Object.values(errors)) for (const m of messages ?? []) expect(m).not.toMatch(JARGON);
    expect(Object.keys(errors).length).toBeGreaterThan(0);
  });
});
