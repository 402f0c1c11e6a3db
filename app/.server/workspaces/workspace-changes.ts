/**
 * Renaming and deleting a workspace. The forms live on Settings; the overview's action still
 * answers them, so a tab opened before they moved keeps working. Deleting asks once
 * (confirm.ts) and ends on the list of workspaces with "Deleted workspace X."; a rename ends
 * on Settings with "Renamed to X.".
 */
import { href } from "react-router";
import type { Submission } from "@conform-to/react";
import { now } from "../../../domain/clock";
import { WORKSPACE_FORM_MESSAGES, WORKSPACE_OVERVIEW_PAGE as P } from "../../../domain/vocabulary";
import type { getRequestContext } from "../../../server/bindings/request-context";
import { renameWorkspace } from "../../../server/repositories/workspaces";
import { askToConfirm, isConfirmed } from "../forms/confirm";
import { redirectWithNotice } from "../forms/flash-notice";
import { invalid, refused } from "../forms/form-reply";
import { may, type WorkspacePage as Page } from "./workspace-page";

type RequestContext = ReturnType<typeof getRequestContext>;

export async function changeWorkspace(
  rc: RequestContext,
  page: Page,
  intent: "rename" | "delete",
  submission: Submission<unknown, string[], unknown>,
) {
  const { account, workspace } = page;
  const decision = may(page, intent === "rename" ? "rename:workspace" : "delete:workspace");
  if (!decision.allowed) return refused(intent, submission, decision.message, { status: 403 });
  // Once deletion is asked for, nothing else changes it (and asking twice says so).
  if (workspace.desiredState === "deleted")
    return refused(intent, submission, WORKSPACE_FORM_MESSAGES.beingDeleted, { status: 409 });
  if (submission.status !== "success") return invalid(intent, submission);
  const actor = `account:${account.id}`;
  if (intent === "rename") {
    const name = (submission.value as { name: string }).name;
    await renameWorkspace(rc.db, workspace.id, name, now(), actor);
    rc.log.info("workspace.renamed", { workspaceId: workspace.id });
    // Back to Settings with the news, so reloading the page doesn't send the form again.
    return redirectWithNotice(href("/workspaces/:slug/settings", { slug: workspace.slug }), P.renamed(name));
  }
  if (!isConfirmed(submission))
    return askToConfirm(intent, submission, {
      question: P.deleteAsk(workspace.name),
      consequences: P.deleteAskLines,
      yes: P.deleteYes(workspace.name),
    });
  await rc.coordinator(workspace.id).requestDelete({ actor, traceId: rc.traceId });
  rc.log.info("workspace.delete_requested", { workspaceId: workspace.id });
  return redirectWithNotice(href("/workspaces"), P.deleted(workspace.name));
}
