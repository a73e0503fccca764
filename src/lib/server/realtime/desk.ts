/**
 * Live desk queues over socket.io. A socket (authenticated by the hub's handshake middleware)
 * asks to join the queue rooms of groups; each is joined only after the permission check
 * (tickets.work: the desk sees every group's queue; requesters never join). Every committed ticket
 * change (tickets/live.ts) goes to the rooms of the ticket's group now and before, so a queue
 * shows a new, moved or changed ticket within the round trip, without polling.
 */
import type { Server, Socket } from 'socket.io';
import type { Actor } from '../rbac/actor';
import { ticketChanges, type TicketChange } from '../tickets/live';
import type { ClientToServerEvents, ServerToClientEvents } from '../../realtime';

type IO = Server<ClientToServerEvents, ServerToClientEvents>;
type Sock = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { actor?: Actor }>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const queueRoom = (groupId: string | null) => `queue:${groupId ?? 'none'}`;

/** Whether this actor may follow a group's queue. */
export function canWatchQueue(actor: Actor | undefined, groupId: string): boolean {
	if (!actor || !actor.permissions.has('tickets.work')) return false;
	return groupId === 'none' || UUID.test(groupId);
}

export function attachDeskRealtime(io: IO): () => void {
	const onConnection = (s: Sock) => {
		s.on('queue:join', async (groupIds, ack) => {
			const reply = typeof ack === 'function' ? ack : () => {};
			if (!Array.isArray(groupIds) || groupIds.length > 500) return reply({ ok: false, error: 'groupIds must be a list' });
			const allowed = groupIds.filter((g): g is string => typeof g === 'string' && canWatchQueue(s.data.actor, g));
			if (!allowed.length) return reply({ ok: false, error: 'forbidden' });
			await s.join(allowed.map((g) => queueRoom(g === 'none' ? null : g)));
			reply({ ok: true, joined: allowed });
		});
		s.on('queue:leave', (groupIds) => {
			if (Array.isArray(groupIds)) for (const g of groupIds) void s.leave(queueRoom(g === 'none' ? null : String(g)));
		});
	};
	io.on('connection', onConnection as (s: Socket) => void);
	const onChange = (c: TicketChange) => {
		const rooms = [...new Set(c.groupIds.map(queueRoom))];
		io.to(rooms).emit('queue:ticket', c);
	};
	const bus = ticketChanges();
	bus.on('change', onChange);
	return () => {
		bus.off('change', onChange);
		io.off('connection', onConnection as (s: Socket) => void);
	};
}

/**
 * Changes made where no command publishes them (the monitoring processor's set-based openings,
 * the SLA watcher), taken from what the outbox relay shipped: events by the system or a
 * monitoring source go to their group's queue room. Commands by people publish directly
 * (tickets/live.ts), so their events are not sent twice. Version 0: a ticket page does not reload
 * for these, a queue does.
 */
export function forwardRelayedChanges(io: IO, batches: { topic: string; rows: Record<string, unknown>[] }[]): void {
	const latest = new Map<string, TicketChange>();
	for (const b of batches) {
		if (b.topic !== 'ticket_events') continue;
		for (const r of b.rows) {
			if (r.actor_kind !== 'system' && r.actor_kind !== 'monitoring') continue;
			const id = String(r.ticket_id);
			const prev = latest.get(id);
			latest.set(id, {
				id,
				number: String(r.ticket_number),
				groupIds: [...new Set([...(prev?.groupIds ?? []), (r.group_id as string) || null])],
				agentId: (r.agent_id as string) || null,
				status: String(r.status),
				priority: String(r.priority),
				version: 0,
				updatedAt: String(r.at),
				types: [...(prev?.types ?? []), String(r.type)]
			});
		}
	}
	for (const c of latest.values()) io.to([...new Set(c.groupIds.map(queueRoom))]).emit('queue:ticket', c);
}
