CREATE TABLE "patron_emails" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"message_id" text,
	"last_error" text,
	"sent_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "patron_emails_kind_check" CHECK (kind in ('confirm', 'welcome', 'already-subscribed')),
	CONSTRAINT "patron_emails_status_check" CHECK (status in ('pending', 'sending', 'sent', 'failed', 'skipped'))
);
--> statement-breakpoint
ALTER TABLE "patron_emails" ADD CONSTRAINT "patron_emails_subscriber_id_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patron_emails_due_idx" ON "patron_emails" USING btree ("due_at","id") WHERE "patron_emails"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "patron_emails_subscriber_idx" ON "patron_emails" USING btree ("subscriber_id");