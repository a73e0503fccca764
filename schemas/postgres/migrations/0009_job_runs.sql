-- Cron job claims (issue 18, scale-out): one row per (job, schedule slot); the process whose
-- insert wins runs the slot, so two worker processes never run one slot twice. Cheap: a few rows
-- a minute (sla-watch every 30 s). Idempotent by drizzle's migration table.
CREATE TABLE "job_runs" (
	"job" text NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"owner" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duration_ms" double precision,
	"ok" boolean,
	"error" text,
	CONSTRAINT "job_runs_job_slot_pk" PRIMARY KEY("job","slot")
);
--> statement-breakpoint
CREATE INDEX "job_runs_started_idx" ON "job_runs" USING btree ("started_at");