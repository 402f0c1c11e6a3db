import { adminSecretsStore, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notificationEndpoints, workspaceCredentials } from "../../drizzle/schema";
import { secretContext } from "../../server/notifications/signing";
import { open, rewrap, seal, type SealedSecret } from "../../server/crypto/envelope";
import { addMasterKey, parseKeyring, serializeKeyring } from "../../server/crypto/keyring";
import { readMasterKeyring } from "../../server/bindings/master-keyring";
import { createDatabase } from "../../server/db/database";
import { createServices } from "../../server/bindings/services";
import { newTraceId } from "../../server/observability/trace";
import { credentialsBelowVersionPage, writeRewrappedKeys } from "../../server/repositories/credentials-rotation";
import { readCredentials } from "../../server/repositories/workspace-lifecycle";
import worker from "../../workers/app";
import { runRotateDataKeys } from "../../workers/jobs/rotate-data-keys";
import { TEST_KEYRING } from "./setup/test-keyring";
import { startLogCapture } from "./support/app-client";
import { readyWorkspace, signedIn } from "./support/fixtures";
import { credentialsBelowVersion as versionsBelow, lastCronRun as lastRun } from "./support/records";

const db = createDatabase(env.DB);
const ENDPOINT_ID = "ne_01rotationtest000000000000";
const NOTIFICATION_SECRET = "whsec_c2lnbmluZy1zZWNyZXQtZm9yLXRlc3Rz";
const { keys: TEST_KEYS } = JSON.parse(TEST_KEYRING) as { keys: Record<string, string> };
/** The test keyring with v1 current: what the store held before the rotation began. */
const V1_CURRENT = JSON.stringify({ current: 1, keys: TEST_KEYS });

async function setKeyring(json: string) {
  using admin = adminSecretsStore(env.MASTER_KEYRING);
  const [secret] = await admin.list();
  await admin.update(json, secret!.metadata!.uuid);
}

async function sealedOf(workspaceId: string): Promise<SealedSecret> {
  const row = (await readCredentials(db, workspaceId))!;
  return {
    ciphertext: row.adminKeyCiphertext,
    nonce: row.adminKeyNonce,
    wrappedDataKey: row.wrappedDataKey,
    wrappedDataKeyNonce: row.wrappedDataKeyNonce,
    keyVersion: row.keyVersion,
  };
}

/** Seals a workspace's admin key afresh under `keyringJson`'s current version, as the coordinator does on provision. */
async function resealUnder(workspaceId: string, adminKey: string, keyringJson: string) {
  const s = await seal(adminKey, parseKeyring(keyringJson), workspaceId);
  await db
    .update(workspaceCredentials)
    .set({
      adminKeyCiphertext: s.ciphertext,
      adminKeyNonce: s.nonce,
      wrappedDataKey: s.wrappedDataKey,
      wrappedDataKeyNonce: s.wrappedDataKeyNonce,
      keyVersion: s.keyVersion,
    })
    .where(eq(workspaceCredentials.workspaceId, workspaceId));
}

async function runHourlyCron() {
  await worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() }), env);
}

