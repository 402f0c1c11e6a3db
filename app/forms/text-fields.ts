/**
 * Text fields as every form reads them: trimmed, at most `max` characters (counted as people
 * see them and in UTF-16 units, domain/text.ts), and never a control character (NUL…) or an
 * invisible direction override. Blocks (code, descriptions) may hold line breaks and tabs.
 */
import { z } from "zod";
import { checkText } from "../../domain/text";
import { FORM_MESSAGES } from "../../domain/vocabulary";

function text(max: number, block: boolean, tooLong: string) {
  return z.string().superRefine((value, ctx) => {
    const problem = checkText(value, { max, block });
    if (problem) ctx.addIssue({ code: "custom", message: problem === "too_long" ? tooLong : FORM_MESSAGES.badCharacters });
  });
}

/** One line: a title, a name, a note, a command. */
export function plainLine(max: number, tooLong = FORM_MESSAGES.tooLong(max)) {
  return z
    .string()
    .trim()
    .pipe(text(max, false, tooLong));
}

/** Several lines: a description, a file's content. Not trimmed (leading spaces may matter). */
export function plainBlock(max: number, tooLong = FORM_MESSAGES.tooLong(max)) {
  return text(max, true, tooLong);
}
