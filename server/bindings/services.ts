/**
 * The one factory for what every entrypoint works with — a page request, a queue batch, a
 * cron run, the WorkspaceCoordinator: the database, a logger carrying the trace id, the
 * infra client, the master keyring (read when needed, never kept), coordinator access and
 * the clock. Nothing else reads connection settings out of `env`.
 */
import { now } from "../../domain/clock";
import type { Keyring } from "../crypto/keyring";
import { createDatabase, type Database } from "../db/database";
import { countingD1, type QueryCount } from "../db/d1-query-counter";
import { createInfraClient, type InfraClient } from "../infra/infra-client";
import { createLogger, type LogFields, type Logger } from "../observability/logger";
import { coordinatorFor } from "./coordinator";
import { readMasterKeyring } from "./master-keyring";
import { createStripeClient, type StripeClient } from "../stripe/stripe-client";

export interface Services {
  env: Env;
  traceId: string;
  log: Logger;
  db: Database;
  infra(): InfraClient;
  /** The Stripe SDK (made on first use, kept for this unit of work). */
  stripe(): StripeClient;
  /** Read from the Secrets Store on each call: the keys live only inside the work that needs them. */
  keyring(): Promise<Keyring>;
  coordinator(workspaceId: string): ReturnType<typeof coordinatorFor>;
  now(): Date;
  /** D1 statements sent through `db` so far (jobs report how many a page of work costs). */
  queries: QueryCount;
  /** A logger for other work done with these services (a coordinator call with its own trace). */
  logger(traceId: string, fields?: LogFields): Logger;
}

export interface ServiceOptions {
  traceId: string;
  /** Fields every log line carries (component, queue, cron…). */
  log?: LogFields;
}

export function createServices(env: Env, options: ServiceOptions): Services {
  const queries: QueryCount = { queries: 0 };
  let stripe: StripeClient | null = null;
  return {
    env,
    traceId: options.traceId,
    log: createLogger(options.traceId, { level: env.LOG_LEVEL, base: options.log ?? {} }),
    db: createDatabase(countingD1(env.DB, queries)),
    queries,
    infra: () => createInfraClient({ baseUrl: env.INFRA_API_URL, token: env.INFRA_API_TOKEN }),
    stripe: () => (stripe ??= createStripeClient(env)),
    keyring: () => readMasterKeyring(env),
    coordinator: (workspaceId) => coordinatorFor(env, workspaceId),
    now,
    logger: (traceId, fields) => createLogger(traceId, { level: env.LOG_LEVEL, base: { ...options.log, ...fields } }),
  };
}
