import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { cmdbActors, makeCi, codeOf, type CmdbActors } from '../helpers/cmdb';
import { auditLog, departments, groups } from '../../schemas/postgres/index';
import { rowsOf } from '../../src/lib/server/db/index';
import { searchCis, updateCi, createCi } from '../../src/lib/server/cmdb/items';
import { createRelation } from '../../src/lib/server/cmdb/relations';
import { changeAction, createChange, decideChange } from '../../src/lib/server/cmdb/changes';
import { importCis } from '../../src/lib/server/cmdb/import';
import { backupCmdb, exportCmdb, listBackups, restoreCmdb, snapshotCmdb, wipeCmdb } from '../../src/lib/server/cmdb/backup';
import { toCsv } from '../../src/lib/server/cmdb/csv';

describe.each(DRIVERS)('cmdb import, export, backup on %s', (driver) => {
	let t: TestDb;
	let a: CmdbActors;
	let dir: string;
	const ctx = () => ({ db: t.db, actor: a.admin });
	const auditCount = async () => rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from audit_log`))[0].n;

	beforeAll(async () => {
		t = await freshDb(driver);
		a = await cmdbActors(t.db);
		await t.db.insert(departments).values({ code: 'FIN-01', name: 'Finance' });
		await t.db.insert(groups).values({ name: 'Unix Team', tier: 'L2' });
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cmdb-backup-'));
	});
	afterAll(async () => {
		await t?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	const header = ['name', 'class', 'status', 'criticality', 'owner_group', 'cost_center', 'identities', 'attr.os', 'attr.cpu_cores', 'attr.engine'];

	it('dry-runs an import with bad rows: a report per line, nothing written', async () => {
		await makeCi(t.db, a.admin, { name: 'taken', identities: [{ kind: 'hostname', value: 'taken01' }] });
		const csv = toCsv([
			header,
			['good1', 'server', 'active', '2', 'Unix Team', 'FIN-01', 'hostname:good1;ip:10.9.0.1', 'linux', '4', ''],
			['bad-os', 'server', '', '', '', '', '', 'beos', '', ''],
			['bad-cores', 'server', '', '', '', '', '', 'linux', 'many', ''],
			['', 'application', '', '', '', '', '', '', '', ''],
			['bad-class', 'toaster', '', '', '', '', '', '', '', ''],
			['bad-crit', 'application', '', '9', '', '', '', '', '', ''],
			['bad-group', 'application', '', '', 'Nobody', '', '', '', '', ''],
			['dup-db', 'database', '', '', '', '', 'HOSTNAME:Taken01', '', '', 'postgresql'],
			['dup-file', 'application', '', '', '', '', 'ip:10.9.0.1', '', '', ''],
			['bad-ident', 'application', '', '', '', '', 'mac:00:11', '', '', ''],
			['short', 'application']
		]);
		const before = await auditCount();
		const report = await importCis(ctx(), { csv, dryRun: false });
		expect(report.created).toBe(0);
		expect(report.rows).toBe(11);
		expect(report.valid).toBe(1);
		expect(report.errors.map((e) => [e.line, e.field])).toEqual([
			[3, 'attributes.os'],
			[4, 'attributes.cpu_cores'],
			[5, 'name'],
			[6, 'class'],
			[7, 'criticality'],
			[8, 'owner_group'],
			[9, 'identities'],
			[10, 'identities'],
			[11, 'identities'],
			[12, undefined]
		]);
		expect(report.errors[0].message).toContain('attributes.os: must be one of');
		expect(report.errors[6].message).toContain('taken01');
		expect(report.errors[7].message).toBe('identity ip:10.9.0.1 is also on line 2');
		expect(report.errors[9].message).toBe('has 2 fields; the header has 10');
		expect((await searchCis(ctx(), { q: 'good1' })).total).toBe(0);
		expect(await auditCount()).toBe(before);
	});

	it('imports a clean file: dry run first, then for real in one transaction', async () => {
		const csv = toCsv([
			header,
			['imp-web', 'server', 'active', '2', 'Unix Team', 'FIN-01', 'hostname:imp-web;ip:10.9.0.2', 'linux', '4', ''],
			['imp-db', 'database', 'planned', '', '', '', '', '', '', 'postgresql'],
			['imp, "quoted"', 'application', '', '', '', '', '', '', '', '']
		]);
		const dry = await importCis(ctx(), { csv });
		expect(dry).toMatchObject({ dryRun: true, rows: 3, valid: 3, errors: [], created: 0 });
		expect((await searchCis(ctx(), { q: 'imp-' })).total).toBe(0);
		const real = await importCis(ctx(), { csv, dryRun: false });
		expect(real.created).toBe(3);
		const web = (await searchCis(ctx(), { q: 'imp-web' })).items[0];
		expect(web).toMatchObject({ status: 'active', criticality: 2, attributes: { os: 'linux', cpu_cores: 4 } });
		expect(web.identities).toEqual([
			{ kind: 'hostname', value: 'imp-web' },
			{ kind: 'ip', value: '10.9.0.2' }
		]);
		expect((await searchCis(ctx(), { q: 'imp, "quoted"' })).total).toBe(1);
		const rows = await t.db.select().from(auditLog).where(eq(auditLog.action, 'ci.imported'));
		expect(rows).toHaveLength(3);
		expect(await codeOf(importCis({ db: t.db, actor: a.agent }, { csv }))).toBe('FORBIDDEN');
		const bad = await importCis(ctx(), { csv: 'name,colour\nx,red\n' }).catch((e) => e);
		expect([bad.code, bad.message]).toEqual(['INVALID', 'csv: the header has no "class" column']);
		const broken = await importCis(ctx(), { csv: 'name,class\n"x,server\n' }).catch((e) => e);
		expect(broken.message).toBe('csv: line 2: unterminated quoted field');
	});

	it('exports the inventory as JSON', async () => {
		const out = await exportCmdb({ db: t.db, actor: a.agent });
		const web = out.items.find((i) => i.name === 'imp-web')!;
		expect(web.identities).toEqual([
			{ kind: 'hostname', value: 'imp-web' },
			{ kind: 'ip', value: '10.9.0.2' }
		]);
		expect(out.classes.length).toBeGreaterThanOrEqual(10);
		expect(await codeOf(exportCmdb({ db: t.db, actor: a.requester }))).toBe('FORBIDDEN');
	});

	it('backs up, wipes, restores to an equal CMDB; keeps the newest N files', async () => {
		// Some of everything: relations, a change with approvals and windows, history.
		const svc = await makeCi(t.db, a.admin, { name: 'bk-svc', classId: 'business_service' });
		const app = await makeCi(t.db, a.admin, { name: 'bk-app', identities: [{ kind: 'fqdn', value: 'bk.example.com' }] });
		await createRelation(ctx(), { fromCiId: svc.id, toCiId: app.id, type: 'depends_on' });
		await updateCi(ctx(), { id: app.id, location: 'DC2' });
		const c = await createChange(ctx(), {
			title: 'bk change',
			type: 'normal',
			plannedStart: '2031-01-01T00:00:00Z',
			plannedEnd: '2031-01-01T01:00:00Z',
			items: [{ ciId: app.id, patch: { status: 'maintenance' } }],
			approvers: [{ role: 'lead' }]
		});
		await changeAction(ctx(), { changeId: c.id, action: 'submit' });
		await decideChange({ db: t.db, actor: a.lead }, { changeId: c.id, decision: 'approve', comment: 'fine' });

		const snapBefore = await snapshotCmdb(t.db);
		expect(snapBefore.windows).toHaveLength(1);
		expect(snapBefore.approvals).toHaveLength(1);
		const b1 = await backupCmdb(ctx(), { dir, keep: 2 });
		const saved = JSON.parse(fs.readFileSync(b1.file, 'utf8'));
		expect(saved.data).toEqual(snapBefore);
		expect(b1.counts.items).toBe(snapBefore.items.length);

		// Wreck it: wipe everything, then add something that must not survive the restore.
		await t.db.transaction((tx) => wipeCmdb(tx));
		const { seedCmdb } = await import('../../src/lib/server/cmdb/classes');
		await seedCmdb(t.db);
		await createCi(ctx(), { name: 'intruder', classId: 'application' });
		expect((await snapshotCmdb(t.db)).items).toHaveLength(1);

		expect(await codeOf(restoreCmdb({ db: t.db, actor: a.lead }, { dir }))).toBe('FORBIDDEN');
		await restoreCmdb(ctx(), { dir, name: path.basename(b1.file) });
		expect(await snapshotCmdb(t.db)).toEqual(snapBefore);
		// The restore itself is audited outside the CMDB history, and sequences moved on.
		const [r] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'cmdb.restored'));
		expect(r.entityId).toBe(path.basename(b1.file));
		const again = await createCi(ctx(), { name: 'after-restore', classId: 'application', identities: [{ kind: 'hostname', value: 'ar1' }] });
		expect(again.name).toBe('after-restore');

		// Retention: three more backups, keep 2 → only the newest two remain.
		const b2 = await backupCmdb(ctx(), { dir, keep: 2 });
		const b3 = await backupCmdb(ctx(), { dir, keep: 2 });
		expect(b3.pruned).toContain(path.basename(b1.file));
		expect(listBackups(dir)).toEqual([path.basename(b3.file), path.basename(b2.file)]);
		// Restore without a name takes the newest.
		await restoreCmdb(ctx(), { dir });
		expect((await searchCis(ctx(), { q: 'after-restore' })).total).toBe(1);
		expect(await codeOf(restoreCmdb(ctx(), { dir, name: '../../etc/passwd' }))).toBe('INVALID');
	});

	it('a restore that fails part-way changes nothing', async () => {
		const before = await snapshotCmdb(t.db);
		const bad = path.join(dir, 'cmdb-backup-2000-01-01T00-00-00-000Z-abcdef.json');
		fs.writeFileSync(bad, JSON.stringify({ version: 1, takenAt: 'x', counts: {}, data: { ...before, items: [{ id: 'not-a-uuid' }] } }));
		expect(await codeOf(restoreCmdb(ctx(), { dir, name: path.basename(bad) }))).not.toBe('OK');
		expect(await snapshotCmdb(t.db)).toEqual(before);
	});
});
