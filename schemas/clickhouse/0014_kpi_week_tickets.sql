-- Why: ticket statistics (AHT, MTTR, FCR, CSAT's resolved tickets) count each ticket once per week
-- by its last resolution in the week, so no rollup of events can serve them: a year by week at
-- 100M events read 10M resolutions (~2 s). Completed weeks are computed once by the week-cache job
-- (kpi/weekCache.ts) into kpi_week_tickets, by the rollup day's dimensions, exact quantile states
-- included; kpi_week_tickets_meta records, per week, the generation in force and the week's
-- resolution and reopen counts at computation time. A query uses a week only while those counts
-- still equal the hour rollup's: any event inserted since into that week changes them, and the
-- week is then read raw until the job computes it again.
-- Cost: per week at most 1,200 rows (category x priority x tier x channel) plus the MTTR quantile
-- states (~8 B per resolved ticket); meta one row per week.
-- Idempotency: IF NOT EXISTS; rows of an older generation are never read (queries name the
-- generation) and the job deletes them.
CREATE TABLE IF NOT EXISTS kpi_week_tickets
(
    week DateTime('UTC'),
    gen UInt64,
    category LowCardinality(String),
    priority LowCardinality(String),
    tier LowCardinality(String),
    channel LowCardinality(String),
    res_n UInt64,
    work_sum Float64,
    mttr_n UInt64,
    mttr_sum Float64,
    mttr_q AggregateFunction(quantilesExactInclusive(0.5, 0.9), Float64),
    fcr_ok UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(week)
ORDER BY (week, gen, category, priority, tier, channel);

CREATE TABLE IF NOT EXISTS kpi_week_tickets_meta
(
    week DateTime('UTC'),
    gen UInt64,
    res_events UInt64,
    reopen_events UInt64
)
ENGINE = ReplacingMergeTree(gen)
ORDER BY week;
