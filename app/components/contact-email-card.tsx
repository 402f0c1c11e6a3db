import { getFormProps } from "@conform-to/react";
import { Form } from "react-router";
import { CONTACT_EMAIL_SECTION as C } from "../../domain/vocabulary";
import { contactEmailSchema } from "../forms/contact-forms";
import { AnswerMessage, FormSummary, TextField, useIntentForm } from "./form-kit";

export interface ContactEmailView {
  signInEmail: string;
  current: string;
  usesSignInAddress: boolean;
  currentUndeliverable: boolean;
}

/**
 * The account page's "Where we email you": the address our emails go to, a form to choose
 * another or go back to the sign-in one, and — when emails there come back — a way to try
 * it again. The banner on every page links to its form ("Choose another address"): conform
 * gives the form its intent as id, so `#contact-email` lands on it.
 */
export function ContactEmailCard({ contact, answer }: { contact: ContactEmailView; answer: unknown }) {
  const { form, fields, done } = useIntentForm("contact-email", contactEmailSchema, answer);
  return (
    <section className="card" aria-labelledby="contact-email-heading">
      <h2 id="contact-email-heading">{C.heading}</h2>
      <p>{C.intro}</p>
      <dl className="facts">
        <dt>{C.current}</dt>
        <dd data-testid="contact-email-current">{contact.current}</dd>
      </dl>
      <p className="muted">{contact.usesSignInAddress ? C.isSignInAddress : C.isOtherAddress(contact.signInEmail)}</p>
      {contact.currentUndeliverable ? (
        <div className="notice warn" role="alert" data-testid="contact-email-undeliverable">
          <p>{C.undeliverable(contact.current)}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="retry-address" />
            <input type="hidden" name="address" value={contact.current} />
            <button type="submit" className="secondary">
              {C.tryAgain}
            </button>
          </Form>
        </div>
      ) : null}
      <AnswerMessage answer={answer} intents={["retry-address"]} />
      <FormSummary form={form} done={done} />
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="contact-email" />
        <TextField field={fields.email} label={C.newAddressLabel} hint={C.newAddressHint} type="email" autoComplete="email" />
        <button type="submit">{C.save}</button>
      </Form>
      {contact.usesSignInAddress ? null : (
        <Form method="post">
          <input type="hidden" name="intent" value="contact-email" />
          <input type="hidden" name="use" value="sign-in" />
          <button type="submit" className="secondary">
            {C.useSignInAddress(contact.signInEmail)}
          </button>
        </Form>
      )}
    </section>
  );
}
