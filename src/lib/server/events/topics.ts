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

export const TOPIC_TABLES: Record<Topic, TableName> = {
	[TOPICS.ticketEvents]: TABLES.ticketEvents,
	[TOPICS.alertEvents]: TABLES.alertEvents
};

export function tableOfTopic(topic: string): TableName {
	const t = TOPIC_TABLES[topic as Topic];
	if (!t) throw new Error(`outbox topic "${topic}" has no ClickHouse table`);
	return t;
}
