/** The nightly CMDB backup job: writes DATA_DIR/backups through the backup service, keeps the newest, records its run. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cron from 'node-cron';
import { eq } from 'drizzle-orm';
import { freshDb, type TestDb } from '../helpers/db';
import { cmdbActors, makeCi } from '../helpers/cmdb';
import { cmdbBackupDir, cmdbBackupJob, CMDB_BACKUP_KEEP } from '../../workers/cmdbBackup';
import { JOBS } from '../../workers/index';
import { runJob } from '../../workers/scheduler';
import { listBackups, restoreCmdb } from '../../src/lib/server/cmdb/backup';
import { searchCis } from '../../src/lib/server/cmdb/items';
import { workerRuns } from '../../schemas/postgres/index';
import type { Runtime } from '../../src/lib/server/runtime';
import type { Actor } from '../../src/lib/server/rbac/actor';

describe('cmdb-backup job', () => {
	let t: TestDb;
	let dataDir: string;
	let rt: Runtime;
	let admin: Actor;

	beforeAll(async () => {
		t = await freshDb('pglite');
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-cmdbbackup-'));
		// The job only touches config.dataDir and pg.
		rt = { config: { dataDir }, pg: t } as unknown as Runtime;
		({ admin } = await cmdbActors(t.db));
	});
	afterAll(async () => {
		await t?.close();
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	it('is registered, nightly, with a valid UTC cron expression', () => {
		expect(JOBS).toContain(cmdbBackupJob);
		expect(cron.validate(cmdbBackupJob.schedule)).toBe(true);
		expect(cmdbBackupJob.schedule).toBe('0 30 2 * * *');
	});

	it('writes a restorable backup to DATA_DIR/backups and records the run', async () => {
		const ci = await makeCi(t.db, admin, { name: 'backed-up-app' });
		const r = await runJob(rt, cmdbBackupJob);
		expect(r.ok, r.error).toBe(true);
		const dir = cmdbBackupDir(dataDir);
		expect(dir).toBe(path.join(dataDir, 'backups'));
		const files = listBackups(dir);
		expect(files).toHaveLength(1);
		expect((r.result as { file: string }).file).toBe(files[0]);
		const backup = JSON.parse(fs.readFileSync(path.join(dir, files[0]), 'utf8'));
		expect(backup.data.items.map((i: { id: string }) => i.id)).toContain(ci.id);
		const runs = await t.db.select().from(workerRuns).where(eq(workerRuns.job, 'cmdb-backup'));
		expect(runs.map((x) => x.ok)).toEqual([true]);
		// The file restores: a CI made after the backup is gone again.
		await makeCi(t.db, admin, { name: 'after-backup' });
		await restoreCmdb({ db: t.db, actor: admin }, { dir });
		const names = (await searchCis({ db: t.db, actor: admin }, {})).items.map((i) => i.name);
		expect(names).toContain('backed-up-app');
		expect(names).not.toContain('after-backup');
	});

	it(`keeps the newest ${CMDB_BACKUP_KEEP} and prunes the older ones`, async () => {
		const dir = cmdbBackupDir(dataDir);
		// Older nightlies (names sort by time).
		for (let d = 1; d <= CMDB_BACKUP_KEEP; d++) {
			const day = String(d).padStart(2, '0');
			fs.writeFileSync(path.join(dir, `cmdb-backup-2020-01-${day}T02-30-00-000Z-abcdef.json`), '{}');
		}
		expect(listBackups(dir)).toHaveLength(CMDB_BACKUP_KEEP + 1);
		const r = await runJob(rt, cmdbBackupJob);
		expect(r.ok).toBe(true);
		const kept = listBackups(dir);
		expect(kept).toHaveLength(CMDB_BACKUP_KEEP);
		expect(kept[0]).toBe((r.result as { file: string }).file);
		expect(kept).not.toContain('cmdb-backup-2020-01-01T02-30-00-000Z-abcdef.json');
		expect(kept).not.toContain('cmdb-backup-2020-01-02T02-30-00-000Z-abcdef.json');
		expect((r.result as { pruned: string[] }).pruned.sort()).toEqual([
			'cmdb-backup-2020-01-01T02-30-00-000Z-abcdef.json',
			'cmdb-backup-2020-01-02T02-30-00-000Z-abcdef.json'
		]);
	});

	it('records a failed run without throwing', async () => {
		const blocked = path.join(dataDir, 'not-a-dir');
		fs.writeFileSync(blocked, 'x');
		const r = await runJob({ ...rt, config: { dataDir: blocked } } as unknown as Runtime, cmdbBackupJob);
		expect(r.ok).toBe(false);
		const runs = await t.db.select().from(workerRuns).where(eq(workerRuns.job, 'cmdb-backup'));
		expect(runs.filter((x) => !x.ok)).toHaveLength(1);
	});
});
