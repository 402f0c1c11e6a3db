CREATE TABLE `dead_letters` (
	`message_id` text PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`trace_id` text,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dead_letters_received_idx` ON `dead_letters` (`received_at`);--> statement-breakpoint
ALTER TABLE `workspace_credentials` ADD `lifecycle_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `workspace_instances` ADD `lifecycle_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `lifecycle_version` integer DEFAULT 0 NOT NULL;