ALTER TABLE "sources" ADD COLUMN "last_summary" jsonb;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "state" jsonb;