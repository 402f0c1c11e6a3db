import type { WorkspaceStatus } from "../../domain/lifecycle/status";

/** The status label people see, coloured by tone; the words come from the domain. */
export function StatusBadge({ status }: { status: Pick<WorkspaceStatus, "label" | "tone"> }) {
  return <span className={`status status-${status.tone}`}>{status.label}</span>;
}
