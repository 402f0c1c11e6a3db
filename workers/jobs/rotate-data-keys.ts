/**
 * The hourly master key rotation (docs/decisions/0007): every workspace credential whose
 * data key is wrapped by an older master key gets it rewrapped under the current one. The
 * ciphertext is never touched, and each write is a compare-and-set on the old wrapped key,
 * so a key the coordinator seals meanwhile wins. One read query per page, one write per row.
 */
import { now } from "../../domain/clock";
import { notificationSecretsBelowVersion, writeRewrappedNotificationKey } from "../../server/notifications/repository";
import { secretContext } from "../../server/notifications/signing";
import { rewrap } from "../../server/crypto/envelope";
import type { Services } from "../../server/bindings/services";
import {
  credentialsBelowVersionPage,
  writeRewrappedKeys,
  type RewrappedKey,
} from "../../server/repositories/credentials-rotation";

const PAGE = 100;
// A page costs at most 1 + PAGE queries, and D1 allows 1,000 per invocation, shared with
// the hourly sweep that runs in the same invocation: stop well below; the next hour goes on.
const MAX_PAGES = 4;

export interface RotationReport {
  [key: string]: unknown;
  /** The master key version every rewrapped key now uses. */
  keyVersion: number;
  rewrapped: number;
  /** Rows whose wrapped key changed between read and write (resealed by the coordinator). */
  skipped: number;
  /** Rows that could not be unwrapped (e.g. their master key version is not in the keyring). */
  failed: number;
  pages: number;
  queries: number;
  /** False when the run stopped at its page bound with rows possibly left for the next run. */
  complete: boolean;
  /** Notification destinations' secrets (decision 0030), rewrapped the same way, one page a run. */
  notificationsRewrapped: number;
}

export async function runRotateDataKeys(
  { db, log, keyring: readKeyring, queries: counter }: Services,
  options: { pageSize?: number; maxPages?: number } = {},
): Promise<RotationReport> {
  const before = counter.queries;
  const pageSize = options.pageSize ?? PAGE;
  // Read once, so the whole run moves every row to the same version.
  const keyring = await readKeyring();
  const report: RotationReport = {
    keyVersion: keyring.current,
    rewrapped: 0,
    skipped: 0,
    failed: 0,
    pages: 0,
    queries: 0,
    complete: false,
    notificationsRewrapped: 0,
  };

  let afterId = "";
  for (let page = 0; page < (options.maxPages ?? MAX_PAGES); page++) {
    const rows = await credentialsBelowVersionPage(db, { version: keyring.current, afterId, limit: pageSize });
    if (rows.length > 0) report.pages++;
    const writes: RewrappedKey[] = [];
    for (const { workspaceId, sealed } of rows) {
      try {
        // The context is the workspace id, as the coordinator seals it.
        writes.push({ workspaceId, from: sealed, to: await rewrap(sealed, keyring, workspaceId) });
      } catch (error) {
        // One bad row must not hold back the others; it stays as it is and is retried next hour.
        report.failed++;
        log.alert("key_rotation.rewrap_failed", { workspaceId, keyVersion: sealed.keyVersion, error });
      }
    }
    const landed = await writeRewrappedKeys(db, writes, now());
    landed.forEach((ok, i) => {
      if (ok) report.rewrapped++;
      else {
        report.skipped++;
        log.info("key_rotation.skipped_resealed", { workspaceId: writes[i]!.workspaceId });
      }
    });
    if (rows.length < pageSize) {
      report.complete = true;
      break;
    }
    afterId = rows.at(-1)!.workspaceId;
  }
  // The destinations' signing secrets and Slack links: the context is the destination's id.
  const secrets = await notificationSecretsBelowVersion(db, keyring.current, pageSize);
  for (const { id, sealed } of secrets) {
    try {
      if (await writeRewrappedNotificationKey(db, id, sealed, await rewrap(sealed, keyring, secretContext(id))))
        report.notificationsRewrapped++;
      else report.skipped++;
    } catch (error) {
      report.failed++;
      log.alert("key_rotation.rewrap_failed", { endpointId: id, keyVersion: sealed.keyVersion, error });
    }
  }
  if (secrets.length === pageSize) report.complete = false;
  report.queries = counter.queries - before;
  return report;
}
