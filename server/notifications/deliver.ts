/**
 * Sends one delivery (a queue message `notification.deliver`): signed JSON to the account's
 * own service, or a short line to Slack. 2xx is delivered; anything else (a redirect too:
 * they are not followed, so an address cannot bounce Harbor somewhere private) is a failed
 * try, retried with backoff until MAX_DELIVERY_ATTEMPTS, and counted against the
 * destination, which is switched off after DISABLE_AFTER_CONSECUTIVE_FAILURES in a row.
 * The signing secret (and a Slack link, itself a secret) is decrypted here only; logs name
 * the host, never the address or the secret.
 */
import { deliveryRetryDelaySeconds, DELIVERY_TIMEOUT_MS, MAX_DELIVERY_ATTEMPTS } from "../../domain/notifications/events";
import type { Services } from "../bindings/services";
import { open } from "../crypto/envelope";
import type { NotificationEventBody } from "./event-body";
import { endDelivery, deliveryWithEndpoint, recordDelivered, recordFailedAttempt, type EndpointRow } from "./repository";
import { secretContext, signedHeaders } from "./signing";
import { slackMessage } from "./slack-message";

export type DeliveryResult =
  { retry: false; outcome: "delivered" | "failed" | "skipped" } | { retry: true; outcome: "retry"; delaySeconds: number };

export async function deliverNotification(services: Services, deliveryId: string): Promise<DeliveryResult> {
  const { db, log } = services;
  const found = await deliveryWithEndpoint(db, deliveryId);
  if (!found) {
    // Removed with its destination: nothing to send.
    log.info("notification.delivery_gone", { deliveryId });
    return { retry: false, outcome: "skipped" };
  }
  const { delivery, endpoint } = found;
  const host = hostOf(endpoint.url);
  if (delivery.status !== "pending") return { retry: false, outcome: "skipped" };
  if (endpoint.disabledAt) {
    await endDelivery(db, delivery.id, "disabled", services.now());
    log.info("notification.skipped_disabled", { deliveryId, endpointId: endpoint.id, host });
    return { retry: false, outcome: "skipped" };
  }

  const request = await buildRequest(services, endpoint, delivery.id, delivery.body);
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(request.url, {
      method: "POST",
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    statusCode = response.status;
    // Read (a little of) the answer so the connection is released; its text is not kept.
    await response.body?.cancel().catch(() => undefined);
    if (response.status < 200 || response.status >= 300) error = "status";
  } catch (e) {
    error = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError") ? "timeout" : "network";
  }

  const at = services.now();
  if (error === null) {
    await recordDelivered(db, delivery.id, endpoint.id, statusCode!, at);
    log.info("notification.delivered", { deliveryId, endpointId: endpoint.id, kind: endpoint.kind, host, statusCode });
    return { retry: false, outcome: "delivered" };
  }
  const giveUp = delivery.attempts + 1 >= MAX_DELIVERY_ATTEMPTS;
  const failed = await recordFailedAttempt(
    db,
    { deliveryId: delivery.id, endpointId: endpoint.id },
    { statusCode, error, giveUp },
    at,
  );
  log.warn("notification.attempt_failed", {
    deliveryId,
    endpointId: endpoint.id,
    kind: endpoint.kind,
    host,
    statusCode,
    error,
    attempts: failed.attempts,
    disabled: failed.disabled,
  });
  if (failed.disabled) {
    if (!giveUp) await endDelivery(db, delivery.id, error === "status" ? "status" : error, at);
    log.alert("notification.endpoint_disabled", {
      endpointId: endpoint.id,
      accountId: endpoint.accountId,
      kind: endpoint.kind,
      host,
    });
    return { retry: false, outcome: "failed" };
  }
  if (giveUp) return { retry: false, outcome: "failed" };
  const base = Number(services.env.QUEUE_RETRY_DELAY_SECONDS ?? 1);
  return { retry: true, outcome: "retry", delaySeconds: deliveryRetryDelaySeconds(failed.attempts, base) };
}

/**
 * The address, headers and body of one try. The sealed value is the signing secret (own
 * service) or the whole Slack link (the `url` column holds only its redacted form).
 */
async function buildRequest(services: Services, endpoint: EndpointRow, deliveryId: string, body: string) {
  const secret = await open(
    {
      ciphertext: endpoint.secretCiphertext!,
      nonce: endpoint.secretNonce!,
      wrappedDataKey: endpoint.wrappedDataKey!,
      wrappedDataKeyNonce: endpoint.wrappedDataKeyNonce!,
      keyVersion: endpoint.keyVersion!,
    },
    await services.keyring(),
    secretContext(endpoint.id),
  );
  if (endpoint.kind === "slack") {
    const event = JSON.parse(body) as NotificationEventBody;
    return { url: secret, headers: { "Content-Type": "application/json" }, body: JSON.stringify(slackMessage(event)) };
  }
  // The wall clock, not the app's (tests move that): receivers compare it with theirs.
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    url: endpoint.url,
    headers: {
      "Content-Type": "application/json",
      "User-Agent": "Harbor-Notifications/1",
      ...(await signedHeaders(secret, deliveryId, timestamp, body)),
    },
    body,
  };
}

/** The only part of an address that is logged. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "invalid";
  }
}
