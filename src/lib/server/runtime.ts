/**
 * The process runtime: config, Postgres, ClickHouse, and the things started on them. Booted once
 * per process (by server.ts, or by hooks.server.ts under `vite dev`) and kept on globalThis so
 * the SvelteKit bundle and server.ts share one instance (STACK.md pitfall 3).
 */
import path from 'node:path';
import { assertDataDirWritable, loadConfig, type Config } from './config';
import { openDb, migrateDb, type Database } from './db/index';
import { openClickHouse, migrateClickHouse, type ClickHouse } from './analytics/clickhouse';
import { seedReferenceData } from './seed';
import { bootstrapAdmin } from './rbac/accounts';

export interface Runtime {
	config: Config;
	pg: Database;
	ch: ClickHouse;
	startedAt: Date;
	/** Hooks registered by later stages (relay, workers, realtime) to stop cleanly. */
	stoppers: Array<() => Promise<void> | void>;
	/** Extension slots filled by server.ts (socket.io) and services started at boot. */
	extras: Record<string, unknown>;
}

const KEY = Symbol.for('opshub.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

export function getRuntime(): Promise<Runtime> {
	const g = globalThis as Holder;
	g[KEY] ??= boot();
	return g[KEY]!;
}

export function runtimeIfBooted(): Promise<Runtime> | undefined {
	return (globalThis as Holder)[KEY];
}

async function boot(): Promise<Runtime> {
	const config = loadConfig();
	assertDataDirWritable(config.dataDir);
	const pg = await openDb({
		url: config.databaseUrl,
		dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pg')
	});
	await migrateDb(pg);
	await seedReferenceData(pg.db);
	const admin = await bootstrapAdmin(pg.db, { email: config.adminEmail, password: config.adminPassword });
	if (admin) {
		const pw = admin.generatedPassword
			? `generated password (shown once): ${admin.generatedPassword}`
			: 'password from OPSHUB_ADMIN_PASSWORD';
		console.log(`[opshub] first admin created: ${admin.email} — ${pw}`);
	}
	const ch = await openClickHouse({
		url: config.clickhouse.url,
		user: config.clickhouse.user,
		password: config.clickhouse.password,
		database: config.clickhouse.database,
		dataDir: path.join(config.dataDir, 'ch')
	});
	await migrateClickHouse(ch);
	return { config, pg, ch, startedAt: new Date(), stoppers: [], extras: {} };
}

export async function shutdown(): Promise<void> {
	const p = runtimeIfBooted();
	if (!p) return;
	const rt = await p;
	for (const stop of rt.stoppers.reverse()) await stop();
	await rt.ch.close();
	await rt.pg.close();
}
