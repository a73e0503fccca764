/**
 * Ticket changes for live queues: the ticket verbs publish here after their transaction commits;
 * the socket layer (realtime/desk.ts) forwards each change to the rooms of the groups concerned.
 * The emitter lives on globalThis so the SvelteKit bundle and server.ts (tsx) share one.
 */
import { EventEmitter } from 'node:events';
import type { TicketRow } from './events';

export interface TicketChange {
	id: string;
	number: string;
	/** Groups whose queues change: the ticket's group now and before (null = no group). */
	groupIds: (string | null)[];
	agentId: string | null;
	status: string;
	priority: string;
	version: number;
	updatedAt: string;
	/** Event types of the change (ticket.created, ticket.assigned…). */
	types: string[];
}

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
