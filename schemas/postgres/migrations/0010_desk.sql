CREATE TABLE "desk_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "saved_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_attachment_chunks" (
	"attachment_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"comment_id" uuid,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"uploaded_by_label" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_watchers" (
	"ticket_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "language" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "impact" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "urgency" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "merged_into_id" uuid;--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachment_chunks" ADD CONSTRAINT "ticket_attachment_chunks_attachment_id_ticket_attachments_id_fk" FOREIGN KEY ("attachment_id") REFERENCES "public"."ticket_attachments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_attachments" ADD CONSTRAINT "ticket_attachments_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_watchers" ADD CONSTRAINT "ticket_watchers_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_watchers" ADD CONSTRAINT "ticket_watchers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_account_name_uq" ON "saved_views" USING btree ("account_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_attachment_chunks_pk" ON "ticket_attachment_chunks" USING btree ("attachment_id","seq");--> statement-breakpoint
CREATE INDEX "ticket_attachments_ticket_idx" ON "ticket_attachments" USING btree ("ticket_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_watchers_uq" ON "ticket_watchers" USING btree ("ticket_id","account_id");--> statement-breakpoint
CREATE INDEX "tickets_sla_due_idx" ON "tickets" USING btree (coalesce("sla_due_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tickets_updated_idx" ON "tickets" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "tickets_requester_idx" ON "tickets" USING btree ("requester_id","status");--> statement-breakpoint
CREATE INDEX "tickets_resolved_idx" ON "tickets" USING btree ("resolved_at","id");
--> statement-breakpoint
-- Desk search (issue 15). Hand-written below this line: the text-search configuration follows the
-- ticket's language; the vectors are kept in step by triggers, so every writer (commands, COPY
-- bulk loads, merges) keeps them right. Cost: one to_tsvector per written ticket/comment.
ALTER TABLE "tickets" ADD COLUMN "search_tsv" tsvector;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "comments_tsv" tsvector;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "internal_tsv" tsvector;--> statement-breakpoint
CREATE INDEX "tickets_search_idx" ON "tickets" USING gin ("search_tsv");--> statement-breakpoint
CREATE INDEX "tickets_internal_search_idx" ON "tickets" USING gin ("internal_tsv");--> statement-breakpoint
-- The queue views read open tickets in SLA-due order: partial indexes (open statuses only, the
-- IN list must match queue.ts OPEN) give them index-ordered scans, per agent and per group too.
CREATE INDEX "tickets_open_sla_idx" ON "tickets" (coalesce("sla_due_at", 'infinity'::timestamptz), "id")
	WHERE "status" IN ('new', 'assigned', 'in_progress', 'pending', 'reopened');--> statement-breakpoint
CREATE INDEX "tickets_open_agent_sla_idx" ON "tickets" ("agent_id", coalesce("sla_due_at", 'infinity'::timestamptz), "id")
	WHERE "status" IN ('new', 'assigned', 'in_progress', 'pending', 'reopened');--> statement-breakpoint
CREATE INDEX "tickets_open_group_sla_idx" ON "tickets" ("group_id", coalesce("sla_due_at", 'infinity'::timestamptz), "id")
	WHERE "status" IN ('new', 'assigned', 'in_progress', 'pending', 'reopened');--> statement-breakpoint
-- The ticket page's related tickets: children (parent_id) and merged duplicates, sparse columns.
CREATE INDEX "tickets_parent_idx" ON "tickets" ("parent_id") WHERE "parent_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "tickets_merged_into_idx" ON "tickets" ("merged_into_id") WHERE "merged_into_id" IS NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION opshub_ts_config(lang text) RETURNS regconfig LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE lower(coalesce(lang, ''))
		WHEN 'en' THEN 'english'::regconfig
		WHEN 'fr' THEN 'french'::regconfig
		WHEN 'es' THEN 'spanish'::regconfig
		ELSE 'simple'::regconfig END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION opshub_tickets_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.search_tsv :=
		setweight(to_tsvector('simple', replace(NEW.number, '-', ' ')), 'A')
		|| setweight(to_tsvector(opshub_ts_config(NEW.language), coalesce(NEW.title, '')), 'A')
		|| setweight(to_tsvector(opshub_ts_config(NEW.language), coalesce(NEW.description, '')), 'B')
		|| coalesce(NEW.comments_tsv, ''::tsvector);
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER tickets_search BEFORE INSERT OR UPDATE OF number, title, description, language, comments_tsv ON tickets
	FOR EACH ROW EXECUTE FUNCTION opshub_tickets_search();--> statement-breakpoint
-- A new comment appends to its ticket's vector; an edit, move (merge) or delete rebuilds the
-- vectors of the tickets concerned from their comments.
CREATE OR REPLACE FUNCTION opshub_comments_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.public THEN
			UPDATE tickets SET comments_tsv = coalesce(comments_tsv, ''::tsvector)
				|| setweight(to_tsvector(opshub_ts_config(language), NEW.body), 'C') WHERE id = NEW.ticket_id;
		ELSE
			UPDATE tickets SET internal_tsv = coalesce(internal_tsv, ''::tsvector)
				|| setweight(to_tsvector(opshub_ts_config(language), NEW.body), 'C') WHERE id = NEW.ticket_id;
		END IF;
		RETURN NEW;
	END IF;
	UPDATE tickets t SET
		comments_tsv = coalesce((SELECT setweight(to_tsvector(opshub_ts_config(t.language), string_agg(c.body, ' ')), 'C')
			FROM ticket_comments c WHERE c.ticket_id = t.id AND c.public), ''::tsvector),
		internal_tsv = coalesce((SELECT setweight(to_tsvector(opshub_ts_config(t.language), string_agg(c.body, ' ')), 'C')
			FROM ticket_comments c WHERE c.ticket_id = t.id AND NOT c.public), ''::tsvector)
	WHERE t.id IN (OLD.ticket_id, CASE WHEN TG_OP = 'UPDATE' THEN NEW.ticket_id END);
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER comments_search_ins AFTER INSERT ON ticket_comments FOR EACH ROW EXECUTE FUNCTION opshub_comments_search();--> statement-breakpoint
CREATE TRIGGER comments_search_upd AFTER UPDATE OF body, public, ticket_id OR DELETE ON ticket_comments
	FOR EACH ROW EXECUTE FUNCTION opshub_comments_search();--> statement-breakpoint
-- Backfill: vectors of existing tickets, and the queue's sort key from the stored due times.
UPDATE tickets t SET
	comments_tsv = coalesce((SELECT setweight(to_tsvector(opshub_ts_config(t.language), string_agg(c.body, ' ')), 'C')
		FROM ticket_comments c WHERE c.ticket_id = t.id AND c.public), ''::tsvector),
	internal_tsv = coalesce((SELECT setweight(to_tsvector(opshub_ts_config(t.language), string_agg(c.body, ' ')), 'C')
		FROM ticket_comments c WHERE c.ticket_id = t.id AND NOT c.public), ''::tsvector),
	sla_due_at = CASE WHEN t.status IN ('new', 'assigned', 'in_progress', 'reopened') THEN
		CASE WHEN t.first_response_at IS NULL AND t.sla_response_due_at IS NOT NULL
			THEN least(t.sla_response_due_at, t.sla_resolution_due_at) ELSE t.sla_resolution_due_at END END;
