-- Why: "now" questions (backlog, open by age/tier/group/priority, breaching now) read the current
-- state of each ticket instead of all history: the backlog now read every event (p95 1.6 s at 10M
-- events). ticket_state keeps one row per ticket, the snapshot of its latest event; ticket_sla
-- keeps the few SLA facts "breaching now" needs (breaches and late first responses).
-- Cost: ticket_state ~ one row per ticket (~1/10 of the events) after merges; ticket_sla one row
-- per breach or late first response.
-- Order: ver is the (at, event_id) order of the events, packed in a UInt128 (ms in the high 64
-- bits, the event id's first 64 bits below), so a late event (older at) never replaces a newer
-- state, whatever order rows arrive in. is_deleted = the ticket is resolved or closed after the
-- event: FINAL leaves only open tickets. Tombstones are kept (no CLEANUP): a late event older
-- than the close must not bring a closed ticket back.
-- Idempotency: IF NOT EXISTS; the backfill runs only while the table is empty (migrations run at
-- boot before the relay starts). Replayed events collapse on (ticket_id, ver).
CREATE TABLE IF NOT EXISTS ticket_state
(
    ticket_id UUID,
    ver UInt128,
    is_deleted UInt8,
    last_at DateTime64(3, 'UTC'),
    ticket_created_at DateTime64(3, 'UTC'),
    status LowCardinality(String),
    ticket_type LowCardinality(String),
    channel LowCardinality(String),
    category LowCardinality(String),
    priority LowCardinality(String),
    tier LowCardinality(String),
    group_id LowCardinality(String),
    agent_id LowCardinality(String),
    department_id LowCardinality(String)
)
ENGINE = ReplacingMergeTree(ver, is_deleted)
ORDER BY ticket_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS ticket_state_mv TO ticket_state AS
SELECT
    ticket_id,
    bitShiftLeft(toUInt128(toUnixTimestamp64Milli(at)), 64) + reinterpretAsUInt64(reverse(unhex(left(replaceAll(toString(event_id), '-', ''), 16)))) AS ver,
    toUInt8(status IN ('resolved', 'closed')) AS is_deleted,
    at AS last_at,
    ticket_created_at, status, ticket_type, channel, category, priority, tier, group_id, agent_id, department_id
FROM ticket_events;

INSERT INTO ticket_state
SELECT
    ticket_id,
    bitShiftLeft(toUInt128(toUnixTimestamp64Milli(at)), 64) + reinterpretAsUInt64(reverse(unhex(left(replaceAll(toString(event_id), '-', ''), 16)))) AS ver,
    toUInt8(status IN ('resolved', 'closed')) AS is_deleted,
    at AS last_at,
    ticket_created_at, status, ticket_type, channel, category, priority, tier, group_id, agent_id, department_id
FROM ticket_events
WHERE (SELECT count() FROM ticket_state) = 0;

CREATE TABLE IF NOT EXISTS ticket_sla
(
    ticket_id UUID,
    at DateTime64(3, 'UTC'),
    event_id UUID,
    kind LowCardinality(String)
)
ENGINE = ReplacingMergeTree
ORDER BY (ticket_id, at, event_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS ticket_sla_mv TO ticket_sla AS
SELECT ticket_id, at, event_id,
    multiIf(type = 'sla.breached' AND sla_clock = 'response', 'response_breached',
            type = 'sla.breached' AND sla_clock = 'resolution', 'resolution_breached', 'responded_late') AS kind
FROM ticket_events
WHERE (type = 'sla.breached' AND sla_clock IN ('response', 'resolution'))
    OR (type = 'ticket.commented' AND response_s IS NOT NULL AND sla_met = 0);

INSERT INTO ticket_sla
SELECT ticket_id, at, event_id,
    multiIf(type = 'sla.breached' AND sla_clock = 'response', 'response_breached',
            type = 'sla.breached' AND sla_clock = 'resolution', 'resolution_breached', 'responded_late') AS kind
FROM ticket_events
WHERE ((type = 'sla.breached' AND sla_clock IN ('response', 'resolution'))
    OR (type = 'ticket.commented' AND response_s IS NOT NULL AND sla_met = 0))
    AND (SELECT count() FROM ticket_sla) = 0;
