/**
 * The CMDB's set-based answers (findMany, activeMany) are its per-alert answers: CIs by monitoring
 * identity (first candidate wins, normalised values) and maintenance windows (half-open), for a
 * mix of alerts, on both drivers.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { cmdbActors, makeCi } from '../../helpers/cmdb';
import { maintenanceWindows } from '../../../schemas/postgres/index';
import { anyMaintenance, ciMany, cmdbCi, cmdbWindows, maintenanceMany, sourceDowntimes, type MaintenanceQuery } from '../../../src/lib/server/monitoring/cmdb';

const T = Date.UTC(2026, 5, 1, 12, 0, 0);
const H = 3_600_000;

describe.each(DRIVERS)('CMDB seam, set-based on %s', (driver) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await freshDb(driver);
	});
	afterAll(async () => t?.close());

	it('findMany and activeMany answer as find and active do, alert by alert', async () => {
		const a = await cmdbActors(t.db);
		const web = await makeCi(t.db, a.admin, { name: 'web', classId: 'server', criticality: 1, identities: [{ kind: 'fqdn', value: 'web01.example.com' }, { kind: 'ip', value: '10.0.0.1' }] });
		const db = await makeCi(t.db, a.admin, { name: 'db', classId: 'server', criticality: 3, identities: [{ kind: 'hostname', value: 'db01' }] });
		await t.db.insert(maintenanceWindows).values([
			{ ciId: web.id, startsAt: new Date(T - H), endsAt: new Date(T + H), reason: 'patching' },
			{ ciId: db.id, startsAt: new Date(T - 3 * H), endsAt: new Date(T - H), reason: 'over' }
		]);
		const lists = [['WEB01.example.com.'], ['nope', '10.0.0.1'], ['db01'], ['unknown'], [], ['db01', 'web01.example.com']];
		const one = [];
		for (const l of lists) one.push(await cmdbCi.find(t.db, l));
		expect(await ciMany(cmdbCi, t.db, lists)).toEqual(one);
		expect(one.map((c) => c?.id ?? null)).toEqual([web.id, web.id, db.id, null, null, db.id]);

		const checker = anyMaintenance(cmdbWindows, sourceDowntimes);
		const qs: MaintenanceQuery[] = [
			{ ciId: web.id, host: 'web01', atMs: T },
			{ ciId: web.id, host: 'web01', atMs: T + H }, // the window's end is excluded
			{ ciId: web.id, host: 'web01', atMs: T - H }, // its start is included
			{ ciId: db.id, host: 'db01', atMs: T },
			{ ciId: db.id, host: 'db01', atMs: T - 2 * H },
			{ ciId: null, host: 'x', atMs: T }
		];
		const each = [];
		for (const q of qs) each.push(await checker.active(t.db, q.ciId, q.host, q.atMs, q.scope));
		expect(await maintenanceMany(checker, t.db, qs)).toEqual(each);
		expect(each).toEqual([true, false, true, false, true, false]);
	});
});
