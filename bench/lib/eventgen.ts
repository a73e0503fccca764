/**
 * Synthetic but realistic ticket event rows for the relay bench: whole ticket lifecycles built
 * with the production eventRow() (same columns, same payload shapes as the service writes),
 * 8 events per ticket on average, over the last `spanMs` up to `endMs`.
 */
import { randomUUID } from 'node:crypto';
import { CATEGORIES, CHANNELS, PRIORITIES, TIERS, type TicketEventRow, type Status } from '../../schemas/events';
import { eventRow, type TicketRow } from '../../src/lib/server/tickets/events';
import { TOPICS } from '../../src/lib/server/events/topics';
import type { Actor } from '../../src/lib/server/rbac/actor';

export interface GenDesk {
	agent: Actor;
	requesterId: string;
	groups: string[];
	agents: string[];
}

/** Deterministic 32-bit hash (xorshift-multiply) so a run is reproducible apart from UUIDs. */
function h32(i: number, salt: number): number {
	let x = (i * 0x9e3779b1) ^ (salt * 0x85ebca6b);
	x ^= x >>> 16;
	x = Math.imul(x, 0x7feb352d);
	x ^= x >>> 15;
	x = Math.imul(x, 0x846ca68b);
	x ^= x >>> 16;
	return x >>> 0;
}

/** The events of ticket #i, in order (7–9 rows). */
export function lifecycle(i: number, desk: GenDesk, endMs: number, spanMs: number): TicketEventRow[] {
	const h = h32(i, 1);
	const createdMs = endMs - spanMs + ((h32(i, 2) % spanMs) | 0);
	const priority = PRIORITIES[h % 5];
	const t = {
		id: randomUUID(),
		number: `INC-${String(i + 1).padStart(6, '0')}`,
		type: h % 9 === 0 ? 'service_request' : 'incident',
		channel: CHANNELS[(h >>> 3) % CHANNELS.length],
		category: CATEGORIES[(h >>> 6) % CATEGORIES.length],
		priority,
		tier: TIERS[(h >>> 10) % 3],
		groupId: null as string | null,
		agentId: null as string | null,
		departmentId: null,
		ciId: (h >>> 12) % 4 === 0 ? randomUUID() : null,
		source: null,
		status: 'new' as Status,
		requesterId: desk.requesterId,
		reopenCount: 0,
		createdAt: new Date(createdMs)
	} as unknown as TicketRow;
	const a = desk.agent;
	const ev: TicketEventRow[] = [];
	const respS = 60 + (h32(i, 3) % 14_400);
	const resS = respS + 600 + (h32(i, 4) % 200_000);
	const work = 15 * 60 * (1 + (h % 4));
	const at = (s: number) => Math.min(endMs, createdMs + s * 1000);
	ev.push(eventRow(t, 'ticket.created', createdMs, a, { status: 'new' }, { title: `Printer on floor ${h % 12} offline (#${i})` }));
	const groupId = desk.groups[h % desk.groups.length];
	const agentId = desk.agents[(h >>> 4) % desk.agents.length];
	Object.assign(t, { groupId, agentId, status: 'assigned' });
	ev.push(eventRow(t, 'ticket.assigned', at(30), a, { from_status: 'new' }));
	Object.assign(t, { status: 'in_progress' });
	ev.push(eventRow(t, 'ticket.status_changed', at(respS - 5), a, { from_status: 'assigned' }));
	const respMet = respS <= 4 * 3600;
	ev.push(
		eventRow(t, 'ticket.commented', at(respS), a, { response_s: respS, sla_clock: 'response', sla_met: respMet ? 1 : 0 }, { public: true, firstResponse: true })
	);
	if (!respMet) ev.push(eventRow(t, 'sla.breached', at(respS), a, { sla_clock: 'response', sla_threshold: 'breached' }));
	ev.push(eventRow(t, 'ticket.work_logged', at(respS + 60), a, { work_s: work }));
	const resMet = resS <= 150_000;
	Object.assign(t, { status: 'resolved' });
	ev.push(
		eventRow(
			t,
			'ticket.resolved',
			at(resS),
			a,
			{ from_status: 'in_progress', resolution_s: resS, work_s: work, pending_s: 0, sla_clock: 'resolution', sla_met: resMet ? 1 : 0 },
			{ code: 'fixed' }
		)
	);
	Object.assign(t, { status: 'closed' });
	ev.push(eventRow(t, 'ticket.closed', at(resS + 86_400), a, { from_status: 'resolved' }));
	if (h % 2 === 0) ev.push(eventRow(t, 'survey.answered', at(resS + 3600), a, { csat: 1 + (h32(i, 5) % 5) }));
	return ev;
}

/** Yields chunks of outbox rows ({ topic, eventId, payload }) until `total` events. */
export function* outboxChunks(total: number, chunk: number, desk: GenDesk, endMs: number, spanMs: number) {
	let made = 0;
	let ticket = 0;
	let buf: { topic: string; eventId: string; payload: TicketEventRow }[] = [];
	while (made < total) {
		for (const r of lifecycle(ticket++, desk, endMs, spanMs)) {
			if (made >= total) break;
			buf.push({ topic: TOPICS.ticketEvents, eventId: r.event_id, payload: r });
			made++;
			if (buf.length >= chunk) {
				yield buf;
				buf = [];
			}
		}
	}
	if (buf.length) yield buf;
}
