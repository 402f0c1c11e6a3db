/**
 * A list of deployments as the pages show it (the Deployments tab and the workspace
 * overview): the same status, address and owner as each deployment's own page.
 */
import { deploymentStatus } from "../../../domain/openberth/deployment-status";
import { parseOpenBerthDate } from "../../../domain/openberth/dates";
import { DEPLOYMENTS_PAGE as W } from "../../../domain/vocabulary";
import type { DeployInfo } from "../../../server/openberth/openberth-schemas";
import type { DeploymentRow } from "../../components/deployment-table";
import { formatDate } from "../../lib/format-date";

export function deploymentRows(list: readonly DeployInfo[], adminUserId: string, timeZone: string): DeploymentRow[] {
  return list.map((d) => {
    const created = parseOpenBerthDate(d.createdAt);
    const expires = parseOpenBerthDate(d.expiresAt);
    const status = deploymentStatus(d, adminUserId);
    return {
      id: d.id,
      title: d.title || d.name,
      // Shown under the title when they differ: the name is what its address is made from.
      name: d.title && d.title !== d.name ? d.name : null,
      sandbox: d.mode === "sandbox",
      look: status.look,
      url: status.online ? d.url : null,
      owner: status.owner,
      created: created ? formatDate(created, timeZone) : "",
      createdAt: created?.toISOString() ?? "",
      expires: expires ? formatDate(expires, timeZone, "datetime") : W.neverExpires,
      expiresAt: expires?.toISOString() ?? null,
    };
  });
}
