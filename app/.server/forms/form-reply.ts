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
  /** A refusal a bigger plan would lift: the summary links to the plans. */
  plans?: true;
}

/** What goes with an answer besides the form's result: a key shown once, a command's output… */
type Extra = Record<string, unknown>;
type Status = 400 | 403 | 409 | 413;

/** The fields have problems: 400, errors beside them, the values kept. */
export function invalid<E extends Extra = {}>(intent: string, submission: Submission<unknown>, extra?: E) {
  return data({ intent, result: submission.reply(), ...extra } as FormAnswer & Partial<E>, { status: 400 });
}

/**
 * Refused as a whole (not allowed, paused, the server said no): the message on top, the
 * values kept — and beside `field` too when one field's value is the reason.
 */
export function refused<E extends Extra = {}>(
  intent: string,
  submission: Submission<unknown>,
  message: string,
  options: { status?: Status; field?: string; extra?: E; plans?: boolean } = {},
) {
  const result = submission.reply({
    formErrors: [message],
    ...(options.field && { fieldErrors: { [options.field]: [message] } }),
  });
  return data({ intent, result, ...(options.plans && { plans: true as const }), ...options.extra } as FormAnswer & Partial<E>, {
    status: options.status ?? 400,
  });
}

/** Refused before the form could be read (e.g. an upload too large to read at all). */
export function refusedUnread(intent: string, message: string, options: { status?: Status; field?: string } = {}) {
  const error = { "": [message], ...(options.field && { [options.field]: [message] }) };
  return data<FormAnswer>({ intent, result: { status: "error", initialValue: null, error } }, { status: options.status ?? 400 });
}

/** Done: the form is cleared and says what happened. */
export function succeeded<E extends Extra = {}>(intent: string, submission: Submission<unknown>, done: string, extra?: E) {
  return data({ intent, result: submission.reply({ resetForm: true }), done, ...extra } as FormAnswer & Partial<E>);
}

/** A form this page does not have (an unknown or missing intent). */
export function unknownForm(intent: string) {
  return refusedUnread(intent, FORM_MESSAGES.staleForm);
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
  // Conform's own field names: a form of ours never sends them, and conform would choke on them.
  for (const reserved of ["__intent__", "__state__"]) formData.delete(reserved);
  const intent = formData.get("intent");
  if (typeof intent !== "string" || !Object.hasOwn(schemas, intent)) return { intent: null, submission: null };
  return { intent, submission: parseForm(formData, schemas[intent]!) } as never;
}
