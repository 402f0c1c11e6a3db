/**
 * How every action answers a form, so that all of them behave the same with JavaScript on
 * and off: field errors beside their fields and a summary at the top, the values kept
 * after a refusal, the form cleared after it worked, and a short message saying what
 * happened. `intent` names the form (one page may have several); each form's component
 * reads only the answer that carries its own intent.
 */
import type { Submission, SubmissionResult } from "@conform-to/react";
import { data } from "react-router";
import type { z } from "zod";
import { FORM_MESSAGES } from "../../../domain/vocabulary";
import { parseForm } from "../../forms/parse-form";

export interface FormAnswer {
  intent: string;
  result: SubmissionResult<string[]>;
  /** What was done, in plain words ("Saved API_TOKEN."). */
  done?: string;
}

/** The fields have problems: 400, errors beside them, the values kept. */
export function invalid(intent: string, submission: Submission<unknown>) {
  return data<FormAnswer>({ intent, result: submission.reply() }, { status: 400 });
}

/** Refused as a whole (not allowed, paused, the server said no): the message on top, the values kept. */
export function refused(intent: string, submission: Submission<unknown>, message: string, status: 400 | 403 | 409 = 400) {
  return data<FormAnswer>({ intent, result: submission.reply({ formErrors: [message] }) }, { status });
}

/** Done: the form is cleared and says what happened. */
export function succeeded(intent: string, submission: Submission<unknown>, done: string) {
  return data<FormAnswer>({ intent, result: submission.reply({ resetForm: true }), done });
}

/** A form this page does not have (an unknown or missing intent). */
export function unknownForm(intent: string) {
  return data<FormAnswer>(
    { intent, result: { status: "error", initialValue: null, error: { "": [FORM_MESSAGES.staleForm] } } },
    { status: 400 },
  );
}

type Schemas = Record<string, z.ZodType>;

/**
 * Reads a page's form: its `intent` picks the schema (a page may hold several forms). An
 * intent the page does not have is `{ intent: null }`, to be answered with `unknownForm`.
 */
export async function readIntentForm<S extends Schemas>(
  request: Request,
  schemas: S,
): Promise<
  | { [K in keyof S & string]: { intent: K; submission: Submission<z.input<S[K]>, string[], z.output<S[K]>> } }[keyof S & string]
  | { intent: null; submission: null }
> {
  const formData = await request.formData().catch(() => new FormData());
  const intent = formData.get("intent");
  if (typeof intent !== "string" || !Object.hasOwn(schemas, intent)) return { intent: null, submission: null };
  return { intent, submission: parseForm(formData, schemas[intent]!) } as never;
}
