ALTER TABLE "display_tokens" ADD COLUMN "token" text;--> statement-breakpoint
ALTER TABLE "display_tokens" ADD COLUMN "last_seen_at" timestamp with time zone;