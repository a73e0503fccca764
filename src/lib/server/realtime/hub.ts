/**
 * Live boards over socket.io. A socket authenticates at the handshake (session cookie or display
 * token) and joins a board's room only after the permission check. After each relay flush the hub
 * recomputes the boards that have viewers — at most once per `minIntervalMs` per board, the
 * flushes in between coalesced into one frame — and pushes one frame per board to its room.
 * A heartbeat recomputes every `heartbeatMs` so time windows move and clients can tell a live
 * feed from a stale one.
 *
 * Credentials are re-checked (issue 18, Medium 6): every `sweepMs` the sockets of this process
 * are checked in one query per credential kind, and those whose session was logged out or
 * expired, whose display or API token was revoked, or whose account was deactivated are
 * disconnected; a board join resolves the credential again before joining.
 */
import type { Server, Socket } from 'socket.io';
import type { Db } from '../db/index';
import type { ClickHouse } from '../analytics/clickhouse';
import type { Actor } from '../rbac/actor';
import { canViewBoard, getBoard } from '../boards/service';
import { credentialKey, credentialOf, resolveActor, stillValid, type Credential } from '../rbac/credentials';
import { computeBoardFrame, type BoardFrame } from '../boards/compute';
import { boardDelta } from '../boards/delta';
import type { Board } from '../boards/model';
import type { FlushedBatch } from '../events/relay';
import { TOPICS } from '../events/topics';
import type { TicketEventRow } from '../../../../schemas/events';
import type { ClientToServerEvents, ServerToClientEvents } from '../../realtime';

type IO = Server<ClientToServerEvents, ServerToClientEvents>;
type Sock = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
interface SocketData {
	actor: Actor;
	credential: Credential;
	credentialKey: string;
}

const room = (boardId: string) => `board:${boardId}`;

export interface HubOptions {
	minIntervalMs?: number;
	heartbeatMs?: number;
	/** How often open sockets' credentials are re-checked (revocation reaches them within this). */
	sweepMs?: number;
	/** A joining socket gets the board's last frame at once when it is at most this old (60 s). */
	maxCachedMs?: number;
}

export class BoardHub {
	private last = new Map<string, { at: number; frame: BoardFrame & { seq: number } }>();
	/** Board definitions as last loaded (for deltas: filters). */
	private defs = new Map<string, Board>();
	/** Relay flushes seen: frames carry the value at the end of their computation. */
	private seq = 0;
	deltas = 0;
	private timers = new Map<string, NodeJS.Timeout>();
	private computing = new Set<string>();
	private again = new Set<string>();
	private heartbeat: NodeJS.Timeout;
	readonly minIntervalMs: number;
	readonly maxCachedMs: number;
	frames = 0;

	constructor(
		private readonly io: IO,
		private readonly db: Db,
		private readonly ch: ClickHouse,
		opts: HubOptions = {}
	) {
		this.minIntervalMs = opts.minIntervalMs ?? 1000;
		this.maxCachedMs = opts.maxCachedMs ?? 60_000;
		io.use(async (socket, next) => {
			try {
				const auth = (socket.handshake.auth ?? {}) as { displayToken?: unknown; token?: unknown };
				const credential = credentialOf({
					authorization: typeof auth.token === 'string' ? `Bearer ${auth.token}` : socket.handshake.headers.authorization,
					displayToken: typeof auth.displayToken === 'string' ? auth.displayToken : null,
					cookieHeader: socket.handshake.headers.cookie
				});
				const actor = await resolveActor(db, credential);
				if (!actor || !credential) return next(new Error('unauthorized'));
				Object.assign((socket as Sock).data, { actor, credential, credentialKey: credentialKey(credential) });
				next();
			} catch (e) {
				next(e as Error);
			}
		});
		io.on('connection', (s) => this.onConnection(s as Sock));
		this.heartbeat = setInterval(() => void this.touchAll(), opts.heartbeatMs ?? 10_000);
		this.heartbeat.unref();
		this.sweeper = setInterval(() => void this.sweep().catch((e) => console.error('[hub] sweep failed:', e)), opts.sweepMs ?? 2000);
		this.sweeper.unref();
	}

	private sweeper: NodeJS.Timeout;
	private sweeping = false;

	/** Disconnects this process's sockets whose credential no longer authenticates. */
	async sweep(): Promise<number> {
		if (this.sweeping) return 0;
		this.sweeping = true;
		try {
			const socks = [...this.io.of('/').sockets.values()] as Sock[];
			const creds = socks.map((x) => x.data.credential).filter(Boolean);
			if (!creds.length) return 0;
			const ok = await stillValid(this.db, creds);
			let n = 0;
			for (const x of socks) {
				if (x.data.credentialKey && !ok.has(x.data.credentialKey)) {
					x.disconnect(true);
					n++;
				}
			}
			return n;
		} finally {
			this.sweeping = false;
		}
	}

