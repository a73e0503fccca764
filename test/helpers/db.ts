/**
 * Fresh, migrated databases for a suite: PGlite from the global dump, or a PostgreSQL database
 * cloned from the run's template. `describe.each(DRIVERS)` runs a suite on both.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDb, type Database, type PgDriver } from '../../src/lib/server/db/index';
import { adminUrl, dbUrl } from './pgurl';

export const DRIVERS: PgDriver[] = ['pglite', 'postgres'];

export interface TestDb extends Database {
	/** For postgres: the database URL (to start a server on the same data). */
	url: string | null;
}

export async function freshDb(driver: PgDriver): Promise<TestDb> {
	if (driver === 'pglite') {
		const buf = fs.readFileSync(inject('pgliteDump'));
		const db = await openDb({ url: null, loadDataDir: new Blob([buf]) });
		return { ...db, url: null };
	}
	const name = `opshub_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
	const admin = new pg.Client({ connectionString: adminUrl() });
	await admin.connect();
	try {
		// Two suites cloning at once can race on the template lock: retry briefly.
		for (let attempt = 0; ; attempt++) {
			try {
				await admin.query(`create database "${name}" template "${inject('pgTemplate')}"`);
				break;
			} catch (e) {
				if (attempt >= 20) throw e;
				await new Promise((r) => setTimeout(r, 250));
			}
		}
	} finally {
		await admin.end();
	}
	const url = dbUrl(name);
	const db = await openDb({ url, poolMax: 5 });
	return {
		...db,
		url,
		close: async () => {
			await db.close();
			const a = new pg.Client({ connectionString: adminUrl() });
			await a.connect();
			await a.query(`drop database if exists "${name}" with (force)`).catch(() => {});
			await a.end();
		}
	};
}
