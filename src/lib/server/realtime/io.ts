/**
 * The socket.io server of a process. Web processes attach it to their HTTP server (after the
 * request handler: docs/STACK.md pitfall 7) and accept same-origin handshakes only (issue 18, Low).
 * With REDIS_URL it uses the Redis adapter, so what one process emits to a room (board frames and
 * deltas) reaches the room's sockets on every web process; the workers process creates one
 * without an HTTP server, only to emit through Redis.
 */
import type http from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { socketOriginAllowed } from '../security/csrf';
import type { RedisClient } from '../redis';

export interface SocketServer {
	io: Server;
	close(): Promise<void>;
}

export async function createSocketServer(httpServer: http.Server | null, redis: RedisClient | null): Promise<SocketServer> {
	const opts = {
		serveClient: false,
		allowRequest: (req: http.IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => {
			const ok = socketOriginAllowed({ origin: req.headers.origin, host: req.headers.host });
			callback(ok ? null : 'cross-origin handshake refused', ok);
		}
	};
	const io = httpServer ? new Server(httpServer, opts) : new Server(opts);
	let sub: RedisClient | null = null;
	let pub: RedisClient | null = null;
	if (redis) {
		// The adapter needs its own pair: a subscribed connection can do nothing else.
		pub = redis.duplicate();
		sub = redis.duplicate();
		for (const c of [pub, sub]) c.on('error', (e: Error) => console.error(`[opshub] redis (socket.io): ${e.message}`));
		await Promise.all([pub.connect(), sub.connect()]);
		io.adapter(createAdapter(pub, sub, { key: 'opshub' }));
	}
	return {
		io,
		close: async () => {
			await new Promise<void>((resolve) => io.close(() => resolve()));
			await Promise.all([pub?.quit().catch(() => {}), sub?.quit().catch(() => {})]);
		}
	};
}
