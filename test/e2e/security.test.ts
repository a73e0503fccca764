// Issue 18 (K1) findings on the built server (npx vite build first): each block failed before its fix.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startServer, signIn, type RunningServer } from '../helpers/server';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };

describe('K1 security on the built server', () => {
	let s: RunningServer;
	let cookie: string;
	beforeAll(async () => {
		s = await startServer(ADMIN);
		cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
	});
	afterAll(async () => s?.stop());

	describe('CSRF (Medium 5)', () => {
		const tokenBody = JSON.stringify({ name: 'csrf', scopes: ['kpi.read'] });

		it('refuses a cookie mutation from another origin or a sibling site with 403', async () => {
			for (const headers of [
				{ origin: 'https://evil.example' },
				{ origin: 'null' },
				{ 'sec-fetch-site': 'same-site' },
				{ 'sec-fetch-site': 'cross-site' }
			] as Record<string, string>[]) {
				const r = await fetch(`${s.url}/api/tokens`, {
					method: 'POST',
					headers: { cookie, 'content-type': 'application/json', ...headers },
					body: tokenBody
				});
				expect(r.status, JSON.stringify(headers)).toBe(403);
				expect((await r.json()).error.code).toBe('FORBIDDEN');
			}
		});

		it('refuses JSON sent as text/plain (no preflight) with 415, even same-origin', async () => {
			for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded']) {
				const r = await fetch(`${s.url}/api/tokens`, {
					method: 'POST',
					headers: { cookie, 'content-type': type, origin: s.url },
					body: tokenBody
				});
				expect(r.status, type).toBe(415);
				expect((await r.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
			}
		});

		it('accepts the same origin, and Bearer calls from anywhere', async () => {
			const r = await fetch(`${s.url}/api/tokens`, {
				method: 'POST',
				headers: { cookie, 'content-type': 'application/json', origin: s.url, 'sec-fetch-site': 'same-origin' },
				body: tokenBody
			});
			expect(r.status).toBe(201);
			const { token } = await r.json();
			const b = await fetch(`${s.url}/api/tokens`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: 'https://evil.example' },
				body: tokenBody
			});
			// Past the CSRF guard: refused by scope (tokens.create), not by origin.
			expect(b.status).toBe(403);
			expect((await b.json()).error.message).toMatch(/scope/);
		});

		it('keeps page form actions working from the same origin only', async () => {
			const form = new URLSearchParams({ title: '', type: 'normal', risk: 'low' });
			const post = (origin: string) =>
				fetch(`${s.url}/cmdb/changes?/create`, {
					method: 'POST',
					redirect: 'manual',
					headers: { cookie, origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-sveltekit-action': 'true' },
					body: form
				});
			const same = await post(s.url);
			expect(same.status).not.toBe(403);
			const body = await same.json();
			expect(body.type).toBe('failure'); // the action ran and named the missing title
			expect((await post('https://evil.example')).status).toBe(403);
		});
	});

	describe('login throttling (Medium 9)', () => {
		it('answers 429 with Retry-After after 10 failures for one account from one address', async () => {
			const post = () =>
				fetch(`${s.url}/api/auth/login`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ email: 'ghost@example.com', password: 'nope-nope' })
				});
			const statuses: number[] = [];
			for (let i = 0; i < 10; i++) statuses.push((await post()).status);
			expect(statuses).toEqual(Array(10).fill(401));
			const r = await post();
			expect(r.status).toBe(429);
			expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
			expect((await r.json()).error.code).toBe('RATE_LIMITED');
		});
	});

	describe('API tokens over HTTP (Medium 7)', () => {
		it('lists (no secrets) and revokes with DELETE; the revoked token gets 401 at once', async () => {
			const c = await fetch(`${s.url}/api/tokens`, {
				method: 'POST',
				headers: { cookie, 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'to-revoke', scopes: ['kpi.read'], expiresInDays: 7 })
			});
			const { id, token } = await c.json();
			expect((await fetch(`${s.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
			const list = await fetch(`${s.url}/api/tokens`, { headers: { cookie } });
			const body = await list.json();
			expect(body.items.find((x: { id: string }) => x.id === id)).toMatchObject({ name: 'to-revoke', status: 'active', expiresAt: expect.any(String) });
			expect(JSON.stringify(body)).not.toContain(token);
			const del = await fetch(`${s.url}/api/tokens/${id}`, { method: 'DELETE', headers: { cookie } });
			expect(del.status).toBe(204);
			expect((await fetch(`${s.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
		});
	});

	describe('headers, redirects and socket origins (Low)', () => {
		it('sends CSP with frame-ancestors, nosniff, Referrer-Policy; no HSTS unless configured', async () => {
			const page = await fetch(`${s.url}/login`);
			const csp = page.headers.get('content-security-policy') ?? '';
			expect(csp).toContain("frame-ancestors 'none'");
			expect(csp).toContain("object-src 'none'");
			expect(page.headers.get('x-content-type-options')).toBe('nosniff');
			expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
			expect(page.headers.get('strict-transport-security')).toBeNull();
			const json = await fetch(`${s.url}/api/health`);
			expect(json.headers.get('x-content-type-options')).toBe('nosniff');
			expect(json.headers.get('content-security-policy')).toContain("default-src 'none'");
			const html = await page.text();
			const asset = html.match(/\/_app\/immutable\/[^"']+\.js/)?.[0];
			expect(asset).toBeTruthy();
			expect((await fetch(`${s.url}${asset}`)).headers.get('x-content-type-options')).toBe('nosniff');
		});

		it('refuses a socket.io handshake from another origin, accepts this one', async () => {
			const { io } = await import('socket.io-client');
			const attempt = (origin: string) =>
				new Promise<string>((resolve) => {
					const c = io(s.url, { transports: ['websocket'], extraHeaders: { cookie, origin }, reconnection: false });
					c.once('connect', () => (c.close(), resolve('connected')));
					c.once('connect_error', (e) => (c.close(), resolve(`error: ${e.message}`)));
				});
			expect(await attempt('https://evil.example')).toMatch(/^error/);
			expect(await attempt(s.url)).toBe('connected');
		});
	});
});
