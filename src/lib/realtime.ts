/** socket.io event maps shared by the server and the browser (typed both ways). */
import type { BoardFrame } from './server/boards/compute';

export interface ServerToClientEvents {
	'board:frame': (frame: BoardFrame) => void;
	'board:error': (e: { boardId: string; message: string }) => void;
}

export interface ClientToServerEvents {
	'board:join': (boardId: string, ack: (r: { ok: boolean; error?: string }) => void) => void;
	'board:leave': (boardId: string) => void;
}

export type { BoardFrame };
