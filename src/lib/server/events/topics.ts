/**
 * The outbox topics, spelled once, and the ClickHouse table each ships to (an allow-list: a
 * topic is data in the outbox, never SQL).
 */
import { TABLES, type TableName } from '../analytics/tables';

export const TOPICS = {
	ticketEvents: 'ticket_events',
	alertEvents: 'alert_events'
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/**
 * Topics whose events Postgres keeps in a table of their own (ticket_events, the event log): the
 * relay deletes their outbox rows once shipped (a delete costs ~1/6 of the shipped-mark UPDATE of
 * a wide row). Alert events live only in the outbox: their rows are marked shipped and kept.
 */
export const LOGGED_TOPICS: readonly Topic[] = [TOPICS.ticketEvents];

export const TOPIC_TABLES: Record<Topic, TableName> = {
	[TOPICS.ticketEvents]: TABLES.ticketEvents,
	[TOPICS.alertEvents]: TABLES.alertEvents
};

export function tableOfTopic(topic: string): TableName {
	const t = TOPIC_TABLES[topic as Topic];
	if (!t) throw new Error(`outbox topic "${topic}" has no ClickHouse table`);
	return t;
}
