CREATE TABLE "ticket_queue_counts" (
	"group_id" uuid,
	"agent_id" uuid,
	"status" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "ticket_queue_counts_uq" UNIQUE NULLS NOT DISTINCT("group_id","agent_id","status")
);
--> statement-breakpoint
-- Hand-written below this line (issue G2, speed): the queue tabs read these counters instead of
-- counting up to 300k open rows per tab. One upsert per changed ticket, in the ticket's own
-- transaction; the open statuses must match queue.ts OPEN. Rows whose n fell to 0 are kept (a
-- counter row per (group, agent, status) ever used: hundreds, not millions).
CREATE OR REPLACE FUNCTION opshub_queue_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN ('new', 'assigned', 'in_progress', 'pending', 'reopened') THEN
		INSERT INTO ticket_queue_counts AS q (group_id, agent_id, status, n) VALUES (OLD.group_id, OLD.agent_id, OLD.status, -1)
			ON CONFLICT (group_id, agent_id, status) DO UPDATE SET n = q.n - 1;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN ('new', 'assigned', 'in_progress', 'pending', 'reopened') THEN
		INSERT INTO ticket_queue_counts AS q (group_id, agent_id, status, n) VALUES (NEW.group_id, NEW.agent_id, NEW.status, 1)
			ON CONFLICT (group_id, agent_id, status) DO UPDATE SET n = q.n + 1;
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER tickets_queue_counts_ins_del AFTER INSERT OR DELETE ON tickets
	FOR EACH ROW EXECUTE FUNCTION opshub_queue_counts();--> statement-breakpoint
CREATE TRIGGER tickets_queue_counts_upd AFTER UPDATE OF status, group_id, agent_id ON tickets
	FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.group_id IS DISTINCT FROM NEW.group_id OR OLD.agent_id IS DISTINCT FROM NEW.agent_id)
	EXECUTE FUNCTION opshub_queue_counts();--> statement-breakpoint
-- Recount from the rows (after a load with triggers off, or to check): also the backfill.
CREATE OR REPLACE FUNCTION opshub_queue_counts_rebuild() RETURNS void LANGUAGE sql AS $$
	DELETE FROM ticket_queue_counts;
	INSERT INTO ticket_queue_counts (group_id, agent_id, status, n)
		SELECT group_id, agent_id, status, count(*) FROM tickets
		WHERE status IN ('new', 'assigned', 'in_progress', 'pending', 'reopened')
		GROUP BY group_id, agent_id, status;
$$;--> statement-breakpoint
SELECT opshub_queue_counts_rebuild();--> statement-breakpoint
-- The "breaching" tab's capped count: an index-only range scan of open tickets by due time (the
-- sort-key index is on coalesce(sla_due_at, …), an expression, which rules index-only scans out).
CREATE INDEX "tickets_open_due_idx" ON "tickets" ("sla_due_at")
	WHERE "status" IN ('new', 'assigned', 'in_progress', 'pending', 'reopened') AND "sla_due_at" IS NOT NULL;--> statement-breakpoint
-- "Recently resolved" lists newest resolved first on coalesce(resolved_at, …) (the sort key its
-- keyset cursor uses): without this it sorted every ticket resolved within the week.
CREATE INDEX "tickets_resolved_sort_idx" ON "tickets" (coalesce("resolved_at", '-infinity'::timestamptz), "id")
	WHERE "resolved_at" IS NOT NULL;
