/** A subscription's status changes, each with the `customer.subscription.updated` Stripe sends (and `.paused` / `.resumed`). */
import type Stripe from "stripe";
import type { StripeWorld } from "../world.ts";
import type { SubscriptionDoc } from "./lookups.ts";

export function setSubscriptionStatus(
  world: StripeWorld,
  sub: SubscriptionDoc,
  status: Stripe.Subscription.Status,
  at: number,
  options: { pauseReason?: Stripe.Subscription.StatusDetails.Paused.Subscription.Type } = {},
): void {
  const previous = sub.object.status;
  if (previous === status) return;
  sub.object.status = status;
  if (status === "paused") {
    sub.object.status_details = { paused: { subscription: { type: options.pauseReason ?? "pause_requested" }, transitioned_at: at, type: "subscription" } };
  } else {
    delete sub.object.status_details;
  }
  world.store.save(sub);
  world.emit("customer.subscription.updated", sub.object, { at, previous: { status: previous } });
  if (status === "paused") world.emit("customer.subscription.paused", sub.object, { at });
  if (previous === "paused") world.emit("customer.subscription.resumed", sub.object, { at });
}
