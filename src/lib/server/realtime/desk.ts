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
