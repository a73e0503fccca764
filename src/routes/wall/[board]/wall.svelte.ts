/**
 * The state of a wall screen: which boards it watches over socket.io, their newest frames, and
 * the rotation. Issue J part 4:
 *  - the status is "connecting" until the shown board has a frame (the page may bring the
 *    server's newest one) and the socket is up, "live" only then, "stale" when the connection
 *    dropped or no frame came for STALE_MS;
 *  - rotation never blanks the tiles: the next board is joined PREFETCH before its turn and the
 *    wall switches only once its frame is in (until then the current board stays on screen);
 *  - boards are left (and their frames dropped) once neither shown nor next.
 */
import type { BoardFrame, BoardDelta } from '$lib/realtime';
import type { Board } from '$lib/server/boards/model';

export type WallFrame = BoardFrame & { seq: number };
export type WallBoard = Pick<Board, 'id' | 'name' | 'rotateS' | 'tiles'>;
export type WallStatus = 'connecting' | 'live' | 'stale';

/**
 * Grid rows of a board: tiles packed left to right into 6 columns (as CSS auto-placement does),
 * a row of number tiles only weighing less than a row with a chart or a feed. The wall divides
 * the screen's height between them, so every board fills the screen exactly.
 */
export function rowWeights(tiles: Pick<WallBoard['tiles'][number], 'kind' | 'span'>[], columns = 6): number[] {
	const rows: number[] = [];
	let col = columns;
	for (const t of tiles) {
		const span = Math.min(columns, Math.max(1, t.span ?? 1));
		if (col + span > columns) {
			rows.push(0.62);
			col = 0;
		}
		col += span;
		if (t.kind !== 'number' && t.kind !== 'clock') rows[rows.length - 1] = 1;
	}
	return rows;
}

/** The server beats every 10 s: 25 s without a frame means the feed stopped. */
export const STALE_MS = 25_000;

/** What the wall needs from the socket (socket.io's client, or a fake in tests). */
export interface WallLink {
	join(boardId: string, refused: (error: string) => void): void;
	leave(boardId: string): void;
}

export class WallState {
	readonly boards: WallBoard[];
	/** Seconds per board when set (the `?rotate=` parameter), else each board's own `rotateS`. */
	readonly rotateS: number | null;
	readonly rotating: boolean;
	index = $state(0);
	connected = $state(false);
	private everConnected = false;
	now = $state(Date.now());
	frames = $state.raw<Record<string, WallFrame>>({});
	private receivedAt = $state.raw<Record<string, number>>({});
	/** Boards joined (shown and prefetched); re-joined after a reconnect. */
	private joined = new Set<string>();
	/** Boards whose join was refused: skipped by the rotation. */
	private refused = new Set<string>();
	private shownAt = Date.now();

	constructor(
		private readonly link: WallLink,
		opts: { boards: WallBoard[]; start: string; rotate: boolean; rotateS?: number | null; initial?: WallFrame | null }
	) {
		this.boards = opts.boards;
		this.index = Math.max(0, this.boards.findIndex((b) => b.id === opts.start));
		if (opts.initial && opts.initial.boardId === this.board.id) {
			this.frames = { [this.board.id]: opts.initial };
			this.receivedAt = { [this.board.id]: Date.now() };
		}
		this.rotateS = opts.rotateS ?? null;
		this.rotating = opts.rotate && this.boards.length > 1;
	}

	get board(): WallBoard {
		return this.boards[this.index];
	}

	get frame(): WallFrame | null {
		return this.frames[this.board.id] ?? null;
	}

	/** "connecting" until the shown board has a frame and the socket is up the first time. */
	get status(): WallStatus {
		if (!this.frame) return 'connecting';
		if (!this.connected) return this.everConnected ? 'stale' : 'connecting';
		if (this.now - (this.receivedAt[this.board.id] ?? 0) > STALE_MS) return 'stale';
		return 'live';
	}

	/** Milliseconds the current board stays on screen. */
	get intervalMs(): number {
		return (this.rotateS ?? this.board.rotateS) * 1000;
	}

	/** How long before its turn the next board is joined: 10 s, or half the interval when shorter. */
	get prefetchMs(): number {
		return Math.min(10_000, this.intervalMs / 2);
	}

	private nextIndex(): number | null {
		for (let k = 1; k < this.boards.length; k++) {
			const i = (this.index + k) % this.boards.length;
			if (!this.refused.has(this.boards[i].id)) return i;
		}
		return null;
	}

	/** The socket (re)connected: join the shown board (and the prefetched one) again. */
	onConnect(nowMs = Date.now()): void {
		this.connected = true;
		this.everConnected = true;
		if (!this.joined.size) {
			this.shownAt = nowMs;
			this.join(this.board.id);
		} else for (const id of this.joined) this.link.join(id, (e) => this.onRefused(id, e));
	}

	onDisconnect(): void {
		this.connected = false;
	}

	private join(id: string): void {
		if (this.joined.has(id)) return;
		this.joined.add(id);
		this.link.join(id, (e) => this.onRefused(id, e));
	}

	private onRefused(id: string, error: string): void {
		console.warn('board join refused', id, error);
		this.refused.add(id);
		this.joined.delete(id);
	}

	onFrame(f: WallFrame, nowMs = Date.now()): void {
		if (!this.joined.has(f.boardId)) return; // late, after a leave
		this.frames = { ...this.frames, [f.boardId]: f };
		this.receivedAt = { ...this.receivedAt, [f.boardId]: nowMs };
	}

	/** A flush's changes at once; skipped when the frame already counts that flush. */
	onDelta(d: BoardDelta, nowMs = Date.now()): void {
		const frame = this.frames[d.boardId];
		const board = this.boards.find((b) => b.id === d.boardId);
		if (!frame || !board || d.seq <= frame.seq) return;
		const tiles = { ...frame.tiles };
		for (const tile of board.tiles) {
			const t = tiles[tile.id];
			if (!t) continue;
			if (t.kind === 'number' && t.metric === 'volume' && tile.window === 'today' && d.createdToday) {
				tiles[tile.id] = { ...t, value: Number(t.value ?? 0) + d.createdToday };
			} else if (t.kind === 'feed' && d.feed.length) {
				tiles[tile.id] = { ...t, items: [...d.feed, ...(t.items ?? [])].slice(0, 12) };
			}
		}
		this.onFrame({ ...frame, tiles, seq: d.seq, at: d.at }, nowMs);
	}

	/** Called often (every 250 ms): prefetch the next board, then switch once its frame is in. */
	tick(nowMs = Date.now()): void {
		this.now = nowMs;
		if (!this.rotating || !this.connected) return;
		const next = this.nextIndex();
		if (next === null) return;
		const elapsed = nowMs - this.shownAt;
		const nextId = this.boards[next].id;
		if (elapsed >= this.intervalMs - this.prefetchMs) this.join(nextId);
		if (elapsed >= this.intervalMs && this.frames[nextId]) this.show(next, nowMs);
	}

	private show(i: number, nowMs: number): void {
		this.index = i;
		this.shownAt = nowMs;
		const keep = new Set([this.board.id]);
		const next = this.nextIndex();
		if (next !== null) keep.add(this.boards[next].id);
		// With two boards the one just left is the next one: it stays joined, its frames current.
		for (const id of [...this.joined]) {
			if (keep.has(id)) continue;
			this.joined.delete(id);
			this.link.leave(id);
			const frames = { ...this.frames };
			delete frames[id];
			this.frames = frames;
		}
	}
}
