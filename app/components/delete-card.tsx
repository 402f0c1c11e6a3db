import type { ReactNode } from "react";
import { Form } from "react-router";
import { ConfirmStep } from "./confirm-step";

/**
 * The card that deletes the thing a page is about: what deleting does, the one question
 * (ConfirmStep, asked by the server on the first press), and the button. `summary` is the
 * page's answer to an earlier press (a refusal), shown above the question.
 */
export function DeleteCard(props: {
  id: string;
  heading: string;
  explained: string;
  button: string;
  answer: unknown;
  busy: boolean;
  summary?: ReactNode;
}) {
  return (
    <section className="card danger-zone" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      <p>{props.explained}</p>
      {props.summary}
      <ConfirmStep answer={props.answer} intents={["delete"]} />
      <Form method="post">
        <input type="hidden" name="intent" value="delete" />
        <button type="submit" className="danger" disabled={props.busy}>
          {props.button}
        </button>
      </Form>
    </section>
  );
}
