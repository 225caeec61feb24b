ALTER TABLE "newsletter_recipients" DROP CONSTRAINT "newsletter_recipients_newsletter_id_newsletters_id_fk";
--> statement-breakpoint
ALTER TABLE "newsletter_recipients" DROP CONSTRAINT "newsletter_recipients_subscriber_id_subscribers_id_fk";