	private onConnection(socket: Sock) {
		socket.on('board:join', async (boardId, ack) => {
			const reply = typeof ack === 'function' ? ack : () => {};
			// The credential may have been revoked since the handshake: resolve it again.
			const actor = await resolveActor(this.db, socket.data.credential).catch(() => null);
			if (!actor) {
				reply({ ok: false, error: 'unauthorized' });
				socket.disconnect(true);
				return;
			}
			socket.data.actor = actor;
			if (typeof boardId !== 'string' || !canViewBoard(socket.data.actor, boardId)) {
				return reply({ ok: false, error: 'forbidden' });
			}
			try {
				await getBoard({ db: this.db, actor: socket.data.actor }, boardId);
			} catch (e) {
				return reply({ ok: false, error: (e as Error).message });
			}
			await socket.join(room(boardId));
			reply({ ok: true });
			// The first frame at once (issue J: a new TV waited for the next recompute, up to 19 s):
			// the newest frame computed here if there is one not older than `maxCachedMs` (the
			// frame says when it was computed), then a fresh one unless that frame is fresh itself.
			const cached = this.last.get(boardId);
			const age = cached ? Date.now() - cached.at : Infinity;
			if (cached && age <= this.maxCachedMs) socket.emit('board:frame', cached.frame);
			if (age < this.minIntervalMs * 2) return;
			if (this.publisher) this.touch(boardId, true);
			else void this.resync(socket, boardId);
		});
		socket.on('board:leave', (boardId) => void socket.leave(room(String(boardId))));
	}

	/**
	 * The publisher is the hub of the process that runs the relay (the workers leader): it
	 * computes frames and deltas for boards watched on any web process and emits them to the
	 * rooms (through Redis when configured). The other web processes only serve their sockets:
	 * a join there gets a frame for that socket alone.
	 */
	publisher = true;

	/** The newest frame of a board computed here if at most `maxCachedMs` old (the wall page renders it at once). */
	cachedFrame(boardId: string): (BoardFrame & { seq: number }) | null {
		const cached = this.last.get(boardId);
		return cached && Date.now() - cached.at <= this.maxCachedMs ? cached.frame : null;
	}

	/** A frame for one socket that just joined, on a web process that does not publish. */
	private async resync(socket: Sock, boardId: string): Promise<void> {
		try {
			const board = await getBoard({ db: this.db, actor: socket.data.actor }, boardId);
			const startedAt = Date.now();
			const frame = { ...(await computeBoardFrame(this.ch, board)), seq: 0 };
			// Kept for the next socket joining here (the publisher's frames reach this process's
			// sockets through the adapter, not this cache).
			if ((this.last.get(boardId)?.at ?? 0) < startedAt) this.last.set(boardId, { at: startedAt, frame });
			socket.emit('board:frame', frame);
		} catch (e) {
			socket.emit('board:error', { boardId, message: (e as Error).message });
		}
	}

	/** Boards that have at least one viewer, on every web process when the adapter is Redis. */
	async activeBoards(): Promise<string[]> {
		const adapter = this.io.of('/').adapter as { rooms: Map<string, Set<string>>; allRooms?: () => Promise<Set<string>> };
		const names = adapter.allRooms
			? [...(await adapter.allRooms())]
			: [...adapter.rooms].filter(([, members]) => members.size > 0).map(([name]) => name);
		return names.filter((n) => n.startsWith('board:')).map((n) => n.slice(6));
	}

	/** The relay shipped a batch: push what it changed now, recompute every watched board soon. */
	async onFlush(batches: FlushedBatch[] = []): Promise<void> {
		this.seq++;
		const events = batches.filter((b) => b.topic === TOPICS.ticketEvents).flatMap((b) => b.rows as unknown as TicketEventRow[]);
		const active = await this.activeBoards().catch(() => [] as string[]);
		if (events.length) {
			for (const id of active) {
				const def = this.defs.get(id);
				if (!def) continue;
				const delta = boardDelta(def, events, this.seq, Date.now());
				if (delta) {
					this.io.to(room(id)).emit('board:delta', delta);
					this.deltas++;
				}
			}
		}
		for (const id of active) this.touch(id);
	}

	async touchAll(): Promise<void> {
		if (!this.publisher) return;
		for (const id of await this.activeBoards().catch(() => [] as string[])) this.touch(id);
	}

	/** Schedules a recompute, no sooner than minIntervalMs after the previous one (coalescing). */
	touch(boardId: string, now = false): void {
		if (this.computing.has(boardId)) {
			this.again.add(boardId);
			return;
		}
		if (this.timers.has(boardId)) return;
		const since = Date.now() - (this.last.get(boardId)?.at ?? 0);
		const delay = now ? 0 : Math.max(0, this.minIntervalMs - since);
		this.timers.set(
			boardId,
			setTimeout(() => {
				this.timers.delete(boardId);
				void this.compute(boardId);
			}, delay)
		);
	}

	private async compute(boardId: string): Promise<void> {
		this.computing.add(boardId);
		// The throttle counts from the start of a computation, so frames come every
		// max(minIntervalMs, compute time) under load rather than minIntervalMs + compute time.
		const startedAt = Date.now();
		try {
			const board = await getBoard({ db: this.db, actor: { kind: 'system', accountId: null, label: 'hub', roles: [], permissions: new Set(['kpi.read']), tier: null, departmentId: null } }, boardId);
			this.defs.set(boardId, board);
			// Deltas of flushes up to now may already be in this frame: the client skips them.
			const frame = { ...(await computeBoardFrame(this.ch, board)), seq: this.seq };
			this.last.set(boardId, { at: startedAt, frame });
			this.io.to(room(boardId)).emit('board:frame', frame);
			this.frames++;
		} catch (e) {
			this.io.to(room(boardId)).emit('board:error', { boardId, message: (e as Error).message });
		} finally {
			this.computing.delete(boardId);
			if (this.again.delete(boardId)) this.touch(boardId);
		}
	}

	stop(): void {
		clearInterval(this.heartbeat);
		clearInterval(this.sweeper);
		for (const t of this.timers.values()) clearTimeout(t);
	}
}
