import { CopyButton } from "./copy-button";

/**
 * A key shown exactly once, in the answer to the form that made it: a read-only field
 * (select and copy by hand without JavaScript) with a Copy button when JavaScript runs.
 */
export function OneTimeSecret({ label, value, hint }: { label: string; value: string; hint: string }) {
  const id = `secret-${label.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  return (
    <div className="notice warn" data-testid="one-time-secret">
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <div className="key-box">
          <input id={id} type="text" readOnly value={value} aria-describedby={`${id}-hint`} data-testid="one-time-value" />
          <CopyButton text={value} />
        </div>
      </div>
      <p className="small" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
