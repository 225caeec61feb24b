ALTER TABLE "posts" ADD COLUMN "planned_fingerprint" text;--> statement-breakpoint
ALTER TABLE "automation_rules" ADD COLUMN "locale" text DEFAULT 'id' NOT NULL;--> statement-breakpoint
ALTER TABLE "automation_rules" ADD COLUMN "planned_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "automation_rules" ADD COLUMN "last_error" text;--> statement-breakpoint
CREATE INDEX "events_updated_at_idx" ON "events" USING btree ("updated_at");