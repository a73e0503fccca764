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

/** Pings both stores; `degraded` (→ 503) names which one is unreachable. */
export async function checkHealth(rt: Runtime): Promise<Health> {
	const errors: Record<string, string> = {};
	await withTimeout(pingDb(rt.pg.db), 'postgres').catch((e) => (errors.postgres = (e as Error).message));
	await withTimeout(
		rt.ch.client.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json()),
		'clickhouse'
	).catch((e) => (errors.clickhouse = (e as Error).message));
	const ok = Object.keys(errors).length === 0;
	return {
		status: ok ? 'ok' : 'degraded',
		postgres: rt.pg.driver,
		clickhouse: rt.ch.engine,
		version: rt.config.version,
		...(ok ? {} : { errors })
	};
}
