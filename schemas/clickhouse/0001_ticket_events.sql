-- Why: the analytics copy of every ticket event (DESIGN.md §3), shipped by the outbox relay.
-- Cost: one row per event (~150 B compressed); partitioned by month so old months drop cheaply.
-- Idempotency: ReplacingMergeTree on the sort key (type, at, event_id): a replayed event has the
-- same key and collapses; the relay also checks ids before re-sending a batch it may have sent,
-- so KPI queries see each event once without FINAL. IF NOT EXISTS makes a re-run harmless.
CREATE TABLE IF NOT EXISTS ticket_events
(
    event_id UUID,
    ticket_id UUID,
    ticket_number String,
    type LowCardinality(String),
    at DateTime64(3, 'UTC'),
    ticket_created_at DateTime64(3, 'UTC'),
    actor_id String,
    actor_kind LowCardinality(String),
    ticket_type LowCardinality(String),
    channel LowCardinality(String),
    category LowCardinality(String),
    priority LowCardinality(String),
    tier LowCardinality(String),
    group_id LowCardinality(String),
    agent_id LowCardinality(String),
    department_id LowCardinality(String),
    ci_id String,
    source LowCardinality(String),
    status LowCardinality(String),
    from_status LowCardinality(String),
    response_s Nullable(Float64),
    resolution_s Nullable(Float64),
    work_s Float64 DEFAULT 0,
    pending_s Nullable(Float64),
    sla_clock LowCardinality(String),
    sla_threshold LowCardinality(String),
    sla_met Nullable(UInt8),
    escalated UInt8 DEFAULT 0,
    reassigned UInt8 DEFAULT 0,
    pended_requester UInt8 DEFAULT 0,
    reopen_count UInt16 DEFAULT 0,
    csat Nullable(UInt8),
    payload String DEFAULT '',
    inserted_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (type, at, event_id);
