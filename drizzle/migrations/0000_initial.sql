CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`email_verified` integer DEFAULT false NOT NULL,
	`name` text NOT NULL,
	`image` text,
	`plan_id` text DEFAULT 'trial@1' NOT NULL,
	`trial_started_at` integer,
	`trial_ends_at` integer,
	`stripe_customer_id` text,
	`stripe_subscription_id` text,
	`deletion_requested_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_email_unique` ON `accounts` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_stripe_customer_id_unique` ON `accounts` (`stripe_customer_id`);--> statement-breakpoint
CREATE INDEX `accounts_trial_ends_at_idx` ON `accounts` (`trial_ends_at`);--> statement-breakpoint
CREATE TABLE `cron_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`cron` text NOT NULL,
	`job` text NOT NULL,
	`trace_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`outcome` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `cron_runs_started_idx` ON `cron_runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `infra_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`workspace_id` text,
	`infra_resource_id` text NOT NULL,
	`sequence` integer NOT NULL,
	`infra_state` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	`outcome` text,
	`trace_id` text
);
--> statement-breakpoint
CREATE INDEX `infra_events_workspace_idx` ON `infra_events` (`workspace_id`,`sequence`);--> statement-breakpoint
CREATE INDEX `infra_events_unprocessed_idx` ON `infra_events` (`processed_at`,`received_at`);--> statement-breakpoint
CREATE TABLE `memberships` (
	`account_id` text NOT NULL,
	`workspace_id` text NOT NULL,
	`role` text NOT NULL,
	`joined_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`workspace_id`, `account_id`),
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "memberships_role_check" CHECK(role IN ('owner', 'admin', 'member'))
);
--> statement-breakpoint
CREATE INDEX `memberships_account_idx` ON `memberships` (`account_id`);--> statement-breakpoint
CREATE TABLE `oauth_links` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`provider_id` text NOT NULL,
	`provider_account_id` text NOT NULL,
	`access_token` text,
	`refresh_token` text,
	`id_token` text,
	`access_token_expires_at` integer,
	`refresh_token_expires_at` integer,
	`scope` text,
	`password` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oauth_links_provider_account_idx` ON `oauth_links` (`provider_id`,`provider_account_id`);--> statement-breakpoint
CREATE INDEX `oauth_links_account_id_idx` ON `oauth_links` (`account_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`token` text NOT NULL,
	`account_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`ip_address` text,
	`user_agent` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_unique` ON `sessions` (`token`);--> statement-breakpoint
CREATE INDEX `sessions_account_id_idx` ON `sessions` (`account_id`);--> statement-breakpoint
CREATE TABLE `stripe_webhook_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`event_type` text NOT NULL,
	`account_id` text,
	`received_at` integer NOT NULL,
	`processed_at` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `stripe_webhook_events_unprocessed_idx` ON `stripe_webhook_events` (`processed_at`,`received_at`);--> statement-breakpoint
CREATE TABLE `verifications` (
	`id` text PRIMARY KEY NOT NULL,
	`identifier` text NOT NULL,
	`value` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `verifications_identifier_idx` ON `verifications` (`identifier`);--> statement-breakpoint
CREATE TABLE `workspace_credentials` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`admin_key_ciphertext` blob NOT NULL,
	`admin_key_nonce` blob NOT NULL,
	`wrapped_data_key` blob NOT NULL,
	`wrapped_data_key_nonce` blob NOT NULL,
	`key_version` integer NOT NULL,
	`admin_openberth_user_id` text NOT NULL,
	`rotated_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `workspace_events` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`state` text NOT NULL,
	`previous_state` text,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	`trace_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "workspace_events_state_check" CHECK(state IN ('pending', 'provisioning', 'ready', 'suspended', 'failed', 'unknown', 'deprovisioning', 'deleted'))
);
--> statement-breakpoint
CREATE INDEX `workspace_events_timeline_idx` ON `workspace_events` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `workspace_instances` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`infra_resource_id` text,
	`region` text NOT NULL,
	`endpoint_url` text,
	`desired_state` text DEFAULT 'running' NOT NULL,
	`workspace_state` text DEFAULT 'pending' NOT NULL,
	`infra_state` text,
	`infra_sequence` integer DEFAULT 0 NOT NULL,
	`provision_attempts` integer DEFAULT 0 NOT NULL,
	`last_reconciled_at` integer,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "workspace_instances_region_check" CHECK(region IN ('eu-west', 'us-east')),
	CONSTRAINT "workspace_instances_desired_state_check" CHECK(desired_state IN ('running', 'suspended', 'deleted')),
	CONSTRAINT "workspace_instances_workspace_state_check" CHECK(workspace_state IN ('pending', 'provisioning', 'ready', 'suspended', 'failed', 'unknown', 'deprovisioning', 'deleted'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspace_instances_resource_idx` ON `workspace_instances` (`infra_resource_id`) WHERE infra_resource_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `workspace_instances_due_idx` ON `workspace_instances` (`last_reconciled_at`,`workspace_id`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`created_by_account_id` text NOT NULL,
	`billing_owner_account_id` text NOT NULL,
	`lifecycle_state` text DEFAULT 'pending' NOT NULL,
	`suspension_reason` text,
	`suspension_grace_ends_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`created_by_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`billing_owner_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "workspaces_lifecycle_state_check" CHECK(lifecycle_state IN ('pending', 'provisioning', 'ready', 'suspended', 'failed', 'unknown', 'deprovisioning', 'deleted')),
	CONSTRAINT "workspaces_suspension_reason_check" CHECK(suspension_reason IS NULL OR suspension_reason IN ('trial_ended', 'payment_failed', 'downgrade'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_slug_live_idx` ON `workspaces` (`slug`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `workspaces_billing_owner_idx` ON `workspaces` (`billing_owner_account_id`);--> statement-breakpoint
CREATE INDEX `workspaces_grace_idx` ON `workspaces` (`suspension_grace_ends_at`);