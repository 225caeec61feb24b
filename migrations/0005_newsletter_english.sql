ALTER TABLE "newsletters" ADD COLUMN "subject_en" text;--> statement-breakpoint
ALTER TABLE "newsletters" ADD COLUMN "intro_en" text;