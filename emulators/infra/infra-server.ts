/**
 * A local stand-in for the infra service (docs/infra-contract.md): provisions one
 * OpenBerth stand-in per workspace, pauses, resumes and removes it, and pushes signed
 * state-change events to Harbor with retries and a dead-letter list.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { sendJson } from "../shared/http-body.ts";
import { listenOnLocalhost } from "../shared/listen.ts";
import { handleApi, type ApiContext, type ApiFaults } from "./api-routes.ts";
import { handleControl, type ControlContext } from "./control-routes.ts";
import { Lifecycle, type LifecycleTimings, type OpenBerthFleet } from "./lifecycle.ts";
import { InfraStore } from "./store.ts";
import { WebhookDelivery, type DeliveryFaults } from "./webhook-delivery.ts";

export interface InfraEmulatorOptions {
  port: number;
  /** Folder for the emulator's database; null keeps everything in memory. */
  stateDir: string | null;
  fleet: OpenBerthFleet & { removeAll?: () => void };
  apiToken: string;
  webhookSecret: string;
  /** Harbor's /webhooks/infra. */
  webhookUrl: string;
  timings?: Partial<LifecycleTimings>;
  retry?: { baseMs?: number; maxMs?: number; maxAttempts?: number; timeoutMs?: number };
}

export interface InfraEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startInfraEmulator(options: InfraEmulatorOptions): Promise<InfraEmulator> {
  let file = ":memory:";
  if (options.stateDir) {
    mkdirSync(options.stateDir, { recursive: true });
    file = path.join(options.stateDir, "infra.sqlite");
  }
  const store = new InfraStore(file);
  const webhook = { url: options.webhookUrl };
  const deliveryFaults: DeliveryFaults = { eventDelayMs: 0, duplicateEvents: false, reorderEvents: false };
  const delivery = new WebhookDelivery(
    store,
    {
      url: () => webhook.url,
      secret: options.webhookSecret,
      retryBaseMs: options.retry?.baseMs ?? 250,
      retryMaxMs: options.retry?.maxMs ?? 5_000,
      maxAttempts: options.retry?.maxAttempts ?? 12,
      timeoutMs: options.retry?.timeoutMs ?? 10_000,
    },
    () => deliveryFaults,
  );
  const lifecycle = new Lifecycle(store, options.fleet, delivery, {
    provisionStepMs: options.timings?.provisionStepMs ?? 150,
    stepMs: options.timings?.stepMs ?? 300,
  });
  const faults: ApiFaults = { failNextProvisions: 0, dropNextProvisionResponses: 0, responseDelayMs: 0 };

  const ctx: ControlContext = {
    store,
    lifecycle,
    fleet: options.fleet,
    apiToken: options.apiToken,
    faults,
    deliveryFaults,
    webhook,
    reset() {
      lifecycle.stopTimers();
      for (const row of store.allInstances()) if (row.state !== "deleted") options.fleet.remove(row.resourceId);
      store.reset();
      Object.assign(faults, { failNextProvisions: 0, dropNextProvisionResponses: 0, responseDelayMs: 0 });
      Object.assign(deliveryFaults, { eventDelayMs: 0, duplicateEvents: false, reorderEvents: false });
      webhook.url = options.webhookUrl;
    },
  };
  lifecycle.recover();
  delivery.kick();

  const listener = await listenOnLocalhost((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const handler = url.pathname.startsWith("/__control/")
      ? handleControl(ctx, req, res, url)
      : url.pathname.startsWith("/v1/")
        ? handleApi(ctx as ApiContext, req, res, url)
        : Promise.resolve(sendJson(res, 404, { error: { code: "not_found", message: "No such endpoint." } }));
    handler.catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: "internal", message: String(error) } });
    });
  }, options.port);
  return {
    url: listener.url,
    port: listener.port,
    async close() {
      lifecycle.stopTimers();
      await delivery.stop();
      await listener.close();
      store.close();
    },
  };
}
