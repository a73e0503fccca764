CREATE TABLE "alert_problems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"dedup_key" text NOT NULL,
	"host" text NOT NULL,
	"service" text,
	"ticket_id" uuid,
	"parent_ticket_id" uuid,
	"ci_id" uuid,
	"state" text NOT NULL,
	"severity" text NOT NULL,
	"flapping" boolean DEFAULT false NOT NULL,
	"last_applied" text,
	"first_alert_at" timestamp with time zone NOT NULL,
	"last_alert_at" timestamp with time zone NOT NULL,
	"repeat_count" integer DEFAULT 0 NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "monitoring_downtimes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"host" text NOT NULL,
	"service" text DEFAULT '' NOT NULL,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "monitoring_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prev_token_hash" text,
	"prev_expires_at" timestamp with time zone,
	"hmac_secret" text,
	"hmac_window_s" integer DEFAULT 300 NOT NULL,
	"rate_limit_per_min" integer DEFAULT 600 NOT NULL,
	"default_group_id" uuid,
	"priority_map" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"resolve_mode" text DEFAULT 'resolve' NOT NULL,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_sources_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "raw_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"content_type" text NOT NULL,
	"body" text NOT NULL,
	"body_hash" text NOT NULL,
	"headers" jsonb NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"outcomes" jsonb,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "alert_problems" ADD CONSTRAINT "alert_problems_source_id_monitoring_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."monitoring_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_problems" ADD CONSTRAINT "alert_problems_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_problems" ADD CONSTRAINT "alert_problems_parent_ticket_id_tickets_id_fk" FOREIGN KEY ("parent_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_downtimes" ADD CONSTRAINT "monitoring_downtimes_source_id_monitoring_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."monitoring_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitoring_sources" ADD CONSTRAINT "monitoring_sources_default_group_id_groups_id_fk" FOREIGN KEY ("default_group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw_alerts" ADD CONSTRAINT "raw_alerts_source_id_monitoring_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."monitoring_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_problems_key_uq" ON "alert_problems" USING btree ("source_id","dedup_key");--> statement-breakpoint
CREATE INDEX "alert_problems_host_idx" ON "alert_problems" USING btree ("source_id","host","state");--> statement-breakpoint
CREATE INDEX "monitoring_downtimes_host_idx" ON "monitoring_downtimes" USING btree ("source_id","host");--> statement-breakpoint
CREATE INDEX "raw_alerts_pending_idx" ON "raw_alerts" USING btree ("received_at") WHERE status = 'received';--> statement-breakpoint
CREATE INDEX "raw_alerts_source_hash_idx" ON "raw_alerts" USING btree ("source_id","body_hash");--> statement-breakpoint
CREATE INDEX "raw_alerts_source_status_idx" ON "raw_alerts" USING btree ("source_id","status","received_at");