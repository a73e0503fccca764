// The built server (npx vite build first): register a source over the API, post a fixture with the
// real token, see the ticket; plus the HTTP mapping of 401/404/413.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import { startServer, signIn, type RunningServer } from '../../helpers/server';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const FIX = new URL('../../fixtures/monitoring', import.meta.url).pathname;

describe('monitoring webhooks on the built server', () => {
	let s: RunningServer;
	let cookie: string;
	beforeAll(async () => {
		s = await startServer(ADMIN);
		cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
	});
	afterAll(async () => s?.stop());

	it('registers a source, accepts a fixture with its token (202), and opens a monitoring ticket', async () => {
		const reg = await fetch(`${s.url}/api/monitoring/sources`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ kind: 'nagios', name: 'nagios-http' })
		});
		expect(reg.status).toBe(201);
		const src = await reg.json();
		expect(src.token).toMatch(/^ohm_/);
		const body = fs.readFileSync(`${FIX}/nagios_service_problem.json`, 'utf8');
		const post = (headers: Record<string, string>, kind = 'nagios', b: string | Uint8Array = body) =>
			fetch(`${s.url}/api/ingest/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: b as BodyInit });
		const r = await post({ authorization: `Bearer ${src.token}` });
		expect(r.status).toBe(202);
		expect(await r.json()).toMatchObject({ alertId: expect.any(String), duplicate: false });

		let tickets: { items?: { channel: string; source: string; priority: string }[] } = {};
		for (let i = 0; i < 50; i++) {
			const l = await fetch(`${s.url}/api/tickets?channel=monitoring`, { headers: { cookie } });
			tickets = await l.json();
			if (tickets.items?.length) break;
			await new Promise((res) => setTimeout(res, 100));
		}
		expect(tickets.items?.[0]).toMatchObject({ channel: 'monitoring', source: src.id, priority: 'P1' });

		expect((await post({ authorization: 'Bearer ohm_nope' })).status).toBe(401);
		expect((await post({})).status).toBe(401);
		expect((await post({ authorization: `Bearer ${src.token}` }, 'zabbix')).status).toBe(404);
		expect((await post({ authorization: `Bearer ${src.token}` }, 'pigeon')).status).toBe(404);
		expect((await post({ authorization: `Bearer ${src.token}` }, 'nagios', Buffer.alloc(1024 * 1024 + 10, 0x20))).status).toBe(413);
		const bad = await post({ authorization: `Bearer ${src.token}` }, 'nagios', '{"NOTIFICATIONTYPE":"PROBLEM"}');
		expect(bad.status).toBe(422);
		expect((await bad.json()).error.code).toBe('UNPROCESSABLE');

		// Accepted requests reach raw_alerts through the journal's loader: a moment after the answer.
		let mine: { counts: Record<string, number>; lastSeenAt: string | null } | undefined;
		for (let i = 0; i < 50; i++) {
			const list = await (await fetch(`${s.url}/api/monitoring/sources`, { headers: { cookie } })).json();
			mine = list.sources.find((x: { id: string }) => x.id === src.id);
			if (mine?.counts.rejected === 1 && mine.counts.processed === 1) break;
			await new Promise((res) => setTimeout(res, 100));
		}
		expect(mine!.counts).toMatchObject({ processed: 1, rejected: 1 });
		expect(mine!.lastSeenAt).toBeTruthy();
		const rot = await fetch(`${s.url}/api/monitoring/sources/${src.id}/rotate`, { method: 'POST', headers: { cookie } });
		expect(rot.status).toBe(200);
		expect((await rot.json()).token).toMatch(/^ohm_/);
	});
});
