import fs from 'node:fs/promises';
import path from 'node:path';
import { pingDb } from './db/index';
import type { Runtime } from './runtime';

const TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
	return Promise.race([
		p,
		new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), TIMEOUT_MS).unref())
	]);
}

export interface Health {
	status: 'ok' | 'degraded';
	postgres: 'pglite' | 'postgres';
	clickhouse: 'chdb' | 'http';
	version: string;
	errors?: Record<string, string>;
}

/**
 * The data directory (PGlite, chDB, the accept journal) takes a small synced write: a full disk
 * (ENOSPC) or a read-only one makes health degraded and names it, where pings still succeed.
 */
export async function checkDataDir(dir: string): Promise<void> {
	const probe = path.join(dir, `.health-${process.pid}`);
	try {
		const fh = await fs.open(probe, 'w');
		try {
			await fh.writeFile(Buffer.alloc(8192, 0x61));
			await fh.datasync();
		} finally {
			await fh.close();
		}
	} catch (e) {
		const err = e as NodeJS.ErrnoException;
		throw new Error(err.code === 'ENOSPC' ? `storage full: no space left in ${dir}` : `${dir} is not writable: ${err.code ?? err.message}`);
	} finally {
		await fs.rm(probe, { force: true });
	}
}

/** Pings both stores; `degraded` (→ 503) names which one is unreachable. */
export async function checkHealth(rt: Runtime): Promise<Health> {
	const errors: Record<string, string> = {};
	await withTimeout(pingDb(rt.pg.db), 'postgres').catch((e) => (errors.postgres = (e as Error).message));
	await withTimeout(
		rt.ch.client.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json()),
		'clickhouse'
	).catch((e) => (errors.clickhouse = (e as Error).message));
	await withTimeout(checkDataDir(rt.config.dataDir), 'dataDir').catch((e) => (errors.dataDir = (e as Error).message));
	const ok = Object.keys(errors).length === 0;
	return {
		status: ok ? 'ok' : 'degraded',
		postgres: rt.pg.driver,
		clickhouse: rt.ch.engine,
		version: rt.config.version,
		...(ok ? {} : { errors })
	};
}
