/** socket.io event maps shared by the server and the browser (typed both ways). */
import type { BoardFrame, FeedItem } from './server/boards/compute';

/**
 * What a relay flush changed on a board, pushed at once (one message per board per flush) while
 * the full frame follows within the throttle. Applied only when `seq` is newer than the frame's.
 */
export interface BoardDelta {
	boardId: string;
	seq: number;
	at: string;
	/** Tickets created today (UTC) that match the board's filters. */
	createdToday: number;
	/** New P1/P2 tickets and SLA breaches, newest first. */
	feed: FeedItem[];
}

/** A ticket changed (desk queues): sent to the rooms of its group now and before. */
export interface QueueTicketChange {
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

export interface ServerToClientEvents {
	'queue:ticket': (change: QueueTicketChange) => void;
	'board:frame': (frame: BoardFrame & { seq: number }) => void;
	'board:delta': (delta: BoardDelta) => void;
	'board:error': (e: { boardId: string; message: string }) => void;
}

export interface ClientToServerEvents {
	/** Join the live queues of these groups ('none' = tickets without a group); agents only. */
	'queue:join': (groupIds: string[], ack: (r: { ok: boolean; joined?: string[]; error?: string }) => void) => void;
	'queue:leave': (groupIds: string[]) => void;
	'board:join': (boardId: string, ack: (r: { ok: boolean; error?: string }) => void) => void;
	'board:leave': (boardId: string) => void;
}

export type { BoardFrame, FeedItem };
