/** Builds ticket event rows (the dimension snapshot + the change) and appends them with their outbox rows. */
import { randomUUID } from 'node:crypto';
import { outbox, ticketEvents, tickets } from '../../../../schemas/postgres/index';
import type { TicketEventRow, TicketEventType } from '../../../../schemas/events';
import { insertRecords, type Db } from '../db/index';
import { TOPICS } from '../events/topics';
import type { Actor } from '../rbac/actor';

export type TicketRow = typeof tickets.$inferSelect;

export const TICKET_EVENTS_TOPIC = TOPICS.ticketEvents;

/** Who acted, as analytics sees it: only 'agent' responses count as first response. */
export function actorKind(actor: Actor, ticket: Pick<TicketRow, 'requesterId' | 'channel'>): string {
	if (actor.kind === 'system') return ticket.channel === 'monitoring' ? 'monitoring' : 'system';
	if (actor.accountId && actor.accountId === ticket.requesterId) return 'requester';
	return actor.permissions.has('tickets.work') ? 'agent' : 'requester';
}

/** The ticket fields an event snapshots: a stored row, or a generated one (demo desk). */
export type TicketSnapshot = Pick<
	TicketRow,
	'id' | 'number' | 'type' | 'channel' | 'category' | 'priority' | 'tier' | 'groupId' | 'agentId' | 'departmentId' | 'ciId' | 'source' | 'status' | 'reopenCount' | 'createdAt'
>;

/** An event row: the ticket's dimension snapshot, who acted, and the change's own fields. */
export function snapshotEvent(
	t: TicketSnapshot,
	type: TicketEventType,
	atMs: number,
	actor: { id: string; kind: string },
	extra: Partial<TicketEventRow> = {},
	payload: Record<string, unknown> = {}
): TicketEventRow {
	return {
		event_id: randomUUID(),
		ticket_id: t.id,
		ticket_number: t.number,
		type,
		at: new Date(atMs).toISOString(),
		ticket_created_at: t.createdAt.toISOString(),
		actor_id: actor.id,
		actor_kind: actor.kind,
		ticket_type: t.type as TicketEventRow['ticket_type'],
		channel: t.channel as TicketEventRow['channel'],
		category: t.category as TicketEventRow['category'],
		priority: t.priority as TicketEventRow['priority'],
		tier: t.tier as TicketEventRow['tier'],
		group_id: t.groupId ?? '',
		agent_id: t.agentId ?? '',
		department_id: t.departmentId ?? '',
		ci_id: t.ciId ?? '',
		source: t.source ?? '',
		status: t.status as TicketEventRow['status'],
		from_status: '',
		response_s: null,
		resolution_s: null,
		work_s: 0,
		pending_s: null,
		sla_clock: '',
		sla_threshold: '',
		sla_met: null,
		escalated: 0,
		reassigned: 0,
		pended_requester: 0,
		reopen_count: t.reopenCount,
		csat: null,
		payload: JSON.stringify(payload),
		...extra
	};
}

export function eventRow(
	t: TicketRow,
	type: TicketEventType,
	atMs: number,
	actor: Actor,
	extra: Partial<TicketEventRow> = {},
	payload: Record<string, unknown> = {}
): TicketEventRow {
	return snapshotEvent(t, type, atMs, { id: actor.accountId ?? '', kind: actorKind(actor, t) }, extra, payload);
}

/** Appends events to the log and the outbox, inside the caller's transaction. */
export async function appendEvents(tx: Db, actor: Actor, rows: TicketEventRow[]): Promise<void> {
	if (!rows.length) return;
	await insertRecords(
		tx,
		ticketEvents,
		rows.map((r) => ({
			id: r.event_id,
			ticketId: r.ticket_id,
			type: r.type,
			at: new Date(r.at),
			actorId: actor.accountId,
			actorLabel: actor.label,
			data: r
		}))
	);
	await insertRecords(
		tx,
		outbox,
		rows.map((r) => ({ topic: TICKET_EVENTS_TOPIC, eventId: r.event_id, payload: r }))
	);
}
