// Issue 18, scale-out: two socket.io servers in separate processes on the local Redis. A client on
// process B receives the board frames and deltas that process A (the relay leader's hub) computes.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { freshDb, type TestDb } from '../../helpers/db';
import { seedReferenceData } from '../../../src/lib/server/seed';
import { systemActor } from '../../../src/lib/server/rbac/actor';
import { createDisplayToken, listBoards } from '../../../src/lib/server/boards/service';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function startHub(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
	const child = fork('test/integration/scaleout/hubProcess.ts', [], {
		execArgv: ['--import', 'tsx'],
		env: { ...process.env, REDIS_URL, ...env },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	});
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`hub process exited (${code})`)));
		child.on('message', (m: { type: string; port?: number }) => {
			if (m.type === 'ready') resolve({ child, port: m.port! });
		});
	});
}

const ask = (child: ChildProcess, msg: object) =>
	new Promise<{ frames: number; deltas: number }>((resolve) => {
		const on = (m: { type: string; frames: number; deltas: number }) => {
			if (m.type === 'flushed') {
				child.off('message', on);
				resolve(m);
			}
		};
		child.on('message', on);
		child.send(msg);
	});

describe('socket.io across two processes on Redis', () => {
	let t: TestDb;
	let a: ChildProcess;
	let b: ChildProcess;
	let client: Socket;
	let token: string;
	let boardId: string;

	beforeAll(async () => {
		t = await freshDb('postgres');
		await seedReferenceData(t.db);
		const sys = { db: t.db, actor: systemActor('test') };
		boardId = (await listBoards(sys))[0].id;
		token = (await createDisplayToken(sys, { name: 'wall', boardIds: [boardId] })).token;
		const [pa, pb] = await Promise.all([startHub({ DATABASE_URL: t.url!, HUB_PUBLISHER: '1' }), startHub({ DATABASE_URL: t.url! })]);
		a = pa.child;
		b = pb.child;
		client = connect(`http://127.0.0.1:${pb.port}`, { auth: { displayToken: token }, transports: ['websocket'], reconnection: false });
		await new Promise<void>((resolve, reject) => {
			client.once('connect', resolve);
			client.once('connect_error', reject);
		});
	}, 240_000);

	afterAll(async () => {
		client?.close();
		for (const c of [a, b]) c?.send({ type: 'stop' });
		await new Promise((r) => setTimeout(r, 1000));
		for (const c of [a, b]) if (c && c.exitCode === null) c.kill('SIGKILL');
		await t?.close();
	});

	it('a client on process B gets the frames and deltas process A publishes', { timeout: 120_000 }, async () => {
		const frames: Array<{ seq: number }> = [];
		const deltas: Array<{ seq: number; boardId: string }> = [];
		client.on('board:frame', (f) => frames.push(f));
		client.on('board:delta', (d) => deltas.push(d));
		const joined = await new Promise<{ ok: boolean }>((r) => client.emit('board:join', boardId, r));
		expect(joined).toEqual({ ok: true });
		// B answers the join with a frame for this socket (seq 0): B itself never publishes.
		await expect.poll(() => frames.length, { timeout: 60_000 }).toBeGreaterThan(0);
		expect(frames[0].seq).toBe(0);

		// A sees B's room through Redis and publishes a frame (seq 1) to it.
		await ask(a, { type: 'flush', batches: [] });
		await expect.poll(() => frames.some((f) => f.seq >= 1), { timeout: 30_000 }).toBe(true);

		// With the board definition loaded, a relay flush of a matching event becomes a delta.
		const now = new Date().toISOString();
		const row = {
			event_id: randomUUID(),
			type: 'ticket.created',
			at: now,
			ticket_id: randomUUID(),
			ticket_number: 'INC-999999',
			priority: 'P1',
			title: 'Core switch down',
			category: 'network',
			channel: 'monitoring',
			tier: 'L0',
			status: 'new',
			group_id: '',
			department_id: '',
			sla_clock: '',
			payload: JSON.stringify({ title: 'Core switch down' })
		};
		await ask(a, { type: 'flush', batches: [{ topic: 'ticket_events', rows: [row] }] });
		await expect.poll(() => deltas.length, { timeout: 30_000 }).toBeGreaterThan(0);
		expect(deltas[0]).toMatchObject({ boardId, seq: 2 });
	});
});
