import { drizzle } from "drizzle-orm/d1";
import * as schema from "../../drizzle/schema";
import { withD1Faults } from "../test-controls/d1-faults";

export type Database = ReturnType<typeof createDatabase>;

/**
 * The one place the Worker turns a D1 binding into a database. Builds with test controls
 * can slow it down or make it fail here (test-controls/d1-faults.ts); in production
 * `withD1Faults` is the identity.
 */
export function createDatabase(d1: D1Database) {
  return drizzle(withD1Faults(d1), { schema });
}
