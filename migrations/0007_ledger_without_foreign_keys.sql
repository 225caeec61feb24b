ALTER TABLE "newsletter_recipients" DROP CONSTRAINT "newsletter_recipients_newsletter_id_newsletters_id_fk";
--> statement-breakpoint
ALTER TABLE "newsletter_recipients" DROP CONSTRAINT "newsletter_recipients_subscriber_id_subscribers_id_fk";
--> statement-breakpoint
DROP INDEX "newsletter_recipients_claim_idx";--> statement-breakpoint
CREATE INDEX "newsletter_recipients_pending_idx" ON "newsletter_recipients" USING btree ("newsletter_id","id") WHERE "newsletter_recipients"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "newsletter_recipients_sending_idx" ON "newsletter_recipients" USING btree ("newsletter_id","lease_until") WHERE "newsletter_recipients"."status" = 'sending';