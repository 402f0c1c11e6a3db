import { TRIAL_BANNER } from "../../domain/vocabulary";

/**
 * "12 days left in your trial", shown on the dashboard while the account is on a trial. How
 * the days are counted is explained once, on the billing page, not under every countdown.
 */
export function TrialBanner({ text, endsOn }: { text: string | null; endsOn: string | null }) {
  if (!text) return null;
  return (
    <div className="notice info">
      <p className="trial-banner" data-testid="trial-countdown">
        {text}
        {endsOn ? <span className="muted"> {TRIAL_BANNER.endsOn(endsOn)}</span> : null}
      </p>
    </div>
  );
}
