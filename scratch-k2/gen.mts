import { ROLLUPS, rollupDdl } from '/work/wt-k2/src/lib/server/kpi/rollups';
const head = `-- Why: re-cut rollups (issue 17). The per-minute rollup with six dimensions hardly compressed
-- (3.5M rows for 10M events) and made board tiles slower than raw. Each rollup here keeps one time
-- grain and a few dimensions so it holds at least 10x fewer rows than the events it covers; the
-- planner (src/lib/server/kpi/planner.ts) picks the one that reads the fewest rows, stitching raw
-- events for the parts of a window off the grain. Expressions: src/lib/server/kpi/rollups.ts
-- (a test checks this file matches it).
-- Cost: per hour at most 20 (priority x tier) and 30 (groups) rows; per day at most 600 (group x
-- priority x tier) and 1,200 (category x priority x tier x channel) rows, plus the exact quantile
-- states (~8 B per first response or resolution, in each rollup).
-- Idempotency: IF NOT EXISTS; each backfill runs only while its rollup is empty (migrations run
-- at boot before the relay). A duplicate event counted by a view would be counted twice (the
-- relay's exactly-once checks prevent it, DEFINITIONS.md). The old minute rollup is dropped.
DROP VIEW IF EXISTS kpi_rollup_minute_mv;

DROP TABLE IF EXISTS kpi_rollup_minute;

`;
process.stdout.write(head + ROLLUPS.map(rollupDdl).join('\n'));
