/**
 * The process runtime: config, Postgres, ClickHouse, and the things started on them. Booted once
 * per process (by server.ts, or by hooks.server.ts under `vite dev`) and kept on globalThis so
 * the SvelteKit bundle and server.ts share one instance (docs/STACK.md pitfall 3).
 */
import path from 'node:path';
import { assertDataDirWritable, loadConfig, type Config } from './config';
import { openDb, migrateDb, type Database } from './db/index';
import { openClickHouse, migrateClickHouse, type ClickHouse } from './analytics/clickhouse';
import { seedReferenceData } from './seed';
import { bootstrapAdmin } from './rbac/accounts';
import { openRedis, type RedisClient } from './redis';
import { LoginThrottle } from './security/loginThrottle';
import type { Server } from 'socket.io';
import type { BoardHub } from './realtime/hub';
import type { OutboxRelay } from './events/relay';
import type { MonitoringIngest } from './monitoring/ingest';

export interface Runtime {
	config: Config;
	pg: Database;
	ch: ClickHouse;
	startedAt: Date;
	/** REDIS_URL's connection, or null (embedded). */
	redis: RedisClient | null;
	/** Failed-login counts: in Redis when configured (shared by web processes), else in memory. */
	loginThrottle: LoginThrottle;
	/** Hooks registered by later stages (relay, workers, realtime) to stop cleanly. */
	stoppers: Array<() => Promise<void> | void>;
	/** What runs on the stores in this process, composed by app.ts (startApp) for web and workers alike. */
	services: Services;
}

/** The parts started beside the stores; null where this process does not run them. */
export interface Services {
	/** socket.io (web: on the HTTP server; workers with REDIS_URL: unattached, to emit through Redis). */
	io: Server | null;
	hub: BoardHub | null;
	/** The outbox relay: only while this process holds the workers lock. */
	relay: OutboxRelay | null;
	/** Monitoring ingest (monitoringOf creates it on first use). */
	monitoring: MonitoringIngest | null;
	/** Whether this process holds the workers lock (relay and cron jobs). */
	leader: boolean;
	/** The demo desk's seeding state (pages say when history is still being seeded). */
	demo: { seeding: boolean; since: string | null };
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
		dataDir: path.join(config.dataDir, 'ch'),
		log: config.clickhouse.log,
		cluster: config.clickhouse.cluster
	});
	await migrateClickHouse(ch, undefined, config.clickhouse.cluster);
	const redis = config.redisUrl ? await openRedis(config.redisUrl) : null;
	const loginThrottle = new LoginThrottle({ redis });
	const services: Services = { io: null, hub: null, relay: null, monitoring: null, leader: false, demo: { seeding: false, since: null } };
	return { config, pg, ch, startedAt: new Date(), redis, loginThrottle, stoppers: [], services };
}

export async function shutdown(): Promise<void> {
	const p = runtimeIfBooted();
	if (!p) return;
	const rt = await p;
	for (const stop of rt.stoppers.reverse()) await stop();
	await rt.ch.close();
	await rt.pg.close();
	await rt.redis?.quit().catch(() => {});
}
