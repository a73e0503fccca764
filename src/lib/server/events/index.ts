/**
 * The event stream's home: outbox topics (./topics.ts), the relay to ClickHouse (./relay.ts), the
 * analytics rebuild from Postgres (./rebuild.ts), and the event types and row shape shared by the
 * ticket service, the relay, ClickHouse and the KPI engine (schemas/events.ts, re-exported).
 */
export { TOPICS, TOPIC_TABLES, tableOfTopic, type Topic } from './topics';
export { OutboxRelay, type FlushedBatch, type RelayOptions } from './relay';
export * from '../../../../schemas/events';
