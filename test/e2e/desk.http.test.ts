/**
 * The desk API on the real server (adapter-node, PostgreSQL): attachments past adapter-node's
 * default body cap, 413 JSON naming the limit, 415 for blocked types, download headers; 409 with
 * the current state; queue and search routes.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { freshDb, type TestDb } from '../helpers/db';
import { createAccount } from '../../src/lib/server/rbac/accounts';
import { systemActor } from '../../src/lib/server/rbac/actor';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@desk.test', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const PASSWORD = 'desk-pass-123';

describe('desk API over HTTP', () => {
	let s: RunningServer;
	let t: TestDb;
	let admin: string;
	let agent: string;
	let req: string;
	let ticket: { id: string; number: string; version: number };

	const call = (method: string, p: string, body?: unknown, cookie = agent, headers: Record<string, string> = {}) =>
		fetch(`${s.url}${p}`, {
			method,
			headers: { cookie, ...(body !== undefined ? { 'content-type': body instanceof Uint8Array ? 'application/octet-stream' : 'application/json' } : {}), ...headers },
			body: body === undefined ? undefined : body instanceof Uint8Array ? (body as unknown as BodyInit) : JSON.stringify(body)
		});

	beforeAll(async () => {
		t = await freshDb('postgres');
		s = await startServer({ ...ADMIN, DATABASE_URL: t.url! });
		const sys = { db: t.db, actor: systemActor('test') };
		await createAccount(sys, { email: 'agent@desk.test', name: 'Agent', password: PASSWORD, roles: ['agent'], tier: 'L1' });
		await createAccount(sys, { email: 'req@desk.test', name: 'Req', password: PASSWORD, roles: ['requester'] });
		admin = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		agent = await signIn(s.url, 'agent@desk.test', PASSWORD);
		req = await signIn(s.url, 'req@desk.test', PASSWORD);
		ticket = await (await call('POST', '/api/tickets', { title: 'Printer on fire', description: 'smoke from tray 2' }, req)).json();
	}, 120_000);
	afterAll(async () => {
		await s?.stop();
		await t?.close();
	});

	it('streams a 1 MB upload past adapter-node\'s 512K cap and serves it as an attachment', async () => {
		const buf = new Uint8Array(Buffer.from('line of a big log file\n'.repeat(46_000)));
		const r = await call('POST', `/api/tickets/${ticket.id}/attachments?filename=big.log`, buf);
		const a = await r.json();
		expect(r.status, JSON.stringify(a)).toBe(201);
		expect(a).toMatchObject({ sizeBytes: buf.length, contentType: 'text/plain', sha256: createHash('sha256').update(buf).digest('hex') });
		const d = await call('GET', `/api/attachments/${a.id}`, undefined, req);
		expect(d.status).toBe(200);
		expect(d.headers.get('content-disposition')).toBe(`attachment; filename="big.log"; filename*=UTF-8''big.log`);
		expect(d.headers.get('x-content-type-options')).toBe('nosniff');
		expect(d.headers.get('content-security-policy')).toContain("default-src 'none'");
		expect(Buffer.compare(Buffer.from(await d.arrayBuffer()), Buffer.from(buf))).toBe(0);
	});

	it('answers 413 JSON naming the limit, and 415 for a blocked type', async () => {
		expect((await call('PUT', '/api/desk/settings', { attachmentMaxBytes: 200_000 }, admin)).status).toBe(200);
		const r = await call('POST', `/api/tickets/${ticket.id}/attachments?filename=dump.bin`, new Uint8Array(300_000));
		expect(r.status).toBe(413);
		const body = await r.json();
		expect(body.error).toMatchObject({ code: 'TOO_LARGE', limitBytes: 200_000 });
		const exe = await call('POST', `/api/tickets/${ticket.id}/attachments?filename=tool.exe`, new Uint8Array([0x4d, 0x5a, 0, 0]));
		expect(exe.status).toBe(415);
		expect((await exe.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
		const list = await (await call('GET', `/api/tickets/${ticket.id}/attachments`)).json();
		expect(list.map((x: { filename: string }) => x.filename)).toEqual(['big.log']);
	});

	it('answers 409 with the current state to a stale version', async () => {
		const first = await call('POST', `/api/tickets/${ticket.id}/actions`, { action: 'start', version: ticket.version });
		expect(first.status).toBe(200);
		const stale = await call('POST', `/api/tickets/${ticket.id}/actions`, { action: 'comment', body: 'late', version: ticket.version });
		expect(stale.status).toBe(409);
		const e = (await stale.json()).error;
		expect(e).toMatchObject({ code: 'CONFLICT', field: 'version', current: { status: 'in_progress', version: ticket.version + 1 } });
		const edit = await call('PATCH', `/api/tickets/${ticket.id}`, { title: 'Printer smoking', version: ticket.version + 1 });
		expect(edit.status).toBe(200);
	});

	it('serves the queue and the search', async () => {
		const q = await (await call('GET', '/api/tickets/queue?view=mine&priority=P3')).json();
		expect(q.items.map((i: { id: string }) => i.id)).toEqual([ticket.id]);
		expect(q.counts.mine).toBe(1);
		const bad = await call('GET', '/api/tickets/queue?view=nope');
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.field).toBe('view');
		const found = await (await call('GET', '/api/tickets/search?q=smoke')).json();
		expect(found.items[0]).toMatchObject({ id: ticket.id });
		expect(found.items[0].snippet.some((x: { hit: boolean; text: string }) => x.hit && x.text === 'smoke')).toBe(true);
	});
});
