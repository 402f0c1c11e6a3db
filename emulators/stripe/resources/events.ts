/** `/v1/events` (contract §4.11): the last 30 days, newest first, by type (with `*` wildcards). */
import { errors } from "../http/api-error.ts";
import type { ApiRoute } from "../http/api-router.ts";
import { accept, str, strings } from "../http/params.ts";
import { readLimit } from "../http/lists.ts";
import { takesEvent } from "../world.ts";
import { inCreated } from "./customers.ts";

const THIRTY_DAYS = 30 * 86400;

export const eventRoutes: ApiRoute[] = [
  {
    method: "GET",
    pattern: "/v1/events/:id",
    handler: ({ world, path }) => {
      const event = world.store.event(path.id!);
      if (!event) throw errors.notFound("event", path.id!);
      return JSON.parse(event.json);
    },
  },
  {
    method: "GET",
    pattern: "/v1/events",
    handler: ({ world, params, now }) => {
      accept(params, ["type", "types", "created", "delivery_success", "limit", "starting_after", "ending_before"]);
      const type = str(params, "type");
      const types = strings(params, "types");
      if (type && types) throw errors.invalid("types", "You may only specify one of these parameters: type, types.");
      const wanted = type ? [type] : types;
      const limit = readLimit(params);
      let events = world.store
        .events()
        .filter((e) => e.created >= now - THIRTY_DAYS && (!wanted || takesEvent(wanted, e.type)) && inCreated(e.created, params.created))
        .reverse();
      const after = str(params, "starting_after");
      const before = str(params, "ending_before");
      if (after) {
        const i = events.findIndex((e) => e.id === after);
        if (i === -1) throw errors.notFound("event", after, "starting_after");
        events = events.slice(i + 1);
      } else if (before) {
        const i = events.findIndex((e) => e.id === before);
        if (i === -1) throw errors.notFound("event", before, "ending_before");
        events = events.slice(Math.max(0, i - limit), i);
      }
      return { object: "list", data: events.slice(0, limit).map((e) => JSON.parse(e.json)), has_more: events.length > limit, url: "/v1/events" };
    },
  },
];
