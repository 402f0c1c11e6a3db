import { Form } from "react-router";
import { LIFETIME_WORDS } from "../../domain/vocabulary";

/** What app/.server/deployments/lifetime.ts works out for a page. */
export interface LifetimeView {
  /** "Goes offline in 3 h 52 min", or null when it stays until deleted. */
  countdown: string | null;
  /** When, as a date and time in the person's zone. */
  until: string | null;
  untilIso: string | null;
  /** The Extend button's words ("Keep it online for another 4 hours"), or null. */
  extend: string | null;
}

/**
 * When it goes offline, and Extend (a plain form: the same without JavaScript). Things that
 * stay until deleted say so.
 */
export function LifetimeLine({ lifetime, canExtend, busy }: { lifetime: LifetimeView; canExtend: boolean; busy: boolean }) {
  if (!lifetime.countdown) return <p data-testid="lifetime">{LIFETIME_WORDS.stays}</p>;
  return (
    <div className="lifetime" data-testid="lifetime">
      <p>
        <strong>{lifetime.countdown}</strong>{" "}
        {lifetime.untilIso ? (
          <span className="muted">
            (<time dateTime={lifetime.untilIso}>{lifetime.until}</time>)
          </span>
        ) : null}
      </p>
      {canExtend && lifetime.extend ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="extend" />
          <button type="submit" className="secondary" disabled={busy}>
            {lifetime.extend}
          </button>
          <span className="muted small">{LIFETIME_WORDS.extendHint}</span>
        </Form>
      ) : null}
    </div>
  );
}
