/** Alert outcome rows: one per alert, written to the outbox (topic 'alert_events') in the tx of the change. */
import { randomUUID } from 'node:crypto';
import { outbox } from '../../../../schemas/postgres/index';
import { insertRecords, type Db } from '../db/index';
import { TOPICS } from '../events/topics';

export const ALERT_EVENTS_TOPIC = TOPICS.alertEvents;

export const OUTCOMES = ['opened', 'appended', 'acked', 'resolved', 'noted', 'suppressed', 'dropped', 'ignored', 'rejected'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One row of ClickHouse alert_events (schemas/clickhouse/0010_alert_events.sql). */
export interface AlertEventRow {
	event_id: string;
	at: string;
	alert_id: string;
	source_id: string;
	source_kind: string;
	host: string;
	service: string;
	action: string;
	severity: string;
	dedup_key: string;
	outcome: Outcome;
	ticket_id: string;
	ci_id: string;
}

export function alertEvent(p: Omit<AlertEventRow, 'event_id'>): AlertEventRow {
	return { event_id: randomUUID(), ...p };
}

export async function appendAlertEvents(tx: Db, rows: AlertEventRow[]): Promise<void> {
	if (!rows.length) return;
	await insertRecords(
		tx,
		outbox,
		rows.map((r) => ({ topic: ALERT_EVENTS_TOPIC, eventId: r.event_id, payload: r }))
	);
}
