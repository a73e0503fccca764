// Issue 18, Medium 6: revoked display tokens, revoked API tokens and logged-out sessions lose their
// open sockets within 5 s, and a board join re-checks the credential. Real socket.io, real stores.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { openClickHouse, migrateClickHouse, type ClickHouse } from '../../../src/lib/server/analytics/clickhouse';
import { seedReferenceData } from '../../../src/lib/server/seed';
import { bootstrapAdmin } from '../../../src/lib/server/rbac/accounts';
import { createApiToken, login, logout, SESSION_COOKIE } from '../../../src/lib/server/rbac/auth';
import { createDisplayToken, listBoards, revokeDisplayToken } from '../../../src/lib/server/boards/service';
import { revokeApiToken } from '../../../src/lib/server/rbac/auth';
import { BoardHub } from '../../../src/lib/server/realtime/hub';
import type { Actor } from '../../../src/lib/server/rbac/actor';

let ch: ClickHouse;
let chDir: string;
beforeAll(async () => {
	chDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-sock-'));
	ch = await openClickHouse({ url: null, dataDir: path.join(chDir, 'ch') });
	await migrateClickHouse(ch);
});
afterAll(async () => {
	await ch?.close();
	fs.rmSync(chDir, { recursive: true, force: true });
});

describe.each(DRIVERS)('socket credentials on %s', (driver) => {
	let t: TestDb;
	let admin: Actor;
	let boardId: string;
	const servers: Array<{ io: Server; hub: BoardHub; srv: http.Server }> = [];
	const clients: Socket[] = [];

	beforeAll(async () => {
		t = await freshDb(driver);
		await seedReferenceData(t.db);
		await bootstrapAdmin(t.db, { email: 'boss@example.com', password: 'correct horse' });
		admin = (await login(t.db, { email: 'boss@example.com', password: 'correct horse' })).actor;
		boardId = (await listBoards({ db: t.db, actor: admin }))[0].id;
	});
	afterAll(async () => {
		for (const c of clients) c.close();
		for (const s of servers) {
			s.hub.stop();
			s.io.close();
		}
		await t?.close();
	});

	async function hubServer(sweepMs: number) {
		const srv = http.createServer();
		const io = new Server(srv);
		const hub = new BoardHub(io as never, t.db, ch, { sweepMs, heartbeatMs: 60_000 });
		await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
		servers.push({ io, hub, srv });
		return `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
	}

	async function open(url: string, opts: { auth?: Record<string, string>; cookie?: string }): Promise<Socket> {
		const c = connect(url, { auth: opts.auth ?? {}, transports: ['websocket'], extraHeaders: opts.cookie ? { cookie: opts.cookie } : {}, reconnection: false });
		clients.push(c);
		await new Promise<void>((resolve, reject) => {
			c.once('connect', resolve);
			c.once('connect_error', reject);
		});
		return c;
	}

	const join = (c: Socket, id: string) => new Promise<{ ok: boolean; error?: string }>((r) => c.emit('board:join', id, r));

	async function msToDisconnect(c: Socket, limitMs = 6000): Promise<number> {
		const t0 = Date.now();
		if (!c.connected) return 0;
		await Promise.race([new Promise((r) => c.once('disconnect', r)), new Promise((r) => setTimeout(r, limitMs))]);
		return c.connected ? Infinity : Date.now() - t0;
	}

	it('a revoked display token loses its open socket within 5 s', async () => {
		const url = await hubServer(1000);
		const dt = await createDisplayToken({ db: t.db, actor: admin }, { name: 'lobby', boardIds: [boardId] });
		const c = await open(url, { auth: { displayToken: dt.token } });
		expect(await join(c, boardId)).toEqual({ ok: true });
		await revokeDisplayToken({ db: t.db, actor: admin }, dt.id);
		expect(await msToDisconnect(c)).toBeLessThan(5000);
		await expect(open(url, { auth: { displayToken: dt.token } })).rejects.toThrow(/unauthorized/);
	});

	it('a logged-out session loses its open socket within 5 s', async () => {
		const url = await hubServer(1000);
		const { sessionToken } = await login(t.db, { email: 'boss@example.com', password: 'correct horse' });
		const c = await open(url, { cookie: `${SESSION_COOKIE}=${sessionToken}` });
		expect(await join(c, boardId)).toEqual({ ok: true });
		await logout(t.db, sessionToken);
		expect(await msToDisconnect(c)).toBeLessThan(5000);
	});

	it('a revoked API token loses its open socket within 5 s', async () => {
		const url = await hubServer(1000);
		const tok = await createApiToken({ db: t.db, actor: admin }, { name: 'sock', scopes: ['kpi.read'] });
		const c = await open(url, { auth: { token: tok.token } });
		expect(await join(c, boardId)).toEqual({ ok: true });
		await revokeApiToken({ db: t.db, actor: admin }, tok.id);
		expect(await msToDisconnect(c)).toBeLessThan(5000);
	});

	it('a board join re-checks the credential (revoked between handshake and join: refused)', async () => {
		const url = await hubServer(600_000); // no sweep in this test: the join alone must refuse
		const dt = await createDisplayToken({ db: t.db, actor: admin }, { name: 'late', boardIds: [boardId] });
		const c = await open(url, { auth: { displayToken: dt.token } });
		await revokeDisplayToken({ db: t.db, actor: admin }, dt.id);
		expect(await join(c, boardId)).toEqual({ ok: false, error: 'unauthorized' });
		expect(await msToDisconnect(c, 2000)).toBeLessThan(2000);
	});
});
