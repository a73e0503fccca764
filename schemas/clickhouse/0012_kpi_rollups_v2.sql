-- Why: re-cut rollups (issue 17). The per-minute rollup with six dimensions hardly compressed
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

CREATE TABLE IF NOT EXISTS kpi_rollup_hour
(
    bucket DateTime('UTC'),
    priority LowCardinality(String),
    tier LowCardinality(String),
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
ORDER BY (bucket, priority, tier);

CREATE MATERIALIZED VIEW IF NOT EXISTS kpi_rollup_hour_mv TO kpi_rollup_hour AS
SELECT
    toStartOfHour(toDateTime(at, 'UTC')) AS bucket,
    priority, tier,
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
    countIf(type = 'survey.answered' AND csat IS NOT NULL AND csat >= 4) AS csat_good,
    sumIf(toUInt64(assumeNotNull(csat)), type = 'survey.answered' AND csat IS NOT NULL) AS csat_sum
FROM ticket_events
WHERE type IN ('ticket.created', 'ticket.commented', 'ticket.resolved', 'ticket.reopened', 'sla.breached', 'survey.answered')
GROUP BY bucket, priority, tier;

INSERT INTO kpi_rollup_hour
SELECT
    toStartOfHour(toDateTime(at, 'UTC')) AS bucket,
    priority, tier,
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
    countIf(type = 'survey.answered' AND csat IS NOT NULL AND csat >= 4) AS csat_good,
    sumIf(toUInt64(assumeNotNull(csat)), type = 'survey.answered' AND csat IS NOT NULL) AS csat_sum
FROM ticket_events
WHERE type IN ('ticket.created', 'ticket.commented', 'ticket.resolved', 'ticket.reopened', 'sla.breached', 'survey.answered')
    AND (SELECT count() FROM kpi_rollup_hour) = 0
GROUP BY bucket, priority, tier;

CREATE TABLE IF NOT EXISTS kpi_rollup_hour_group
(
    bucket DateTime('UTC'),
    group_id LowCardinality(String),
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
ORDER BY (bucket, group_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS kpi_rollup_hour_group_mv TO kpi_rollup_hour_group AS
SELECT
    toStartOfHour(toDateTime(at, 'UTC')) AS bucket,
    group_id,
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
    countIf(type = 'survey.answered' AND csat IS NOT NULL AND csat >= 4) AS csat_good,
    sumIf(toUInt64(assumeNotNull(csat)), type = 'survey.answered' AND csat IS NOT NULL) AS csat_sum
FROM ticket_events
WHERE type IN ('ticket.created', 'ticket.commented', 'ticket.resolved', 'ticket.reopened', 'sla.breached', 'survey.answered')
GROUP BY bucket, group_id;

INSERT INTO kpi_rollup_hour_group
SELECT
    toStartOfHour(toDateTime(at, 'UTC')) AS bucket,
    group_id,
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
    countIf(type = 'survey.answered' AND csat IS NOT NULL AND csat >= 4) AS csat_good,
    sumIf(toUInt64(assumeNotNull(csat)), type = 'survey.answered' AND csat IS NOT NULL) AS csat_sum
FROM ticket_events
WHERE type IN ('ticket.created', 'ticket.commented', 'ticket.resolved', 'ticket.reopened', 'sla.breached', 'survey.answered')
    AND (SELECT count() FROM kpi_rollup_hour_group) = 0
GROUP BY bucket, group_id;

CREATE TABLE IF NOT EXISTS kpi_rollup_day_group
(
    bucket DateTime('UTC'),
    group_id LowCardinality(String),
    priority LowCardinality(String),
    tier LowCardinality(String),
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
ORDER BY (bucket, group_id, priority, tier);

CREATE MATERIALIZED VIEW IF NOT EXISTS kpi_rollup_day_group_mv TO kpi_rollup_day_group AS
SELECT
    toStartOfDay(toDateTime(at, 'UTC')) AS bucket,
    group_id, priority, tier,
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
    countIf(type = 'survey.answered' AND csat IS NOT NULL AND csat >= 4) AS csat_good,
    sumIf(toUInt64(assumeNotNull(csat)), type = 'survey.answered' AND csat IS NOT NULL) AS csat_sum
FROM ticket_events
WHERE type IN ('ticket.created', 'ticket.commented', 'ticket.resolved', 'ticket.reopened', 'sla.breached', 'survey.answered')
GROUP BY bucket, group_id, priority, tier;

INSERT INTO kpi_rollup_day_group
SELECT
    toStartOfDay(toDateTime(at, 'UTC')) AS bucket,
    group_id, priority, tier,
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
    countIf(type = 'survey.answered' AND csat IS NOT NULL AND csat >= 4) AS csat_good,
    sumIf(toUInt64(assumeNotNull(csat)), type = 'survey.answered' AND csat IS NOT NULL) AS csat_sum
FROM ticket_events
WHERE type IN ('ticket.created', 'ticket.commented', 'ticket.resolved', 'ticket.reopened', 'sla.breached', 'survey.answered')
    AND (SELECT count() FROM kpi_rollup_day_group) = 0
GROUP BY bucket, group_id, priority, tier;

CREATE TABLE IF NOT EXISTS kpi_rollup_day
(
    bucket DateTime('UTC'),
    category LowCardinality(String),
    priority LowCardinality(String),
    tier LowCardinality(String),
    channel LowCardinality(String),
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
ORDER BY (bucket, category, priority, tier, channel);

CREATE MATERIALIZED VIEW IF NOT EXISTS kpi_rollup_day_mv TO kpi_rollup_day AS
SELECT
    toStartOfDay(toDateTime(at, 'UTC')) AS bucket,
    category, priority, tier, channel,
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
    countIf(type = 'survey.answered' AND csat IS NOT NULL AND csat >= 4) AS csat_good,
    sumIf(toUInt64(assumeNotNull(csat)), type = 'survey.answered' AND csat IS NOT NULL) AS csat_sum
FROM ticket_events
WHERE type IN ('ticket.created', 'ticket.commented', 'ticket.resolved', 'ticket.reopened', 'sla.breached', 'survey.answered')
GROUP BY bucket, category, priority, tier, channel;

INSERT INTO kpi_rollup_day
SELECT
    toStartOfDay(toDateTime(at, 'UTC')) AS bucket,
    category, priority, tier, channel,
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
    countIf(type = 'survey.answered' AND csat IS NOT NULL AND csat >= 4) AS csat_good,
    sumIf(toUInt64(assumeNotNull(csat)), type = 'survey.answered' AND csat IS NOT NULL) AS csat_sum
FROM ticket_events
WHERE type IN ('ticket.created', 'ticket.commented', 'ticket.resolved', 'ticket.reopened', 'sla.breached', 'survey.answered')
    AND (SELECT count() FROM kpi_rollup_day) = 0
GROUP BY bucket, category, priority, tier, channel;
