-- Lifetimes and open email kinds (issue 14). Written by hand from drizzle-kit's output
-- (docs/decisions/0034-lifetimes.md, 0024-migrations-never-rebuild-a-parent.md):
--   1. each workspace's default lifetime for new deployments: one added column;
--   2. the outbox's CHECK on `kind` goes, so a new email never needs a rebuild again. This is
--      the one rebuild: DROP TABLE email_outbox would cascade into email_messages, so those
--      rows are set aside first and put back after; the welcome trigger, which names the
--      table, is dropped and made again around it. The migration test proves no row is lost.
ALTER TABLE `workspaces` ADD `default_ttl` text DEFAULT '0' NOT NULL;--> statement-breakpoint
CREATE TABLE `__keep_email_messages` AS SELECT * FROM `email_messages`;--> statement-breakpoint
DROP TRIGGER `accounts_welcome_email`;--> statement-breakpoint
CREATE TABLE `__new_email_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`workspace_id` text,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`facts` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`send_after` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`detail` text,
	`subject` text,
	`html` text,
	`text_body` text,
	`queued_at` integer,
	`finished_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "email_outbox_status_check" CHECK(status IN ('pending', 'sent', 'skipped', 'failed'))
);;
--> statement-breakpoint
INSERT INTO `__new_email_outbox`("id", "account_id", "workspace_id", "kind", "dedupe_key", "facts", "status", "send_after", "attempts", "detail", "subject", "html", "text_body", "queued_at", "finished_at", "created_at") SELECT "id", "account_id", "workspace_id", "kind", "dedupe_key", "facts", "status", "send_after", "attempts", "detail", "subject", "html", "text_body", "queued_at", "finished_at", "created_at" FROM `email_outbox`;--> statement-breakpoint
DROP TABLE `email_outbox`;--> statement-breakpoint
ALTER TABLE `__new_email_outbox` RENAME TO `email_outbox`;--> statement-breakpoint
CREATE UNIQUE INDEX `email_outbox_dedupe_key_unique` ON `email_outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `email_outbox_pending_idx` ON `email_outbox` (`status`,`send_after`);--> statement-breakpoint
CREATE INDEX `email_outbox_account_idx` ON `email_outbox` (`account_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `email_outbox_workspace_idx` ON `email_outbox` (`workspace_id`,`kind`);--> statement-breakpoint
INSERT INTO `email_messages` SELECT * FROM `__keep_email_messages`;--> statement-breakpoint
DROP TABLE `__keep_email_messages`;--> statement-breakpoint
CREATE TRIGGER `accounts_welcome_email` AFTER INSERT ON `accounts`
BEGIN
	INSERT OR IGNORE INTO `email_outbox` (`id`, `account_id`, `kind`, `dedupe_key`, `facts`, `status`, `send_after`)
	VALUES (lower(hex(randomblob(16))), NEW.`id`, 'welcome', 'welcome/' || NEW.`id`, json_object('trialEndsAt', NEW.`trial_ends_at`), 'pending', CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
