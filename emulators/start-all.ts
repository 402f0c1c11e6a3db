/**
 * Starts every local stand-in for one profile in this process. Used by `npm run dev`
 * (through emulators/main.ts), by the vitest global setup, by Playwright and the bench.
 * Stand-ins are test infrastructure: production code never imports them.
 */
import path from "node:path";
import { ensureDevVars, type LocalWorld } from "../scripts/local-world.ts";
import { startGoogleStandIn } from "./google/google-server.ts";
import { startInfraEmulator } from "./infra/infra-server.ts";
import { startOpenBerthHost } from "./openberth/host.ts";
import { startResendStandIn } from "./resend/resend-server.ts";
import { startStripeStandIn } from "./stripe/stripe-server.ts";
import { startNotificationReceiver } from "./notification-receiver/receiver-server.ts";

export interface RunningStandIns {
  google: { url: string };
  infra: { url: string };
  openberth: { url: string };
  stripe: { url: string };
  resend: { url: string };
  notifications: { url: string };
  close(): Promise<void>;
}

/**
 * `persist: false` keeps the stand-ins' state in memory (the workerd tests), so what one
 * test run left behind never reaches the next run or the browser tests.
 */
export async function startStandIns(world: LocalWorld, options: { persist?: boolean } = {}): Promise<RunningStandIns> {
  const secrets = ensureDevVars();
  const persist = options.persist ?? true;
  const google = await startGoogleStandIn({ port: world.googlePort });
  const openberth = await startOpenBerthHost({
    port: world.openberthPort,
    stateDir: persist ? world.emulatorStateDir : null,
    buildDelayMs: world.profile === "dev" ? 1_500 : 300,
  });
  const infra = await startInfraEmulator({
    port: world.infraPort,
    stateDir: persist ? path.join(world.emulatorStateDir, "infra") : null,
    fleet: openberth,
    apiToken: secrets.INFRA_API_TOKEN!,
    webhookSecret: secrets.INFRA_WEBHOOK_SECRET!,
    webhookUrl: `http://localhost:${world.appPort}/webhooks/infra`,
  });
  const stripe = await startStripeStandIn({
    port: world.stripePort,
    stateDir: persist ? path.join(world.emulatorStateDir, "stripe") : null,
    secretKey: secrets.STRIPE_SECRET_KEY!,
    webhooks: [{ url: `http://localhost:${world.appPort}/webhooks/stripe`, secret: secrets.STRIPE_WEBHOOK_SECRET! }],
  });
  const resend = await startResendStandIn({
    port: world.resendPort,
    stateDir: persist ? path.join(world.emulatorStateDir, "resend") : null,
    apiKey: secrets.RESEND_API_KEY!,
    webhooks: [{ url: `http://localhost:${world.appPort}/webhooks/resend`, secret: secrets.RESEND_WEBHOOK_SECRET! }],
  });
  const notifications = await startNotificationReceiver({ port: world.notificationPort });
  return {
    google,
    infra,
    openberth,
    stripe,
    resend,
    notifications,
    async close() {
      await notifications.close();
      await resend.close();
      await stripe.close();
      await infra.close();
      await openberth.close();
      await google.close();
    },
  };
}
