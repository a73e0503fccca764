import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { freshDb, type TestDb } from '../helpers/db';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };

describe('HTTP API on the built server (embedded stores)', () => {
	let s: RunningServer;
	beforeAll(async () => {
		s = await startServer(ADMIN);
	});
	afterAll(async () => s?.stop());

	it('reports health with pglite and chdb', async () => {
		const r = await fetch(`${s.url}/api/health`);
		expect(r.status).toBe(200);
		expect(await r.json()).toMatchObject({ status: 'ok', postgres: 'pglite', clickhouse: 'chdb', version: expect.any(String) });
	});

	it('answers bad JSON with 400 and a message, never 500', async () => {
		for (const body of ['{bad', '', '[1,', 'null']) {
			const r = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
			expect(r.status, body).toBe(400);
			const j = await r.json();
			expect(j.error.code).toBe('INVALID');
			expect(j.error.message.length).toBeGreaterThan(5);
		}
	});

	it('logs in, reads /api/me, logs out', async () => {
		const cookie = await signIn(s.url, 'admin@example.com', 'admin-pass-123');
		const me = await fetch(`${s.url}/api/me`, { headers: { cookie } });
		expect(me.status).toBe(200);
		expect(await me.json()).toMatchObject({ label: 'admin@example.com', roles: ['admin'] });
		const out = await fetch(`${s.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
		expect(out.status).toBe(200);
		expect((await fetch(`${s.url}/api/me`, { headers: { cookie } })).status).toBe(401);
	});

	it('401 for a wrong password with the same message as an unknown user', async () => {
		const post = (email: string) =>
			fetch(`${s.url}/api/auth/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email, password: 'nope-nope' })
			});
		const a = await post('admin@example.com');
		const b = await post('nobody@example.com');
		expect([a.status, b.status]).toEqual([401, 401]);
		expect((await a.json()).error.message).toBe((await b.json()).error.message);
	});

	it('creates a scoped token (shown once) and enforces its scopes with 403', async () => {
		const cookie = await signIn(s.url, 'admin@example.com', 'admin-pass-123');
		const r = await fetch(`${s.url}/api/tokens`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'reader', scopes: ['kpi.read'] })
		});
		expect(r.status).toBe(201);
		const { token } = await r.json();
		const me = await fetch(`${s.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
		expect((await me.json()).permissions).toEqual(['kpi.read']);
		const denied = await fetch(`${s.url}/api/tokens`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'x', scopes: ['kpi.read'] })
		});
		expect(denied.status).toBe(403);
		expect((await denied.json()).error.code).toBe('FORBIDDEN');
		const bad = await fetch(`${s.url}/api/tokens`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ name: '', scopes: ['kpi.read'] })
		});
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.field).toBe('name');
	});

	it('redirects pages to the login page without a session', async () => {
		const r = await fetch(`${s.url}/`, { redirect: 'manual' });
		expect(r.status).toBe(303);
		expect(r.headers.get('location')).toBe('/login?next=%2F');
	});
});

describe('the same start with DATABASE_URL on the real PostgreSQL', () => {
	let s: RunningServer;
	let t: TestDb;
	beforeAll(async () => {
		t = await freshDb('postgres');
		s = await startServer({ ...ADMIN, DATABASE_URL: t.url! });
	});
	afterAll(async () => {
		await s?.stop();
		await t?.close();
	});

	it('answers postgres in /api/health and logs in', async () => {
		expect(await (await fetch(`${s.url}/api/health`)).json()).toMatchObject({ postgres: 'postgres', clickhouse: 'chdb' });
		expect(await signIn(s.url, 'admin@example.com', 'admin-pass-123')).toMatch(/^opshub_session=/);
	});
});

describe('config errors stop the start', () => {
	it('exits non-zero naming the variable', async () => {
		const err = (await startServer({ DATABASE_URL: "mysql://nope" }, 20_000).catch((e) => e)) as Error;
		expect(err).toBeInstanceOf(Error);
		expect(err.message).toContain('DATABASE_URL');
	});
});
