CREATE TABLE "channel_states" (
	"channel" text PRIMARY KEY NOT NULL,
	"needs_attention" boolean DEFAULT false NOT NULL,
	"reason" text,
	"since" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "scheduled_for" timestamp (3) with time zone;--> statement-breakpoint
UPDATE "deliveries" SET "scheduled_for" = "due_at";--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "scheduled_for" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "retries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
DROP INDEX "deliveries_due_idx";--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("due_at") WHERE status in ('pending', 'unknown');
