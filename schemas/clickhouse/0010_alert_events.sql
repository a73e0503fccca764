-- Why: one row per monitoring alert and what the ingest did with it (opened, appended, acked,
-- resolved, noted, suppressed, dropped, ignored, rejected): alert noise (alerts ÷ tickets opened),
-- time to acknowledge, noisiest hosts/sources (docs/KPIS.md). Shipped by the outbox relay
-- (topic 'alert_events'), written in the same Postgres transaction as the ticket change.
-- Cost: one row per alert (~80 B compressed); an alert storm of 1M alerts/day is ~80 MB/day.
-- Partitioned by month so old months drop cheaply.
-- Idempotency: ReplacingMergeTree on the sort key ending in event_id: a replayed outbox row has the
-- same key and collapses; the relay also checks ids before re-sending a batch it may have sent.
-- IF NOT EXISTS makes a re-run harmless.
CREATE TABLE IF NOT EXISTS alert_events
(
    event_id UUID,
    at DateTime64(3, 'UTC'),
    alert_id String,
    source_id LowCardinality(String),
    source_kind LowCardinality(String),
    host String,
    service String,
    action LowCardinality(String),
    severity LowCardinality(String),
    dedup_key String,
    outcome LowCardinality(String),
    ticket_id String,
    ci_id String,
    inserted_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (source_id, at, event_id);
