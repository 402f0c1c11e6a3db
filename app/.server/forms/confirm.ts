/**
 * The one way Harbor asks before something that cannot be undone (decision 0031): the
 * first press answers with a question instead of acting; the question's own form sends the
 * same fields again with `confirmed=yes`, and only that acts. It is a server round trip, so
 * it behaves the same with JavaScript on and off, and nothing is typed, so no keyboard
 * (a phone's curly apostrophe, autocorrect) can get in the way.
 */
import type { Submission } from "@conform-to/react";
import { data } from "react-router";
import type { FormAnswer } from "./form-reply";

export interface ConfirmQuestion {
  /** "Delete the site Blog?" */
  question: string;
  /** What will happen, in plain words, one line each. */
  consequences: readonly string[];
  /** The button that acts: "Yes, delete Blog". */
  yes: string;
}

export interface ConfirmAsk extends ConfirmQuestion {
  /** The form's own fields, sent again with the answer (files are never carried). */
  fields: ReadonlyArray<readonly [string, string]>;
}

/** Whether this submission is the answer to the question (the second press). */
export function isConfirmed(submission: Submission<unknown>): boolean {
  return submission.payload?.confirmed === "yes";
}

/** Answer the first press with the question; nothing else happens. */
export function askToConfirm(intent: string, submission: Submission<unknown>, question: ConfirmQuestion) {
  return data({ intent, result: submission.reply(), confirm: { ...question, fields: carriedFields(submission.payload) } } as FormAnswer & {
    confirm: ConfirmAsk;
  });
}

function carriedFields(payload: Record<string, unknown> | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(payload ?? {})) {
    if (name === "confirmed") continue;
    for (const one of Array.isArray(value) ? value : [value]) if (typeof one === "string") out.push([name, one]);
  }
  return out;
}
