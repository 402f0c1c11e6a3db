/**
 * The one form pattern on every page (conform + zod): a form named by its intent, checked
 * in the browser as the person types and again on the server, with a summary at the top
 * and each problem beside its field. Works the same without JavaScript: the server's answer
 * carries the errors and the kept values, and conform renders them.
 */
import {
  getInputProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { useEffect, type ReactNode } from "react";
import type { z } from "zod";
import { href, Link } from "react-router";
import { FORM_MESSAGES, PLAN_LINK } from "../../domain/vocabulary";
import { parseForm } from "../forms/parse-form";

/** What an action answered (app/.server/forms/form-reply.ts), as the component receives it. */
export interface FormAnswerData {
  intent: string;
  result: SubmissionResult<string[]>;
  done?: string;
  plans?: true;
}

function isAnswer(value: unknown): value is FormAnswerData {
  return typeof value === "object" && value !== null && "intent" in value && "result" in value;
}

/** The form for `intent`, fed only with the answer to that form. */
export function useIntentForm<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  intent: string,
  schema: Schema,
  answer: unknown,
  options: { defaultValue?: Partial<z.input<Schema>> } = {},
) {
  const mine = isAnswer(answer) && answer.intent === intent ? answer : undefined;
  const [form, fields] = useForm<z.input<Schema> & Record<string, unknown>>({
    id: intent,
    lastResult: mine?.result,
    defaultValue: options.defaultValue as never,
    // The browser runs the same check as the server (the types differ only in transforms).
    onValidate: ({ formData }) => parseForm(formData, schema) as never,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  // After it worked the form is empty again, with JavaScript too (a secret's value must not
  // stay in its box): the browser's own reset puts every field back to its first value.
  const doneAnswer = mine?.done ? mine : null;
  useEffect(() => {
    if (doneAnswer && typeof document !== "undefined") {
      const element = document.getElementById(form.id);
      // Called through the prototype: a field named "reset" (Settings has one) hides form.reset.
      if (element instanceof HTMLFormElement) HTMLFormElement.prototype.reset.call(element);
    }
  }, [doneAnswer, form.id]);
  return { form, fields, done: mine?.done ?? null, plans: mine?.plans === true };
}

/** Above the form: what happened, or what stopped it, and a pointer to each field that needs a look. */
export function FormSummary<T extends Record<string, unknown>>({
  form,
  done,
  plans = false,
}: {
  form: FormMetadata<T, string[]>;
  done?: string | null;
  /** The refusal is one a bigger plan would lift: link to the plans. */
  plans?: boolean;
}) {
  const formErrors = form.errors ?? [];
  const fieldErrors = Object.entries(form.allErrors).filter(
    ([name, errors]) => name !== form.name && name !== "" && errors.length > 0,
  );
  if (formErrors.length === 0 && fieldErrors.length === 0) {
    return done ? (
      <p className="notice ok" role="status" data-testid="form-done">
        {done}
      </p>
    ) : null;
  }
  return (
    <div className="notice bad" role="alert" data-testid="form-error" id={form.errorId}>
      {formErrors.map((message) => (
        <p key={message}>{message}</p>
      ))}
      {fieldErrors.length > 0 && formErrors.length === 0 ? <p>{FORM_MESSAGES.checkFields}</p> : null}
      {plans ? <PlanLink /> : null}
    </div>
  );
}

/** The frame every field shares: its label, an optional hint, the control, and its problem. */
function FieldFrame({
  field,
  label,
  hint,
  children,
}: {
  field: FieldMetadata<string | undefined>;
  label: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p className="hint" id={field.descriptionId}>
          {hint}
        </p>
      ) : null}
      {children}
      <FieldProblem field={field} />
    </div>
  );
}

/** A labelled text input with its hint and its problem beside it. */
export function TextField({
  field,
  label,
  hint,
  type = "text",
  ...rest
}: {
  field: FieldMetadata<string | undefined>;
  label: ReactNode;
  hint?: ReactNode;
  type?: "text" | "password" | "email" | "url" | "number";
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "id" | "defaultValue">) {
  return (
    <FieldFrame field={field} label={label} hint={hint}>
      <input {...getInputProps(field, { type, ariaDescribedBy: hint ? field.descriptionId : undefined })} {...rest} />
    </FieldFrame>
  );
}

/** A labelled text area, the same way. */
export function TextAreaField({
  field,
  label,
  hint,
  ...rest
}: { field: FieldMetadata<string | undefined>; label: ReactNode; hint?: ReactNode } & Omit<
  React.TextareaHTMLAttributes<HTMLTextAreaElement>,
  "name" | "id" | "defaultValue"
>) {
  return (
    <FieldFrame field={field} label={label} hint={hint}>
      <textarea {...getTextareaProps(field, { ariaDescribedBy: hint ? field.descriptionId : undefined })} {...rest} />
    </FieldFrame>
  );
}

/** A field's first problem, announced and tied to its input (conform sets aria-describedby). */
export function FieldProblem({ field }: { field: FieldMetadata<unknown> }) {
  if (!field.errors?.length) return null;
  return (
    <p className="error" id={field.errorId} role="alert">
      {field.errors[0]}
    </p>
  );
}

/**
 * For button-only forms (delete, rotate…) that have no fields to mark: what their answer
 * said — done, or why not — in the same place and words as FormSummary.
 */
export function AnswerMessage({ answer, intents }: { answer: unknown; intents: readonly string[] }) {
  if (!isAnswer(answer) || !intents.includes(answer.intent)) return null;
  const errors = Object.values(answer.result.error ?? {}).flatMap((messages) => messages ?? []);
  // Refused without words of its own (a field this page has no box for): still say so.
  if (errors.length === 0 && answer.result.status === "error") errors.push(FORM_MESSAGES.invalid);
  if (errors.length > 0) {
    return (
      <div className="notice bad" role="alert" data-testid="form-error">
        {errors.map((message) => (
          <p key={message}>{message}</p>
        ))}
      </div>
    );
  }
  return answer.done ? (
    <p className="notice ok" role="status" data-testid="form-done">
      {answer.done}
    </p>
  ) : null;
}

/** Under a refusal a bigger plan would lift: the way to the plans. */
export function PlanLink() {
  return (
    <p>
      <Link to={href("/pricing")} data-testid="plan-link">
        {PLAN_LINK.label}
      </Link>
    </p>
  );
}
