-- Why: board tiles (volume, first response, AHT, MTTR, FCR, SLA, CSAT, reopens) read a per-minute
-- rollup of ticket_events instead of raw events (src/lib/server/kpi/planner.ts decides when that
-- is exact; DEFINITIONS.md). Keys: the minute and every filter dimension except agent, whose
-- cardinality would make the rollup as large as the events.
-- Cost: at most one row per (minute, dimension combination) with events of the rolled-up types,
-- ~25 numbers each plus two exact quantile states (the response and resolution seconds
-- themselves: exact percentiles must keep every value, ~8 B per first response or resolution).
-- Partitioned by month like ticket_events, so old months drop together.
-- Idempotency: IF NOT EXISTS on the table and the view. The backfill copies events that arrived
-- before the view existed and runs only while the rollup is empty; migrations run at boot before
-- the relay starts, so no event is both backfilled and seen by the view. If a crash interrupts
-- the backfill, TRUNCATE TABLE kpi_rollup_minute and run the migration again.
-- Assumption: the view counts every inserted row. ticket_events is a ReplacingMergeTree, but a
-- view sees inserts, not merges: the outbox relay checks event ids before re-sending a batch, so
-- each event reaches ClickHouse (and this view) once. A duplicate that slipped through would be
-- counted twice here and once by raw queries that read the merged table.
CREATE TABLE IF NOT EXISTS kpi_rollup_minute
(
    bucket DateTime('UTC'),
    category LowCardinality(String),
    priority LowCardinality(String),
    tier LowCardinality(String),
    group_id LowCardinality(String),
    channel LowCardinality(String),
    department_id LowCardinality(String),
    created SimpleAggregateFunction(sum, UInt64),
    frt_n SimpleAggregateFunction(sum, UInt64),
    frt_sum SimpleAggregateFunction(sum, Float64),
    frt_q AggregateFunction(quantilesExactInclusive(0.5, 0.9), Float64),
    res_n SimpleAggregateFunction(sum, UInt64),
    mttr_n SimpleAggregateFunction(sum, UInt64),
    mttr_sum SimpleAggregateFunction(sum, Float64),
    mttr_q AggregateFunction(quantilesExactInclusive(0.5, 0.9), Float64),
    work_sum SimpleAggregateFunction(sum, Float64),
    fcr_ok SimpleAggregateFunction(sum, UInt64),
    reopened_n SimpleAggregateFunction(sum, UInt64),
    resp_met SimpleAggregateFunction(sum, UInt64),
    resp_breached SimpleAggregateFunction(sum, UInt64),
    resol_met SimpleAggregateFunction(sum, UInt64),
    resol_breached SimpleAggregateFunction(sum, UInt64),
    csat_n SimpleAggregateFunction(sum, UInt64),
    csat_good SimpleAggregateFunction(sum, UInt64),
    csat_sum SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (bucket, category, priority, tier, group_id, channel, department_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS kpi_rollup_minute_mv TO kpi_rollup_minute AS
SELECT
    toStartOfMinute(at) AS bucket,
    category, priority, tier, group_id, channel, department_id,
    countIf(type = 'ticket.created') AS created,
    countIf(type = 'ticket.commented' AND response_s IS NOT NULL) AS frt_n,
    sumIf(assumeNotNull(response_s), type = 'ticket.commented' AND response_s IS NOT NULL) AS frt_sum,
    quantilesExactInclusiveStateIf(0.5, 0.9)(assumeNotNull(response_s), type = 'ticket.commented' AND response_s IS NOT NULL) AS frt_q,
    countIf(type = 'ticket.resolved') AS res_n,
    countIf(type = 'ticket.resolved' AND resolution_s IS NOT NULL) AS mttr_n,
    sumIf(assumeNotNull(resolution_s), type = 'ticket.resolved' AND resolution_s IS NOT NULL) AS mttr_sum,
    quantilesExactInclusiveStateIf(0.5, 0.9)(assumeNotNull(resolution_s), type = 'ticket.resolved' AND resolution_s IS NOT NULL) AS mttr_q,
    sumIf(work_s, type = 'ticket.resolved') AS work_sum,
    countIf(type = 'ticket.resolved' AND escalated = 0 AND reassigned = 0 AND pended_requester = 0 AND reopen_count = 0) AS fcr_ok,
    countIf(type = 'ticket.reopened') AS reopened_n,
    countIf(type = 'ticket.commented' AND sla_clock = 'response' AND sla_met = 1) AS resp_met,
    countIf(type = 'sla.breached' AND sla_clock = 'response') AS resp_breached,
    countIf(type = 'ticket.resolved' AND sla_clock = 'resolution' AND sla_met = 1) AS resol_met,
    countIf(type = 'sla.breached' AND sla_clock = 'resolution') AS resol_breached,
    countIf(type = 'survey.answered' AND csat IS NOT NULL) AS csat_n,
    countIf(type = 'survey.answered' AND csat >= 4) AS csat_good,
    sumIf(toUInt64(assumeNotNull(csat)), type = 'survey.answered' AND csat IS NOT NULL) AS csat_sum
FROM ticket_events
WHERE type IN ('ticket.created', 'ticket.commented', 'ticket.resolved', 'ticket.reopened', 'sla.breached', 'survey.answered')
GROUP BY bucket, category, priority, tier, group_id, channel, department_id;

INSERT INTO kpi_rollup_minute
SELECT
    toStartOfMinute(at) AS bucket,
    category, priority, tier, group_id, channel, department_id,
    countIf(type = 'ticket.created') AS created,
    countIf(type = 'ticket.commented' AND response_s IS NOT NULL) AS frt_n,
    sumIf(assumeNotNull(response_s), type = 'ticket.commented' AND response_s IS NOT NULL) AS frt_sum,
    quantilesExactInclusiveStateIf(0.5, 0.9)(assumeNotNull(response_s), type = 'ticket.commented' AND response_s IS NOT NULL) AS frt_q,
    countIf(type = 'ticket.resolved') AS res_n,
    countIf(type = 'ticket.resolved' AND resolution_s IS NOT NULL) AS mttr_n,
    sumIf(assumeNotNull(resolution_s), type = 'ticket.resolved' AND resolution_s IS NOT NULL) AS mttr_sum,
    quantilesExactInclusiveStateIf(0.5, 0.9)(assumeNotNull(resolution_s), type = 'ticket.resolved' AND resolution_s IS NOT NULL) AS mttr_q,
    sumIf(work_s, type = 'ticket.resolved') AS work_sum,
    countIf(type = 'ticket.resolved' AND escalated = 0 AND reassigned = 0 AND pended_requester = 0 AND reopen_count = 0) AS fcr_ok,
    countIf(type = 'ticket.reopened') AS reopened_n,
    countIf(type = 'ticket.commented' AND sla_clock = 'response' AND sla_met = 1) AS resp_met,
    countIf(type = 'sla.breached' AND sla_clock = 'response') AS resp_breached,
    countIf(type = 'ticket.resolved' AND sla_clock = 'resolution' AND sla_met = 1) AS resol_met,
    countIf(type = 'sla.breached' AND sla_clock = 'resolution') AS resol_breached,
    countIf(type = 'survey.answered' AND csat IS NOT NULL) AS csat_n,
    countIf(type = 'survey.answered' AND csat >= 4) AS csat_good,
    sumIf(toUInt64(assumeNotNull(csat)), type = 'survey.answered' AND csat IS NOT NULL) AS csat_sum
FROM ticket_events
WHERE type IN ('ticket.created', 'ticket.commented', 'ticket.resolved', 'ticket.reopened', 'sla.breached', 'survey.answered')
    AND (SELECT count() FROM kpi_rollup_minute) = 0
GROUP BY bucket, category, priority, tier, group_id, channel, department_id;
