/**
 * What a workspace's timeline shows, from the events stored for it. Two rules keep it
 * short and true for a person reading it:
 * - the status word ("Setting up.") is shown only when the status changed, so a run of
 *   entries in one state doesn't repeat it on every line;
 * - "We started setting it up." right after "Workspace created." (the same moment to a
 *   person, within a minute) says nothing new and is left out.
 * Besides lifecycle changes the timeline records things people did that the coordinator
 * does not track (a rename), under TIMELINE_EVENTS.
 */
import type { WorkspaceState } from "../lifecycle/states";

/** Events written outside the coordinator, by the pages. */
export const TIMELINE_EVENTS = Object.freeze({
  renamed: "renamed",
  joined: "member_joined",
  left: "member_left",
  removed: "member_removed",
  roleChanged: "role_changed",
} as const);

export interface TimelineFact {
  id: string;
  state: WorkspaceState;
  reason: string;
  createdAt: Date;
  /** Who did it, when a person did. */
  actorName?: string | null;
}

export interface TimelineLine extends TimelineFact {
  /** Whether the line starts with the status word: the status changed here. */
  showsState: boolean;
}

const SAME_MOMENT_MS = 60_000;

/** The lines to show, newest first, from events newest first (as the page reads them). */
export function timelineLines(newestFirst: readonly TimelineFact[]): TimelineLine[] {
  const oldestFirst = [...newestFirst].reverse();
  const kept: TimelineLine[] = [];
  for (const fact of oldestFirst) {
    const before = kept.at(-1);
    const redundantStart =
      fact.reason === "setup_started" &&
      before?.reason === "created" &&
      fact.createdAt.getTime() - before.createdAt.getTime() <= SAME_MOMENT_MS;
    if (redundantStart) continue;
    kept.push({ ...fact, showsState: before === undefined || before.state !== fact.state });
  }
  return kept.reverse();
}
