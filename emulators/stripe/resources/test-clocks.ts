/**
 * `/v1/test_helpers/test_clocks` (contract §4.12, §9): forward only, at most two intervals
 * of the shortest subscription on the clock per advance (two years with none), and
 * asynchronous — `advancing` at once, `ready` once everything due has run.
 */
import type Stripe from "stripe";
import { runDue } from "../billing/timeline.ts";
import { currentItem } from "../billing/lookups.ts";
import { errors } from "../http/api-error.ts";
import type { ApiRoute } from "../http/api-router.ts";
import { page } from "../http/lists.ts";
import { accept, int, required, str } from "../http/params.ts";
import { testClock as testClockShape } from "../objects/shapes.ts";
import { addInterval, addMonths, type StripeWorld } from "../world.ts";

function clockDoc(world: StripeWorld, id: string) {
  const doc = world.store.get<Stripe.TestHelpers.TestClock>(id);
  if (!doc || doc.kind !== "test_clock") throw errors.notFound("test_clock", id);
  return doc;
}

/** Puts an existing customer on a clock (irreversible, as in Stripe). */
export function attachCustomerToClock(world: StripeWorld, customerId: string, clockId: string): void {
  const clock = clockDoc(world, clockId);
  const customer = world.store.get<Stripe.Customer>(customerId);
  if (!customer || customer.kind !== "customer") throw errors.notFound("customer", customerId, "customer");
  if (customer.object.test_clock) throw errors.invalid("customer", "This customer is already attached to a test clock.");
  customer.object.test_clock = clock.id;
  world.store.save(customer);
}

/** The latest frozen time an advance may reach (contract §9). */
function advanceLimit(world: StripeWorld, clock: Stripe.TestHelpers.TestClock): { limit: number; interval: string | null } {
  let best: { limit: number; interval: string | null } = { limit: addMonths(clock.frozen_time, 24), interval: null };
  for (const sub of world.store.all<Stripe.Subscription>("subscription")) {
    if (sub.object.test_clock !== clock.id || ["canceled", "incomplete_expired"].includes(sub.object.status)) continue;
    const recurring = currentItem(sub.object).price.recurring;
    if (!recurring) continue;
    const limit = addInterval(clock.frozen_time, recurring.interval, 2 * recurring.interval_count);
    if (limit < best.limit) best = { limit, interval: recurring.interval };
  }
  return best;
}

export function advanceClock(world: StripeWorld, id: string, target: number, onReady?: () => void): Stripe.TestHelpers.TestClock {
  const doc = clockDoc(world, id);
  const clock = doc.object;
  if (clock.status === "advancing") throw errors.state("The test clock is currently advancing. Wait for it to be ready before advancing it again.");
  if (clock.status === "internal_failure") throw errors.state("The test clock is in an internal failure state and cannot be advanced.");
  if (target <= clock.frozen_time) throw errors.invalid("frozen_time", "The frozen_time must be after the current frozen_time of the test clock.");
  const { limit, interval } = advanceLimit(world, clock);
  if (target > limit) {
    throw errors.invalid(
      "frozen_time",
      interval
        ? `Cannot advance more than two intervals past the current frozen time for subscriptions with interval ${interval}.`
        : "Cannot advance the test clock more than two years past the current frozen time.",
    );
  }
  clock.status = "advancing";
  clock.status_details = { advancing: { target_frozen_time: target } };
  world.store.save(doc);
  world.emit("test_helpers.test_clock.advancing", clock, { at: clock.frozen_time });
  const answer = structuredClone(clock);
  // The work runs after the answer, as Stripe's does.
  setTimeout(() => {
    const fresh = world.store.get<Stripe.TestHelpers.TestClock>(id);
    if (!fresh) return;
    try {
      runDue(world, id, target);
      fresh.object.frozen_time = target;
      fresh.object.status = "ready";
      fresh.object.status_details = {};
      world.store.save(fresh);
      world.emit("test_helpers.test_clock.ready", fresh.object, { at: target });
    } catch (e) {
      console.error("[stripe stand-in] test clock advance failed", e);
      fresh.object.status = "internal_failure";
      world.store.save(fresh);
      world.emit("test_helpers.test_clock.internal_failure", fresh.object, { at: fresh.object.frozen_time });
    }
    onReady?.();
  }, 20);
  return answer;
}

export const testClockRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/test_helpers/test_clocks",
    handler: ({ world, params, now }) => {
      accept(params, ["frozen_time", "name", "customer"]);
      const frozen = int(params, "frozen_time");
      if (frozen === undefined) throw errors.missing("frozen_time");
      const name = str(params, "name");
      if (name && name.length > 300) throw errors.invalid("name", "Name must be at most 300 characters.");
      const object = testClockShape({ created: now, frozenTime: frozen, name: name || null });
      world.store.put("test_clock", object.id, object, {});
      const customer = str(params, "customer");
      if (customer) attachCustomerToClock(world, customer, object.id);
      world.emit("test_helpers.test_clock.created", object, { at: now });
      return object;
    },
  },
  {
    method: "GET",
    pattern: "/v1/test_helpers/test_clocks/:id",
    handler: ({ world, path }) => clockDoc(world, path.id!).object,
  },
  {
    method: "GET",
    pattern: "/v1/test_helpers/test_clocks",
    handler: ({ world, params }) => {
      accept(params, ["limit", "starting_after", "ending_before"]);
      return page(world.store.all<Stripe.TestHelpers.TestClock>("test_clock"), params, "/v1/test_helpers/test_clocks");
    },
  },
  {
    method: "POST",
    pattern: "/v1/test_helpers/test_clocks/:id/advance",
    handler: ({ world, path, params }) => {
      accept(params, ["frozen_time"]);
      return advanceClock(world, path.id!, Number(required(params, "frozen_time")));
    },
  },
  {
    method: "DELETE",
    pattern: "/v1/test_helpers/test_clocks/:id",
    handler: ({ world, path, now }) => {
      const doc = clockDoc(world, path.id!);
      // Deleting a clock deletes everything on it.
      const customers = new Set(world.store.all<Stripe.Customer>("customer").filter((c) => c.object.test_clock === doc.id).map((c) => c.id));
      for (const kind of ["subscription", "invoice", "checkout_session", "portal_session", "subscription_schedule"]) {
        for (const d of world.store.all<{ customer?: unknown }>(kind)) if (customers.has(d.object.customer as string)) world.store.delete(d.id);
      }
      for (const d of world.store.all<Stripe.PaymentMethod>("payment_method")) if (customers.has(d.object.customer as string)) world.store.delete(d.id);
      for (const id of customers) world.store.delete(id);
      world.store.delete(doc.id);
      world.emit("test_helpers.test_clock.deleted", doc.object, { at: now });
      return { id: doc.id, object: "test_helpers.test_clock", deleted: true };
    },
  },
];
