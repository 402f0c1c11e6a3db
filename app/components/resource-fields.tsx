import type { ResourceChoices } from "../lib/choices";
import { SelectField } from "./select-field";

/** Lifetime, memory and processors for a deployment, limited to what the plan allows. */

const WORKSPACE_DEFAULT = { value: "", label: "Workspace default" };

export function ResourceFields({
  choices,
  prefix,
  errors,
  withTtl = true,
  withCpus = true,
}: {
  choices: ResourceChoices;
  prefix: string;
  errors?: Record<string, string[] | undefined>;
  withTtl?: boolean;
  withCpus?: boolean;
}) {
  return (
    <div className="grid-2">
      {withTtl ? (
        <SelectField
          id={`${prefix}-ttl`}
          name="ttl"
          label="Stay online for"
          choices={choices.ttl}
          defaultValue="168h"
          error={errors?.ttl?.[0]}
        />
      ) : null}
      <SelectField
        id={`${prefix}-memory`}
        name="memory"
        label="Memory"
        choices={choices.memory}
        first={WORKSPACE_DEFAULT}
        error={errors?.memory?.[0]}
      />
      {withCpus ? (
        <SelectField
          id={`${prefix}-cpus`}
          name="cpus"
          label="Processor"
          choices={choices.cpus}
          first={WORKSPACE_DEFAULT}
          error={errors?.cpus?.[0]}
        />
      ) : null}
    </div>
  );
}
