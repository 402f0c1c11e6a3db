/**
 * `GET /api/deployments/{id}/stats` and `GET /api/admin/host-stats`, in their exact shapes.
 * Nothing is metered here: live figures are zeros (upstream's value when no container runs),
 * storage counts the source tree, network shows the quota with nothing used.
 */
import os from "node:os";
import { rfc3339, sqlDate } from "../clock.ts";
import { treeBytes } from "../file-tree.ts";
import { sendJson } from "../http-replies.ts";
import type { Instance } from "../instance.ts";
import { safeSize } from "../views.ts";
import { type ApiContext, adminOnly, authed } from "./context.ts";
import { ownedDeployment } from "./deployments.ts";

export function getDeploymentStats(ctx: ApiContext): Promise<void> {
  return authed(ctx, (user) => {
    const { inst } = ctx;
    const d = ownedDeployment(inst, ctx.params["id"] ?? "", user);
    const cpus = Number(inst.resolveCpus(d.cpus));
    const sourceBytes = treeBytes(d.files);
    const quota = d.networkQuota !== "" ? (safeSize(d.networkQuota) ?? 0) : 0;
    return {
      id: d.id,
      status: d.status,
      live: {
        cpuPercent: 0,
        cpuLimitCores: Number.isFinite(cpus) && cpus > 0 ? cpus : 0,
        memoryBytes: 0,
        memoryLimitBytes: 0,
        pids: 0,
        buildVolumeBytes: 0,
      },
      storage: { sourceBytes, persistBytes: 0, buildVolumeBytes: 0, totalBytes: sourceBytes },
      network: {
        usedBytes: 0,
        quotaBytes: quota,
        remainingBytes: quota,
        periodStart: periodStart(inst),
        periodResetIntervalH: inst.quotaResetIntervalHours(),
      },
    };
  });
}

/** `CurrentPeriodStart`: ISO Monday (≤7 d), the 1st of the month (≤31 d), else the quarter start. */
function periodStart(inst: Instance): string {
  const now = new Date(inst.now());
  const days = Math.floor(inst.quotaResetIntervalHours() / 24);
  if (days <= 7) {
    const weekday = now.getUTCDay() === 0 ? 7 : now.getUTCDay();
    return sqlDate(inst.now() - (weekday - 1) * 86_400_000);
  }
  if (days <= 31) return sqlDate(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return sqlDate(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1));
}

/** Plausible figures from the machine the emulator runs on. */
export function getHostStats(ctx: ApiContext): Promise<void> {
  return adminOnly(ctx, () => {
    const total = os.totalmem();
    const free = os.freemem();
    const [l1 = 0, l5 = 0, l15 = 0] = os.loadavg();
    sendJson(ctx.res, 200, {
      cpuPercent: 0,
      cpuCores: os.cpus().length,
      memoryTotal: total,
      memoryUsed: total - free,
      memoryFree: free,
      diskTotal: 0,
      diskUsed: 0,
      diskFree: 0,
      loadAvg1: l1,
      loadAvg5: l5,
      loadAvg15: l15,
      uptimeSeconds: Math.floor(os.uptime()),
      sampledAt: rfc3339(ctx.inst.now()),
    });
  });
}
