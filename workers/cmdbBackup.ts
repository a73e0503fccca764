import path from 'node:path';
import type { Job } from './scheduler';
import { backupCmdb } from '../src/lib/server/cmdb/backup';
import { systemActor } from '../src/lib/server/rbac/actor';

/** Two weeks of nightlies: enough to step back past a bad import noticed late, small on disk. */
export const CMDB_BACKUP_KEEP = 14;

export const cmdbBackupDir = (dataDir: string) => path.join(dataDir, 'backups');

/**
 * Nightly CMDB backup to DATA_DIR/backups through the backup service (one consistent snapshot,
 * atomic file write, the newest CMDB_BACKUP_KEEP kept). 02:30 UTC: after the day's changes,
 * before the morning shift.
 */
export const cmdbBackupJob: Job = {
	name: 'cmdb-backup',
	schedule: '0 30 2 * * *',
	run: async (rt) => {
		const r = await backupCmdb(
			{ db: rt.pg.db, actor: systemActor('cmdb-backup') },
			{ dir: cmdbBackupDir(rt.config.dataDir), keep: CMDB_BACKUP_KEEP }
		);
		return { file: path.basename(r.file), counts: r.counts, pruned: r.pruned };
	}
};
