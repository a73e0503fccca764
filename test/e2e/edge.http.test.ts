// Issue 18 (K1, low findings) against the built server (npx vite build first): body sizes, NUL and
// unpaired surrogates at the edge, references to nothing, out-of-range numbers, unknown API routes,
// an oversized chunked webhook, a read-only data directory.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startServer, signIn, type RunningServer } from '../helpers/server';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };

describe('edge checks on the built server', () => {
	let s: RunningServer;
	let cookie: string;
	const call = (method: string, p: string, body?: string, type = 'application/json') =>
		fetch(`${s.url}${p}`, { method, headers: { cookie, 'content-type': type }, body });
	const code = async (r: Response) => ((await r.json()) as { error: { code: string; field?: string } }).error;

	beforeAll(async () => {
		s = await startServer(ADMIN, 180_000);
		cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
	}, 240_000);
	afterAll(async () => s?.stop());

	it('bodies past 512 KB: the CMDB import takes 1.8 MB of CSV; a JSON route past 1 MB is 413, not 500', async () => {
		const rows = Array.from({ length: 15_000 }, (_, i) => `ci-${i}-${'x'.repeat(110)},application`).join('\n');
		const csv = `name,class\n${rows}\n`;
		expect(csv.length).toBeGreaterThan(1_800_000);
		const imp = await call('POST', '/api/cmdb/import?dryRun=true', csv, 'text/csv');
		expect([200, 422], await imp.clone().text()).toContain(imp.status); // a report, row errors or not
		const big = await call('POST', '/api/tickets', JSON.stringify({ title: 'x', description: 'y'.repeat(1_200_000) }));
		expect(big.status).toBe(413);
		expect((await code(big)).code).toBe('TOO_LARGE');
		const huge = await call('POST', '/api/cmdb/import?dryRun=true', 'a'.repeat(21 * 1024 * 1024), 'text/csv');
		expect(huge.status).toBe(413);
	}, 120_000);

	it('NUL and unpaired surrogates in body fields and in the query or path are 400 naming where', async () => {
		const login = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"admin\\u0000@example.com","password":"x"}' });
		expect(login.status).toBe(400);
		expect(await code(login)).toMatchObject({ code: 'INVALID', field: 'email' });
		const title = await call('POST', '/api/tickets', '{"title":"bad \\ud800 title","priority":"P3"}');
		expect(title.status).toBe(400);
		expect(await code(title)).toMatchObject({ code: 'INVALID', field: 'title' });
		const q = await call('GET', '/api/tickets?q=a%00b');
		expect(q.status).toBe(400);
		expect(await code(q)).toMatchObject({ code: 'INVALID', field: 'q' });
		const p = await call('GET', '/api/cmdb/items/%ED%A0%80');
		expect(p.status).toBe(400);
		const p0 = await call('GET', '/api/cmdb/items/a%00b');
		expect(p0.status).toBe(400);
	});

	it('an unknown departmentId is 422, a board position past 2^31 is 400', async () => {
		const b = await call('PUT', '/api/finance/budgets', JSON.stringify({ budgets: [{ departmentId: randomUUID(), period: '2026-05', costType: 'labor', amountCents: 100 }] }));
		expect(b.status).toBe(422);
		expect(await code(b)).toMatchObject({ code: 'UNPROCESSABLE' });
		const board = await call('PUT', '/api/boards/big-pos', JSON.stringify({ name: 'Big', tiles: [{ id: 't1', kind: 'clock', title: 'Clock' }], position: 2 ** 31 }));
		expect(board.status).toBe(400);
		expect(await code(board)).toMatchObject({ code: 'INVALID', field: 'position' });
	});

	it('unknown /api routes answer a JSON 404', async () => {
		const r = await call('GET', '/api/no-such-thing');
		expect(r.status).toBe(404);
		expect(r.headers.get('content-type')).toMatch(/application\/json/);
		expect((await code(r)).code).toBe('NOT_FOUND');
	});

	it('an oversized chunked webhook gets 413, not a connection reset', async () => {
		const reg = await call('POST', '/api/monitoring/sources', JSON.stringify({ kind: 'generic', name: 'chunky' }));
		const src = (await reg.json()) as { token: string };
		const status = await new Promise<number>((resolve, reject) => {
			const u = new URL(`${s.url}/api/ingest/generic`);
			const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { authorization: `Bearer ${src.token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
				res.resume();
				resolve(res.statusCode!);
			});
			req.on('error', reject);
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			let sent = 0;
			const pump = () => {
				while (sent < 3 * 1024 * 1024) {
					sent += chunk.length;
					if (!req.write(chunk)) return void req.once('drain', pump);
				}
				req.end();
			};
			pump();
		});
		expect(status).toBe(413);
	}, 60_000);
});

describe('a read-only data directory', () => {
	it('stops the start with one clear line naming DATA_DIR', async (ctx) => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-ro-'));
		try {
			execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dir], { stdio: 'ignore' });
		} catch {
			ctx.skip(); // not root: cannot make a read-only mount here
		}
		try {
			const err = await startServer({ ...ADMIN, DATA_DIR: dir }, 120_000).then(
				async (srv) => (await srv.stop(), null),
				(e: Error) => e
			);
			expect(err?.message).toMatch(/server exited \(1\)/);
			expect(err?.message).toContain(`Invalid configuration: DATA_DIR (${dir}) is on a read-only file system`);
		} finally {
			execFileSync('umount', ['-l', dir]);
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}, 180_000);
});
