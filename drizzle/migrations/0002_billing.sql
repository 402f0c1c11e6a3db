-- Billing (issue 12). Hand-written, never a table rebuild (docs/decisions/0024): every
-- change is an added column or a new table. The new pause reason (plan_ended) needs a wider
-- CHECK than workspaces.suspension_reason has; instead of rebuilding workspaces to change
-- it, the reason moves to a new column with its own CHECK, copied from the old one.
ALTER TABLE `accounts` ADD `billing_state` text DEFAULT 'trial' NOT NULL CHECK (billing_state IN ('trial', 'active', 'past_due', 'cancelling', 'ended'));--> statement-breakpoint
ALTER TABLE `accounts` ADD `billing_ended_reason` text CHECK (billing_ended_reason IS NULL OR billing_ended_reason IN ('payment_failed', 'plan_ended'));--> statement-breakpoint
ALTER TABLE `accounts` ADD `subscription_status` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `current_period_end` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `cancel_at` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `card_payment_method_id` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `card_brand` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `card_last4` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `card_exp_month` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `card_exp_year` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `open_invoice_id` text;--> statement-breakpoint
ALTER TABLE `accounts` ADD `billing_synced_at` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `kept_workspace_ids` text;--> statement-breakpoint
CREATE INDEX `accounts_billing_state_idx` ON `accounts` (`billing_state`);--> statement-breakpoint
ALTER TABLE `workspaces` ADD `pause_reason` text CHECK (pause_reason IS NULL OR pause_reason IN ('trial_ended', 'payment_failed', 'downgrade', 'plan_ended'));--> statement-breakpoint
UPDATE `workspaces` SET `pause_reason` = `suspension_reason` WHERE `suspension_reason` IS NOT NULL;--> statement-breakpoint
-- Workspaces already paused when billing lands: their grace ends 14 days after release day.
UPDATE `workspaces` SET `suspension_grace_ends_at` = CAST(unixepoch('subsec') * 1000 AS INTEGER) + 14 * 86400000 WHERE `lifecycle_state` = 'suspended' AND `suspension_grace_ends_at` IS NULL AND `deleted_at` IS NULL;--> statement-breakpoint
ALTER TABLE `stripe_webhook_events` ADD `customer_id` text;--> statement-breakpoint
CREATE INDEX `stripe_webhook_events_customer_idx` ON `stripe_webhook_events` (`customer_id`,`processed_at`);--> statement-breakpoint
CREATE TABLE `stripe_prices` (
	`lookup_key` text PRIMARY KEY NOT NULL,
	`price_id` text NOT NULL,
	`unit_amount` integer,
	`currency` text NOT NULL,
	`interval` text,
	`interval_count` integer,
	`active` integer NOT NULL,
	`refreshed_at` integer NOT NULL
);--> statement-breakpoint
CREATE TABLE `billing_settings` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
