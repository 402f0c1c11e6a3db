import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { RESOURCE_FIELD_LABELS as W } from "../../domain/vocabulary";
import type { ResourceChoices } from "../lib/choices";
import { FieldProblem } from "./form-kit";
import { SelectField } from "./select-field";

/**
 * A deployment's own fields beyond its name: the file it is made from, and its lifetime,
 * memory and processors limited to what the plan allows — the form's fields (conform).
 */

const WORKSPACE_DEFAULT = { value: "", label: W.workspaceDefault };

type Field = FieldMetadata<string | undefined>;

export function ResourceFields({
  choices,
  ttl,
  memory,
  cpus,
}: {
  choices: ResourceChoices;
  ttl?: Field;
  memory?: Field;
  cpus?: Field;
}) {
  return (
    <div className="grid-2">
      {ttl ? <SelectField field={ttl} label={W.ttl} choices={choices.ttl} /> : null}
      {memory ? <SelectField field={memory} label={W.memory} choices={choices.memory} first={WORKSPACE_DEFAULT} /> : null}
      {cpus ? <SelectField field={cpus} label={W.cpus} choices={choices.cpus} first={WORKSPACE_DEFAULT} /> : null}
    </div>
  );
}

/** What the upload takes (server/uploads checks what is really inside). */
const UPLOAD_ACCEPT = ".zip,.tar.gz,.tgz,.html,.htm,.css,.js,.json,.txt,.md,.svg,.png,.jpg,.jpeg,.gif,.webp";

/** The file to put online, with its problem (empty, too big, not a project we can run) beside it. */
export function UploadField({ field, label }: { field: FieldMetadata<File | undefined>; label: string }) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      <input {...getInputProps(field, { type: "file" })} accept={UPLOAD_ACCEPT} />
      <FieldProblem field={field} />
    </div>
  );
}
