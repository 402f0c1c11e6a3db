/** A labelled select with an optional first choice (e.g. "Workspace default") and its problem beside it. */
import { getSelectProps, type FieldMetadata } from "@conform-to/react";
import type { Choice } from "../lib/choices";
import { FieldProblem } from "./form-kit";

/** A form's select (conform, the one form pattern): its value, error and ids come from `field`. */
export function SelectField({
  field,
  label,
  choices,
  first,
}: {
  field: FieldMetadata<string | undefined>;
  label: string;
  choices: Choice[];
  first?: Choice;
}) {
  const select = getSelectProps(field);
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <select {...select} defaultValue={select.defaultValue ?? first?.value}>
        {first ? <option value={first.value}>{first.label}</option> : null}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <FieldProblem field={field} />
    </div>
  );
}
