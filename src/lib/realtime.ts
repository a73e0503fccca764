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

export interface ServerToClientEvents {
	'board:frame': (frame: BoardFrame & { seq: number }) => void;
	'board:delta': (delta: BoardDelta) => void;
	'board:error': (e: { boardId: string; message: string }) => void;
}

export interface ClientToServerEvents {
	'board:join': (boardId: string, ack: (r: { ok: boolean; error?: string }) => void) => void;
	'board:leave': (boardId: string) => void;
}

export type { BoardFrame, FeedItem };
