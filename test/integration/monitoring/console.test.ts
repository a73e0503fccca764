import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDb, DRIVERS, type TestDb } from '../../helpers/db';
import { makeDesk, type Desk } from '../../helpers/desk';
import { openClickHouse, migrateClickHouse, type ClickHouse } from '../../../src/lib/server/analytics/clickhouse';
import { registerSource, listSources } from '../../../src/lib/server/monitoring/sources';
import { sendTestAlert, sourceSetup, noiseView } from '../../../src/lib/server/monitoring/console';
import { createAccount, loadAccountActor } from '../../../src/lib/server/rbac/accounts';
import { newIngest } from './helpers';
import type { MonitoringIngest } from '../../../src/lib/server/monitoring/ingest';

let ch: ClickHouse;
let dir: string;
beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-moncon-'));
	ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
	await migrateClickHouse(ch);
});
afterAll(async () => {
	await ch?.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(DRIVERS)('monitoring console on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let m: MonitoringIngest;

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		m = newIngest(t.db);
	});
	afterAll(async () => {
		await m?.processor.idle();
		await t?.close();
	});

	it('"send a test alert" goes through accept and processing and shows the ticket it opened', async () => {
		const s = await registerSource({ db: t.db, actor: desk.admin }, { kind: 'alertmanager', name: 'prom-test', defaultGroupId: desk.groups.L1 });
		const r = await sendTestAlert({ db: t.db, actor: desk.admin }, m, s.id);
		expect(r.status).toBe('processed');
		expect(r.ticket).toMatchObject({ number: expect.stringMatching(/^INC-/) });
		expect(r.reason).toBeNull();
		await expect(sendTestAlert({ db: t.db, actor: desk.agent }, m, s.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(sendTestAlert({ db: t.db, actor: desk.admin }, m, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('setup snippets carry the URL, and the token only when it is this source\'s', async () => {
		const s = await registerSource({ db: t.db, actor: desk.admin }, { kind: 'nagios', name: 'nagios-setup' });
		const g = await sourceSetup({ db: t.db, actor: desk.admin }, s.id, { baseUrl: 'https://desk.example', token: s.token });
		expect(g.snippets.map((x) => x.text).join()).toContain(s.token);
		expect(g.url).toBe('https://desk.example/api/ingest/nagios');
		await expect(sourceSetup({ db: t.db, actor: desk.admin }, s.id, { baseUrl: 'https://desk.example', token: 'ohm_0000_x' })).rejects.toMatchObject({ code: 'INVALID', field: 'token' });
		await expect(sourceSetup({ db: t.db, actor: desk.lead }, s.id, { baseUrl: 'https://desk.example' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('desk managers and leads read the sources and the noise view; agents do not', async () => {
		const mgr = await createAccount({ db: t.db, actor: desk.admin }, { email: 'mgr@desk.test', name: 'Mgr', roles: ['desk_manager'], password: 'manager-pass-1' });
		const manager = (await loadAccountActor(t.db, mgr.id))!;
		for (const actor of [manager, desk.lead]) {
			expect((await listSources({ db: t.db, actor })).length).toBeGreaterThan(0);
			const v = await noiseView({ db: t.db, ch, actor });
			expect(v).toHaveProperty('hosts');
		}
		await expect(noiseView({ db: t.db, ch, actor: desk.agent })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(listSources({ db: t.db, actor: desk.agent })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});
