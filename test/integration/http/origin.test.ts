// ORIGIN (adapter-node): the public address of a server behind a proxy. The display-token page
// builds the wall URLs a TV opens from it, and the same-origin check of cookie mutations
// compares the browser's Origin header with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, signIn, type RunningServer } from '../../helpers/server';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const PUBLIC = 'https://desk.example.org';

describe('ORIGIN: the public address behind a proxy', () => {
	let s: RunningServer;
	let cookie: string;
	beforeAll(async () => {
		s = await startServer({ ...ADMIN, ORIGIN: PUBLIC });
		cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
	}, 240_000);
	afterAll(async () => s?.stop());

	const create = (origin: string) =>
		fetch(`${s.url}/api/display-tokens`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json', origin },
			body: JSON.stringify({ name: `TV from ${origin}`, boardIds: ['desk'] })
		});

	it('accepts a cookie mutation from the public origin and refuses one from the address it listens on', async () => {
		expect((await create(s.url)).status).toBe(403);
		const r = await create(PUBLIC);
		expect(r.status, await r.clone().text()).toBe(201);
	});

	it('gives display tokens wall URLs on the public address', async () => {
		const html = await (await fetch(`${s.url}/boards/tokens`, { headers: { cookie } })).text();
		expect(html).toContain(`${PUBLIC}/wall/desk?token=ohd_`);
		expect(html).not.toContain(`${s.url}/wall/`);
	});
});
