-- Why: "now" questions read ticket_state FINAL, which merged every ticket ever seen: at 10M events
-- 95 % of its rows were tombstones of closed tickets (backlog now p95 36 ms for 53k open tickets
-- among 1M rows). CLEANUP merges (`OPTIMIZE … FINAL CLEANUP`, run hourly by the state-compact job,
-- kpi/stateCompact.ts) drop the tombstones once every older row of their ticket is merged away.
-- Cost: none at rest; the compaction rewrites the table (small once the tombstones are gone).
-- The setting doubles as the rebuild's guard: an analytics rebuild re-creates ticket_state without
-- it and sets it back only when its copy is done, so no CLEANUP runs while older events are still
-- being copied in (events/rebuild.ts).
-- Idempotency: MODIFY SETTING to the same value is a no-op.
ALTER TABLE ticket_state MODIFY SETTING allow_experimental_replacing_merge_with_cleanup = 1;