describe("master key rotation", () => {
  /** Workspaces by id, with the admin key the infra service issued each. */
  const workspaces: { id: string; adminKey: string }[] = [];

  beforeAll(async () => {
    // Created while v1 was current: the coordinators seal the admin keys under v1, the real way.
    await setKeyring(V1_CURRENT);
    const owner = await signedIn({ plan: "pro@1" });
    const ready = await Promise.all(
      ["Alpha", "Bravo", "Charlie"].map((name) => readyWorkspace({ plan: "pro@1", role: "owner", owner, name })),
    );
    for (const { id } of ready) workspaces.push({ id, adminKey: await open(await sealedOf(id), parseKeyring(V1_CURRENT), id) });
    workspaces.sort((a, b) => (a.id < b.id ? -1 : 1));
    // A notification destination's signing secret, sealed under v1 as the settings page seals it.
    const sealedSecret = await seal(NOTIFICATION_SECRET, parseKeyring(V1_CURRENT), secretContext(ENDPOINT_ID));
    await db.insert(notificationEndpoints).values({
      id: ENDPOINT_ID,
      accountId: owner.accountId,
      kind: "webhook",
      url: "https://hooks.example.com/in",
      secretCiphertext: sealedSecret.ciphertext,
      secretNonce: sealedSecret.nonce,
      wrappedDataKey: sealedSecret.wrappedDataKey,
      wrappedDataKeyNonce: sealedSecret.wrappedDataKeyNonce,
      keyVersion: sealedSecret.keyVersion,
    });
    // The operator makes v2 current (README, "Rotating the master key").
    await setKeyring(TEST_KEYRING);
  });

  // Storage is shared within this file: leave the keyring as the setup made it.
  afterAll(() => setKeyring(TEST_KEYRING));

  it("the hourly cron rewraps every data key under the current master key; every key still opens; a second run rewraps nothing", async () => {
    const before = new Map<string, SealedSecret>();
    for (const w of workspaces) before.set(w.id, await sealedOf(w.id));
    expect([...before.values()].map((s) => s.keyVersion)).toEqual([1, 1, 1]);

    await runHourlyCron();
    expect(await lastRun("lifecycle-sweep")).toMatchObject({ outcome: "ok" });
    // One read for the page, one write per row.
    expect(await lastRun("rotate-data-keys")).toEqual({
      outcome: "ok",
      detail: {
        keyVersion: 2,
        rewrapped: 3,
        skipped: 0,
        failed: 0,
        pages: 1,
        queries: 6,
        complete: true,
        notificationsRewrapped: 1,
      },
    });
    expect(await versionsBelow(2)).toBe(0);

    // v1 can now go: every key opens with a keyring that holds v2 only, to the same admin key.
    const v2Only = parseKeyring(JSON.stringify({ current: 2, keys: { "2": TEST_KEYS["2"] } }));
    const after = new Map<string, SealedSecret>();
    for (const w of workspaces) {
      const sealed = await sealedOf(w.id);
      after.set(w.id, sealed);
      expect(sealed.keyVersion).toBe(2);
      expect(sealed.ciphertext).toEqual(before.get(w.id)!.ciphertext); // rewrapped, not re-encrypted
      expect(sealed.wrappedDataKey).not.toEqual(before.get(w.id)!.wrappedDataKey);
      expect(await open(sealed, v2Only, w.id)).toBe(w.adminKey);
      expect(await open(sealed, await readMasterKeyring(env), w.id)).toBe(w.adminKey);
      expect((await readCredentials(db, w.id))!.rotatedAt).toBeInstanceOf(Date);
    }

    // The destination's secret too: it opens with v2 alone, to the same secret.
    const [endpoint] = await db.select().from(notificationEndpoints).where(eq(notificationEndpoints.id, ENDPOINT_ID));
    const endpointSealed = {
      ciphertext: endpoint!.secretCiphertext!,
      nonce: endpoint!.secretNonce!,
      wrappedDataKey: endpoint!.wrappedDataKey!,
      wrappedDataKeyNonce: endpoint!.wrappedDataKeyNonce!,
      keyVersion: endpoint!.keyVersion!,
    };
    expect(endpointSealed.keyVersion).toBe(2);
    expect(await open(endpointSealed, v2Only, secretContext(ENDPOINT_ID))).toBe(NOTIFICATION_SECRET);

    await runHourlyCron();
    expect((await lastRun("rotate-data-keys")).detail).toMatchObject({
      rewrapped: 0,
      skipped: 0,
      failed: 0,
      pages: 0,
      queries: 2,
      complete: true,
      notificationsRewrapped: 0,
    });
    for (const w of workspaces) expect(await sealedOf(w.id)).toEqual(after.get(w.id));
  });

  it("reads one page per query and stops at its page bound; the next run goes on from the start", async () => {
    for (const w of workspaces) await resealUnder(w.id, w.adminKey, V1_CURRENT);
    const services = createServices(env, { traceId: newTraceId() });

    expect(await runRotateDataKeys(services, { pageSize: 2, maxPages: 1 })).toMatchObject({
      rewrapped: 2,
      pages: 1,
      queries: 4,
      complete: false,
    });
    expect((await sealedOf(workspaces[2]!.id)).keyVersion).toBe(1); // the last by id waits for the next run
    expect(await runRotateDataKeys(services, { pageSize: 2 })).toMatchObject({
      rewrapped: 1,
      pages: 1,
      queries: 3,
      complete: true,
    });
    expect(await versionsBelow(2)).toBe(0);
  });

  it("never writes a rewrapped key over one the coordinator sealed after the row was read", async () => {
    const keyring = parseKeyring(TEST_KEYRING);
    // Resealed meanwhile under the same old version (only the wrapped bytes differ), or under the current one.
    for (const meanwhile of [V1_CURRENT, TEST_KEYRING]) {
      const w = workspaces[0]!;
      await resealUnder(w.id, w.adminKey, V1_CURRENT);
      const [read] = await credentialsBelowVersionPage(db, { version: 2, afterId: "", limit: 1 });
      expect(read!.workspaceId).toBe(w.id);
      const rewrapped = await rewrap(read!.sealed, keyring, w.id);

      await resealUnder(w.id, w.adminKey, meanwhile);
      const resealed = await sealedOf(w.id);
      expect(await writeRewrappedKeys(db, [{ workspaceId: w.id, from: read!.sealed, to: rewrapped }], new Date())).toEqual([
        false,
      ]);
      expect(await sealedOf(w.id)).toEqual(resealed);
      expect(await open(resealed, keyring, w.id)).toBe(w.adminKey);
    }
  });

  it("a key sealed under a master key missing from the keyring fails alone, with an alert, and the others still rotate", async () => {
    const [orphan, ...others] = workspaces; // first by id: the others come after it in the page
    await resealUnder(orphan!.id, orphan!.adminKey, TEST_KEYRING); // under v2 …
    for (const w of others) await resealUnder(w.id, w.adminKey, V1_CURRENT);
    const orphanBefore = await sealedOf(orphan!.id);
    // … and v2 is dropped while v3 becomes current: v1 rows can move, the v2 row cannot.
    const next = addMasterKey(parseKeyring(TEST_KEYRING));
    const keys = new Map(next.keys);
    keys.delete(2);
    const withoutV2 = serializeKeyring({ current: next.current, keys });
    await setKeyring(withoutV2);

    const capture = startLogCapture();
    try {
      await runHourlyCron();
    } finally {
      capture.stop();
      await setKeyring(TEST_KEYRING);
    }
    expect(await lastRun("rotate-data-keys")).toMatchObject({
      outcome: "ok",
      // The notification secret, rotated to v2 by the first test, is stranded with it.
      detail: { keyVersion: 3, rewrapped: 2, skipped: 0, failed: 2, complete: true, notificationsRewrapped: 0 },
    });
    const alerts = capture.lines.filter((l) => l.event === "key_rotation.rewrap_failed");
    expect(alerts).toEqual([
      expect.objectContaining({ level: "alert", alert: true, workspaceId: orphan!.id, keyVersion: 2 }),
      expect.objectContaining({ level: "alert", alert: true, endpointId: ENDPOINT_ID, keyVersion: 2 }),
    ]);
    expect(await sealedOf(orphan!.id)).toEqual(orphanBefore);
    for (const w of others) {
      const sealed = await sealedOf(w.id);
      expect(sealed.keyVersion).toBe(3);
      expect(await open(sealed, parseKeyring(withoutV2), w.id)).toBe(w.adminKey);
    }
    const logged = JSON.stringify(capture.lines);
    for (const w of workspaces) expect(logged).not.toContain(w.adminKey);
    expect(logged).not.toContain(NOTIFICATION_SECRET);
  });

  it("an unreadable keyring fails the rotation's run alone: the sweep's run is still recorded ok", async () => {
    await setKeyring("not a keyring");
    try {
      await expect(runHourlyCron()).rejects.toThrow("master keyring is not valid JSON");
    } finally {
      await setKeyring(TEST_KEYRING);
    }
    expect(await lastRun("lifecycle-sweep")).toMatchObject({ outcome: "ok" });
    expect(await lastRun("rotate-data-keys")).toMatchObject({
      outcome: "failed",
      detail: { error: "KeyringError: master keyring is not valid JSON" },
    });
  });
});
