// Text people type into any field: how long it may be and what it may contain. One rule,
// used by every form (app/forms/text-fields.ts) and by the workspace name.
import { TEXT_UNITS_PER_CHARACTER } from "./workspaces/workspace-name";

/** Control characters (NUL and the rest) and invisible direction overrides, which no field takes. */
const FORBIDDEN_IN_LINE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;
/** A block of text (code, a description) may hold line breaks and tabs, nothing else of the kind. */
const FORBIDDEN_IN_BLOCK = /(?![\t\n\r])[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

export type TextProblem = "too_long" | "bad_characters";

const segmenter =
  typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

/** Characters as people count them (grapheme clusters). */
export function characterCount(text: string): number {
  if (!segmenter) return text.length;
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/**
 * Whether `text` fits a field of at most `max` characters: counted as people see them AND
 * in UTF-16 units (so invisible marks cannot hide a megabyte in one character).
 */
export function checkText(text: string, options: { max: number; block?: boolean }): TextProblem | null {
  if (text.length > options.max * TEXT_UNITS_PER_CHARACTER) return "too_long";
  if ((options.block ? FORBIDDEN_IN_BLOCK : FORBIDDEN_IN_LINE).test(text)) return "bad_characters";
  // Only worth counting when the units alone don't settle it.
  if (text.length > options.max && characterCount(text) > options.max) return "too_long";
  return null;
}
