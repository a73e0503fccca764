CREATE TABLE "outbox_inflight" (
	"relay" text PRIMARY KEY NOT NULL,
	"ids" bigint[] NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" DROP COLUMN "attempts";