/**
 * Harbor's D1 schema: the plan's seven tables (section IV, phase 2 and 5 columns
 * included now — principle 08), Better Auth's tables, and what the plan lacked
 * (docs/decisions/0004-schema-additions.md).
 *
 * Column names are snake_case as in the plan; property names are what the code uses.
 * Timestamps are integer milliseconds since the epoch (Drizzle gives Dates).
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { DESIRED_STATES, SUSPENSION_REASONS, WORKSPACE_STATES } from "../domain/lifecycle/states";
import { BILLING_STATES, ENDED_REASONS } from "../domain/billing/billing-state";
import { REGIONS } from "../domain/regions";
import { INVITED_ROLES, ROLES } from "../domain/permissions";
import { SIGNUP_PLAN_ID } from "../domain/plans/catalog";
import { bytes } from "./bytes-column";
import { EMAIL_KINDS } from "../domain/email/catalog";
import { DELIVERY_STATUSES, MESSAGE_STATUSES, NOTIFICATION_KINDS, OUTBOX_STATUSES } from "../domain/email/statuses";
import { TTL_CHOICES } from "../domain/openberth/resource-options";

const timestamp = (name: string) => integer(name, { mode: "timestamp_ms" });
const createdAt = () =>
  timestamp("created_at")
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);
const updatedAt = () =>
  timestamp("updated_at")
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);
/** SQLite has no enum type: a CHECK constraint keeps the column to the domain's values. */
const oneOf = (column: string, values: readonly string[]) => sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(", ")})`);

// ── Identity ────────────────────────────────────────────────────────────────
/** The plan's `accounts` table. It is Better Auth's user model (modelName "accounts"). */
export const accounts = sqliteTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull().unique(),
    emailVerified: integer("email_verified", { mode: "boolean" }).notNull().default(false),
    name: text("name").notNull(),
    image: text("image"),
    planId: text("plan_id").notNull().default(SIGNUP_PLAN_ID),
    trialStartedAt: timestamp("trial_started_at"),
    trialEndsAt: timestamp("trial_ends_at"),
    stripeCustomerId: text("stripe_customer_id").unique(), // phase 2
    stripeSubscriptionId: text("stripe_subscription_id"), // phase 2
    // ── Billing, as the last sync read it from Stripe (server/billing/sync-billing.ts) ──
    billingState: text("billing_state", { enum: BILLING_STATES }).notNull().default("trial"),
    billingEndedReason: text("billing_ended_reason", { enum: ENDED_REASONS }),
    subscriptionStatus: text("subscription_status"),
    currentPeriodEnd: timestamp("current_period_end"),
    cancelAt: timestamp("cancel_at"),
    /** The card on file (never more than Stripe shows anyone: brand, last 4, expiry). */
    cardPaymentMethodId: text("card_payment_method_id"),
    cardBrand: text("card_brand"),
    cardLast4: text("card_last4"),
    cardExpMonth: integer("card_exp_month"),
    cardExpYear: integer("card_exp_year"),
    /** The subscription's unpaid invoice, while there is one (the way back is paying it). */
    openInvoiceId: text("open_invoice_id"),
    /** When the Stripe read behind these columns began: an older read never overwrites a newer one. */
    billingSyncedAt: timestamp("billing_synced_at"),
    /** Workspace ids the customer chose to keep on a smaller plan (JSON array), or null: the oldest. */
    keptWorkspaceIds: text("kept_workspace_ids", { mode: "json" }).$type<string[]>(),
    /** Where Harbor emails this account; null = the Google sign-in address. */
    contactEmail: text("contact_email"),
    deletionRequestedAt: timestamp("deletion_requested_at"), // phase 5
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("accounts_trial_ends_at_idx").on(t.trialEndsAt),
    index("accounts_billing_state_idx").on(t.billingState),
    check("accounts_billing_state_check", oneOf("billing_state", BILLING_STATES)),
    check(
      "accounts_billing_ended_reason_check",
      sql`billing_ended_reason IS NULL OR ${oneOf("billing_ended_reason", ENDED_REASONS)}`,
    ),
  ],
);

/** Better Auth's session model. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    token: text("token").notNull().unique(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("sessions_account_id_idx").on(t.accountId)],
);

/**
 * Better Auth's "account" model — the link between a Harbor account and a sign-in
 * provider (Google). Named oauth_links so nobody confuses it with `accounts`.
 */
export const oauthLinks = sqliteTable(
  "oauth_links",
  {
    id: text("id").primaryKey(),
    // Not named `accountId`: Better Auth uses that name for the provider's user id.
    harborAccountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    providerId: text("provider_id").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at"),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at"),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("oauth_links_provider_account_idx").on(t.providerId, t.providerAccountId),
    index("oauth_links_account_id_idx").on(t.harborAccountId),
  ],
);

/** Better Auth's verification model (OAuth state during sign-in). */
export const verifications = sqliteTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("verifications_identifier_idx").on(t.identifier)],
);

// ── Workspaces ──────────────────────────────────────────────────────────────
export const workspaces = sqliteTable(
  "workspaces",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    createdByAccountId: text("created_by_account_id")
      .notNull()
      .references(() => accounts.id),
    billingOwnerAccountId: text("billing_owner_account_id")
      .notNull()
      .references(() => accounts.id),
    /** Observed lifecycle as the product shows it; written only by the WorkspaceCoordinator. */
    lifecycleState: text("lifecycle_state", { enum: WORKSPACE_STATES }).notNull().default("pending"),
    /**
     * Frozen since migration 0002: its CHECK knew only the first three reasons, and changing
     * a CHECK would rebuild this table (decision 0024). Nothing reads or writes it.
     */
    legacySuspensionReason: text("suspension_reason", { enum: ["trial_ended", "payment_failed", "downgrade"] }),
    /** Why the workspace is paused (written only by the WorkspaceCoordinator). */
    suspensionReason: text("pause_reason", { enum: SUSPENSION_REASONS }),
    suspensionGraceEndsAt: timestamp("suspension_grace_ends_at"),
    /**
     * The coordinator's lifecycle version this row's lifecycle columns come from. Its
     * projections are written only when newer (docs/decisions/0023); 0 until the first.
     */
    lifecycleVersion: integer("lifecycle_version").notNull().default(0),
    /**
     * How long new deployments stay online unless told otherwise: an OpenBerth TTL string,
     * "0" = until deleted (domain/openberth/lifetime.ts). Checked by the settings form, not
     * by a CHECK: adding one would rebuild this table (decision 0024).
     */
    defaultTtl: text("default_ttl", { enum: TTL_CHOICES }).notNull().default("0"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp("deleted_at"),
  },
  (t) => [
    // A deleted workspace frees its slug: unique only among the living.
    uniqueIndex("workspaces_slug_live_idx")
      .on(t.slug)
      .where(sql`deleted_at IS NULL`),
    index("workspaces_billing_owner_idx").on(t.billingOwnerAccountId),
    index("workspaces_grace_idx").on(t.suspensionGraceEndsAt),
    check("workspaces_lifecycle_state_check", oneOf("lifecycle_state", WORKSPACE_STATES)),
    check(
      "workspaces_suspension_reason_check",
      sql`suspension_reason IS NULL OR suspension_reason IN ('trial_ended', 'payment_failed', 'downgrade')`,
    ),
    check("workspaces_pause_reason_check", sql`pause_reason IS NULL OR ${oneOf("pause_reason", SUSPENSION_REASONS)}`),
  ],
);

/**
 * An invitation to join a workspace (issue 15, docs/decisions/0035-people.md): bound to an
 * email address, for a role below owner, valid 7 days, used once. Only the token's SHA-256
 * is kept. One pending invitation per workspace and address: inviting again replaces its
 * token and expiry.
 */
export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** Lowercased; the account that accepts must have signed in with it. */
    email: text("email").notNull(),
    role: text("role", { enum: INVITED_ROLES }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedByAccountId: text("invited_by_account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at").notNull(),
    acceptedAt: timestamp("accepted_at"),
    acceptedByAccountId: text("accepted_by_account_id").references(() => accounts.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at"),
  },
  (t) => [
    uniqueIndex("invitations_pending_idx")
      .on(t.workspaceId, t.email)
      .where(sql`accepted_at IS NULL AND revoked_at IS NULL`),
    check("invitations_role_check", oneOf("role", INVITED_ROLES)),
  ],
);

/**
 * Who made each access key (an OpenBerth user) from the dashboard: removing or demoting an
 * admin replaces or removes the keys they made (issue 15).
 */
export const accessKeyCreators = sqliteTable(
  "access_key_creators",
  {
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** The OpenBerth user's name (unique on its server). */
    keyName: text("key_name").notNull(),
    createdByAccountId: text("created_by_account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.keyName] }), index("access_key_creators_account_idx").on(t.createdByAccountId)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    joinedAt: timestamp("joined_at")
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.accountId] }),
    index("memberships_account_idx").on(t.accountId),
    check("memberships_role_check", oneOf("role", ROLES)),
  ],
);

/** Mirror of the infra service's instance; desired (intent) and observed (reality) apart. */
export const workspaceInstances = sqliteTable(
  "workspace_instances",
  {
    workspaceId: text("workspace_id")
      .primaryKey()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    infraResourceId: text("infra_resource_id"),
    region: text("region", { enum: REGIONS }).notNull(),
    endpointUrl: text("endpoint_url"),
    desiredState: text("desired_state", { enum: DESIRED_STATES }).notNull().default("running"),
    workspaceState: text("workspace_state", { enum: WORKSPACE_STATES }).notNull().default("pending"),
    infraState: text("infra_state"),
    /** Highest per-resource event sequence applied; older events are ignored. */
    infraSequence: integer("infra_sequence").notNull().default(0),
    provisionAttempts: integer("provision_attempts").notNull().default(0),
    lastReconciledAt: timestamp("last_reconciled_at"),
    lastError: text("last_error"),
    /** As on workspaces: the coordinator's version this projection carries. */
    lifecycleVersion: integer("lifecycle_version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("workspace_instances_resource_idx")
      .on(t.infraResourceId)
      .where(sql`infra_resource_id IS NOT NULL`),
    index("workspace_instances_due_idx").on(t.lastReconciledAt, t.workspaceId),
    check("workspace_instances_region_check", oneOf("region", REGIONS)),
    check("workspace_instances_desired_state_check", oneOf("desired_state", DESIRED_STATES)),
    check("workspace_instances_workspace_state_check", oneOf("workspace_state", WORKSPACE_STATES)),
  ],
);

/** The workspace's OpenBerth admin key, envelope-encrypted (app/.server/crypto). */
export const workspaceCredentials = sqliteTable("workspace_credentials", {
  workspaceId: text("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  adminKeyCiphertext: bytes("admin_key_ciphertext").notNull(),
  adminKeyNonce: bytes("admin_key_nonce").notNull(),
  /** The per-secret data key, wrapped by master key `keyVersion`, and its nonce. */
  wrappedDataKey: bytes("wrapped_data_key").notNull(),
  wrappedDataKeyNonce: bytes("wrapped_data_key_nonce").notNull(),
  keyVersion: integer("key_version").notNull(),
  adminOpenberthUserId: text("admin_openberth_user_id").notNull(),
  /** The coordinator's lifecycle version that sealed this key: an older seal never overwrites it. */
  lifecycleVersion: integer("lifecycle_version").notNull().default(0),
  rotatedAt: timestamp("rotated_at"),
  createdAt: createdAt(),
});

/** Per-workspace timeline: every state change with its reason and who caused it. */
export const workspaceEvents = sqliteTable(
  "workspace_events",
  {
    id: text("id").primaryKey(),
    workspaceId: text("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    state: text("state", { enum: WORKSPACE_STATES }).notNull(),
    previousState: text("previous_state", { enum: WORKSPACE_STATES }),
    /** A reason code from the domain vocabulary (e.g. "created", "trial_ended", "instance_crashed"). */
    reason: text("reason").notNull(),
    /** "account:<id>", "system" or "infra". */
    actor: text("actor").notNull(),
    traceId: text("trace_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("workspace_events_timeline_idx").on(t.workspaceId, t.createdAt),
    check("workspace_events_state_check", oneOf("state", WORKSPACE_STATES)),
  ],
);

// ── Idempotency ─────────────────────────────────────────────────────────────
export const stripeWebhookEvents = sqliteTable(
  "stripe_webhook_events",
  {
    eventId: text("event_id").primaryKey(),
    eventType: text("event_type").notNull(),
    accountId: text("account_id"),
    /** The Stripe customer the event is about (null for price and product events). */
    customerId: text("customer_id"),
    /** The id of the object the event is about (an invoice, a subscription): what the event names, not what it says. */
    objectId: text("object_id"),
    receivedAt: timestamp("received_at").notNull(),
    processedAt: timestamp("processed_at"),
    lastError: text("last_error"),
  },
  (t) => [
    index("stripe_webhook_events_unprocessed_idx").on(t.processedAt, t.receivedAt),
    index("stripe_webhook_events_customer_idx").on(t.customerId, t.processedAt),
    index("stripe_webhook_events_object_idx").on(t.objectId, t.eventType),
  ],
);

/**
 * Infra events by id (ULID). No foreign key on workspace_id on purpose: an event can
 * be about a workspace we no longer know (an orphan), and must still be recorded.
 */
export const infraEvents = sqliteTable(
  "infra_events",
  {
    eventId: text("event_id").primaryKey(),
    workspaceId: text("workspace_id"),
    infraResourceId: text("infra_resource_id").notNull(),
    sequence: integer("sequence").notNull(),
    infraState: text("infra_state").notNull(),
    occurredAt: timestamp("occurred_at").notNull(),
    receivedAt: timestamp("received_at").notNull(),
    processedAt: timestamp("processed_at"),
    /** applied | stale | orphan — what processing concluded. */
    outcome: text("outcome"),
    traceId: text("trace_id"),
  },
  (t) => [
    index("infra_events_workspace_idx").on(t.workspaceId, t.sequence),
    index("infra_events_unprocessed_idx").on(t.processedAt, t.receivedAt),
  ],
);

// ── Billing ─────────────────────────────────────────────────────────────────
/**
 * Stripe's prices for the catalog's lookup keys (price_hobby_01 …): amount, currency and
 * interval are Stripe's, never written in our code. Refreshed on price.* events and when a
 * page finds the cache older than an hour (server/billing/prices.ts).
 */
export const stripePrices = sqliteTable("stripe_prices", {
  lookupKey: text("lookup_key").primaryKey(),
  priceId: text("price_id").notNull(),
  unitAmount: integer("unit_amount"),
  currency: text("currency").notNull(),
  interval: text("interval"),
  intervalCount: integer("interval_count"),
  active: integer("active", { mode: "boolean" }).notNull(),
  refreshedAt: timestamp("refreshed_at").notNull(),
});

/** Small named values the billing jobs keep between runs (the events cursor, the portal configuration). */
export const billingSettings = sqliteTable("billing_settings", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at").notNull(),
});

// ── Operations ──────────────────────────────────────────────────────────────
/**
 * Queue messages that failed every retry (harbor-dead-letters). Kept for people to look
 * at; the reconciler heals what they were about. No foreign keys: a dead letter outlives
 * whatever it names.
 */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    messageId: text("message_id").primaryKey(),
    /** The queue the message was first sent to, when its body says (else unknown). */
    queue: text("queue").notNull(),
    body: text("body").notNull(),
    attempts: integer("attempts").notNull(),
    traceId: text("trace_id"),
    receivedAt: timestamp("received_at").notNull(),
  },
  (t) => [index("dead_letters_received_idx").on(t.receivedAt)],
);

/** One row per cron run: when it ran, what it did; the visible trace of the scheduler. */
export const cronRuns = sqliteTable(
  "cron_runs",
  {
    id: text("id").primaryKey(),
    cron: text("cron").notNull(),
    job: text("job").notNull(),
    traceId: text("trace_id").notNull(),
    startedAt: timestamp("started_at").notNull(),
    finishedAt: timestamp("finished_at"),
    outcome: text("outcome"),
    detail: text("detail", { mode: "json" }),
  },
  (t) => [index("cron_runs_started_idx").on(t.startedAt)],
);

// ── Email and notifications ─────────────────────────────────────────────────
/**
 * The people an account's billing email also goes to (besides the owner's contact
 * address): a small list on the billing page.
 */
export const billingContacts = sqliteTable(
  "billing_contacts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("billing_contacts_account_email_idx").on(t.accountId, t.email)],
);

/**
 * One row per lifecycle email occurrence (domain/email/catalog.ts). Written in the same
 * D1 batch as the change that causes it; its dedupe key is unique, so the same cause
 * processed twice writes one row (docs/decisions/0029). The consumer renders it once and
 * keeps the bytes, so every retry sends the same body under the same Idempotency-Key.
 * No foreign key on workspace_id: the email about a deleted workspace outlives it.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    workspaceId: text("workspace_id"),
    kind: text("kind", { enum: EMAIL_KINDS }).notNull(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    /** What the cause knew (dates, amounts, invoice ids): JSON, read by the email's preparer. */
    facts: text("facts", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    /** Not before this time (a workspace in trouble is written about after 10 minutes). */
    sendAfter: timestamp("send_after").notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** Why it was skipped (the condition no longer held) or failed. */
    detail: text("detail"),
    subject: text("subject"),
    html: text("html"),
    textBody: text("text_body"),
    /** When it was last put on the email queue (the sweep re-queues rows left pending). */
    queuedAt: timestamp("queued_at"),
    finishedAt: timestamp("finished_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("email_outbox_pending_idx").on(t.status, t.sendAfter),
    index("email_outbox_account_idx").on(t.accountId, t.createdAt),
    index("email_outbox_workspace_idx").on(t.workspaceId, t.kind),
    // No CHECK on kind since migration 0004: the list grows with every new email, and a
    // CHECK can only change by rebuilding the table (decision 0034). isEmailKind() guards writes.
    check("email_outbox_status_check", oneOf("status", OUTBOX_STATUSES)),
  ],
);

/**
 * One email as sent to one address through Resend: an outbox row fans out to the owner's
 * contact address and each billing contact. Its Idempotency-Key is the outbox row's dedupe
 * key with the address; its delivery status follows Resend's webhooks by precedence.
 */
export const emailMessages = sqliteTable(
  "email_messages",
  {
    id: text("id").primaryKey(),
    outboxId: text("outbox_id")
      .notNull()
      .references(() => emailOutbox.id, { onDelete: "cascade" }),
    address: text("address").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    resendId: text("resend_id").unique(),
    status: text("status", { enum: MESSAGE_STATUSES }).notNull().default("pending"),
    deliveryStatus: text("delivery_status"),
    lastError: text("last_error"),
    sentAt: timestamp("sent_at"),
    deliveryUpdatedAt: timestamp("delivery_updated_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("email_messages_outbox_address_idx").on(t.outboxId, t.address),
    check("email_messages_status_check", oneOf("status", MESSAGE_STATUSES)),
  ],
);

/** Addresses Resend will not deliver to (a hard bounce, a complaint, its suppression list): a banner asks for another. */
export const undeliverableAddresses = sqliteTable("undeliverable_addresses", {
  address: text("address").primaryKey(),
  /** bounced | complained | suppressed */
  reason: text("reason").notNull(),
  resendEmailId: text("resend_email_id"),
  markedAt: timestamp("marked_at").notNull(),
});

/** Resend webhook deliveries by svix-id: a retried delivery is recognised and changes nothing. */
export const resendWebhookEvents = sqliteTable(
  "resend_webhook_events",
  {
    svixId: text("svix_id").primaryKey(),
    eventType: text("event_type").notNull(),
    resendEmailId: text("resend_email_id"),
    receivedAt: timestamp("received_at").notNull(),
  },
  (t) => [index("resend_webhook_events_received_idx").on(t.receivedAt)],
);

/**
 * Where an account's lifecycle news also goes: its own address (signed JSON) or a Slack
 * incoming webhook (short messages). The signing secret is envelope-encrypted like the
 * admin keys and shown once.
 */
export const notificationEndpoints = sqliteTable(
  "notification_endpoints",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    url: text("url").notNull(),
    secretCiphertext: bytes("secret_ciphertext"),
    secretNonce: bytes("secret_nonce"),
    wrappedDataKey: bytes("wrapped_data_key"),
    wrappedDataKeyNonce: bytes("wrapped_data_key_nonce"),
    keyVersion: integer("key_version"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    /** Set after repeated failures: nothing more is sent until the customer turns it back on. */
    disabledAt: timestamp("disabled_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notification_endpoints_account_kind_idx").on(t.accountId, t.kind),
    check("notification_endpoints_kind_check", oneOf("kind", NOTIFICATION_KINDS)),
  ],
);

/** Each lifecycle event (or test) sent to an endpoint: the settings page's delivery log. */
export const notificationDeliveries = sqliteTable(
  "notification_deliveries",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => notificationEndpoints.id, { onDelete: "cascade" }),
    /** The outbox row it tells about; null for a test delivery. */
    outboxId: text("outbox_id"),
    eventType: text("event_type").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at"),
  },
  (t) => [
    uniqueIndex("notification_deliveries_endpoint_outbox_idx").on(t.endpointId, t.outboxId),
    index("notification_deliveries_log_idx").on(t.endpointId, t.createdAt),
    check("notification_deliveries_status_check", oneOf("status", DELIVERY_STATUSES)),
  ],
);
