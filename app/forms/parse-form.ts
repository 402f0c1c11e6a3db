/**
 * The one way a form is read, in the browser (conform, while JavaScript runs) and on the
 * server (always): conform + zod, with plain words for every general rule a field breaks —
 * the schema library's own wording ("Too big: expected string…") never reaches a page.
 */
import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { FORM_MESSAGES as M } from "../../domain/vocabulary";

type Issue = Parameters<NonNullable<Parameters<typeof parseWithZod>[1]["error"]>>[0];

/** Zod's issues in our words. A message a schema sets itself wins over these. */
export function plainMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined || issue.input === "" ? M.required : M.notText;
    case "too_big":
      return M.tooLong(Number(issue.maximum));
    case "too_small":
      return M.tooShort(Number(issue.minimum));
    case "invalid_value":
    case "invalid_union":
      return M.notAChoice;
    default:
      return M.invalid;
  }
}

export function parseForm<Schema extends z.ZodType>(
  formData: FormData,
  schema: Schema,
): Submission<z.input<Schema>, string[], z.output<Schema>> {
  return parseWithZod(formData, { schema, error: plainMessage });
}
