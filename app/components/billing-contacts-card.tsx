import { getFormProps } from "@conform-to/react";
import { Form } from "react-router";
import { MAX_BILLING_CONTACTS } from "../../domain/email/addresses";
import { BILLING_CONTACTS_SECTION as C } from "../../domain/vocabulary";
import { addContactSchema } from "../forms/contact-forms";
import { AnswerMessage, FormSummary, TextField, useIntentForm } from "./form-kit";

export interface BillingContactView {
  id: string;
  email: string;
  undeliverable: boolean;
}

/** The billing page's "Who else gets billing emails": the list, a Remove button each, and the add form. */
export function BillingContactsCard({ contacts, answer }: { contacts: readonly BillingContactView[]; answer: unknown }) {
  const { form, fields, done } = useIntentForm("add-contact", addContactSchema, answer);
  return (
    <section className="card" id="billing-contacts" aria-labelledby="billing-contacts-heading">
      <h2 id="billing-contacts-heading">{C.heading}</h2>
      <p>{C.intro}</p>
      <AnswerMessage answer={answer} intents={["remove-contact"]} />
      {contacts.length === 0 ? (
        <p className="muted">{C.empty}</p>
      ) : (
        <ul aria-label={C.listLabel} data-testid="billing-contacts">
          {contacts.map((c) => (
            <li key={c.id}>
              <span>{c.email}</span>
              {c.undeliverable ? <span className="muted"> · {C.undeliverable}</span> : null}{" "}
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="remove-contact" />
                <input type="hidden" name="id" value={c.id} />
                <button type="submit" className="secondary" aria-label={C.removeLabel(c.email)}>
                  {C.remove}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <FormSummary form={form} done={done} />
      {contacts.length < MAX_BILLING_CONTACTS ? (
        <Form method="post" className="inline-form" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="add-contact" />
          <TextField field={fields.email} label={C.addLabel} type="email" autoComplete="off" />
          <button type="submit">{C.add}</button>
        </Form>
      ) : (
        <p className="muted">{C.full}</p>
      )}
    </section>
  );
}
