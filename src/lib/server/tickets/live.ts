/**
 * Ticket changes for live queues: the ticket verbs publish here after their transaction commits;
 * the socket layer (realtime/desk.ts) forwards each change to the rooms of the groups concerned.
 * The emitter lives on globalThis so the SvelteKit bundle and server.ts (tsx) share one.
 */
import { EventEmitter } from 'node:events';
import type { TicketRow } from './events';

/** One shape for the server and the browser: the socket event map's (src/lib/realtime.ts). */
export type { QueueTicketChange as TicketChange } from '../../realtime';
import type { QueueTicketChange as TicketChange } from '../../realtime';

const KEY = Symbol.for('opshub.ticketChanges');
type G = typeof globalThis & { [KEY]?: EventEmitter };

export function ticketChanges(): EventEmitter {
	const g = globalThis as G;
	if (!g[KEY]) g[KEY] = new EventEmitter().setMaxListeners(0);
	return g[KEY];
}

export function publishTicketChange(before: Pick<TicketRow, 'groupId'> | null, after: TicketRow, types: string[]): void {
	const groupIds = [...new Set([after.groupId, ...(before ? [before.groupId] : [])])];
	const change: TicketChange = {
		id: after.id,
		number: after.number,
		groupIds,
		agentId: after.agentId,
		status: after.status,
		priority: after.priority,
		version: after.version,
		updatedAt: after.updatedAt.toISOString(),
		types
	};
	ticketChanges().emit('change', change);
}
