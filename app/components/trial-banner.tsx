import { TRIAL_BANNER, TRIAL_ROUNDING_NOTE } from "../../domain/vocabulary";

/** "12 days left in your trial", shown on the dashboard while the account is on a trial. */
export function TrialBanner({ text, endsOn }: { text: string | null; endsOn: string | null }) {
  if (!text) return null;
  return (
    <div className="notice info">
      <p className="trial-banner" data-testid="trial-countdown">
        {text}
        {endsOn ? <span className="muted"> {TRIAL_BANNER.endsOn(endsOn)}</span> : null}
      </p>
      <p className="muted small">{TRIAL_ROUNDING_NOTE}</p>
    </div>
  );
}
