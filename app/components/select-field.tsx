/** A labelled select with an optional first choice (e.g. "Workspace default") and an error line. */
import type { Choice } from "../lib/choices";

export function SelectField({
  id,
  name,
  label,
  choices,
  defaultValue,
  first,
  error,
}: {
  id: string;
  name: string;
  label: string;
  choices: Choice[];
  defaultValue?: string;
  first?: Choice;
  error?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue ?? first?.value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {first ? <option value={first.value}>{first.label}</option> : null}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      {error ? (
        <p className="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
