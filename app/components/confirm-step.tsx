/**
 * The question asked before anything that cannot be undone (app/.server/forms/confirm.ts):
 * what is about to happen, a button that does it, and a way back that changes nothing.
 * With JavaScript on, focus moves to the question so a keyboard or screen-reader user
 * lands on it.
 */
import { useEffect, useRef } from "react";
import { Form, useLocation, useNavigation } from "react-router";
import { CONFIRM_STEP as W } from "../../domain/vocabulary";

interface Ask {
  question: string;
  consequences: readonly string[];
  yes: string;
  fields: ReadonlyArray<readonly [string, string]>;
}

function askOf(answer: unknown): Ask | null {
  if (typeof answer !== "object" || answer === null || !("confirm" in answer)) return null;
  const ask = (answer as { confirm: unknown }).confirm;
  return typeof ask === "object" && ask !== null && "question" in ask ? (ask as Ask) : null;
}

function intentOf(answer: unknown): string {
  return typeof answer === "object" && answer !== null && "intent" in answer
    ? String((answer as { intent: unknown }).intent)
    : "";
}

/** `intents`: where a page asks about several things, each question shows beside its own form. */
export function ConfirmStep({ answer, action, intents }: { answer: unknown; action?: string; intents?: readonly string[] }) {
  const ask = intents && !intents.includes(intentOf(answer)) ? null : askOf(answer);
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (ask) heading.current?.focus();
  }, [ask]);
  if (!ask) return null;
  return (
    <section className="confirm-step" role="alertdialog" aria-labelledby="confirm-step-question" data-testid="confirm-step">
      <h2 id="confirm-step-question" tabIndex={-1} ref={heading}>
        {ask.question}
      </h2>
      {ask.consequences.length > 0 ? (
        <ul>
          {ask.consequences.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <Form method="post" action={action} className="row-actions">
        {ask.fields.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="confirmed" value="yes" />
        <button type="submit" className="danger" disabled={busy} data-testid="confirm-yes">
          {ask.yes}
        </button>
        {/* Going back is a plain link to this page: nothing is sent, nothing changes. */}
        <a href={`${location.pathname}${location.search}`} className="button secondary" data-testid="confirm-no">
          {W.no}
        </a>
      </Form>
    </section>
  );
}
