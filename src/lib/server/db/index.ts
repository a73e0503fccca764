/**
 * Postgres access. One drizzle schema, two drivers: PGlite (embedded, DATA_DIR/pg) when no
 * DATABASE_URL is configured, node-postgres otherwise. Nothing opens at import time.
 */
import path from 'node:path';
import fs from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import * as schema from '../../../../schemas/postgres/index';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type PgDriver = 'pglite' | 'postgres';

export interface Database {
	db: Db;
	driver: PgDriver;
	close(): Promise<void>;
}

export interface OpenDbOptions {
	/** postgres:// URL; when null, PGlite is used. */
	url: string | null;
	/** PGlite data directory; undefined = in memory. */
	dataDir?: string;
	/** PGlite: start from a dumped data directory (tests: ~1 s instead of 5 s). */
	loadDataDir?: Blob;
	/** node-postgres pool size. */
	poolMax?: number;
}

export async function openDb(opts: OpenDbOptions): Promise<Database> {
	if (opts.url) {
		const { default: pg } = await import('pg');
		const { drizzle } = await import('drizzle-orm/node-postgres');
		// timestamptz and bigint come back as JS values drizzle understands; keep pg defaults.
		const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolMax ?? 10 });
		pool.on('error', (e) => console.error('[db] idle client error', e.message));
		const db = drizzle(pool, { schema }) as unknown as Db;
		return { db, driver: 'postgres', close: () => pool.end() };
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
	const client = new PGlite({
		dataDir: opts.dataDir,
		loadDataDir: opts.loadDataDir,
		// Durability of each commit is still flushed by PGlite; relaxed only batches fsyncs.
		relaxedDurability: false
	});
	await client.waitReady;
	const db = drizzle(client, { schema }) as unknown as Db;
	return { db, driver: 'pglite', close: () => client.close() };
}

export function migrationsFolder(): string {
	return path.resolve(process.cwd(), 'schemas/postgres/migrations');
}

/** Applies the committed drizzle-kit migrations; a second run is a no-op. */
export async function migrateDb(database: Database): Promise<void> {
	const migrationsFolderPath = migrationsFolder();
	if (database.driver === 'postgres') {
		const { migrate } = await import('drizzle-orm/node-postgres/migrator');
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		await migrate(database.db as any, { migrationsFolder: migrationsFolderPath });
	} else {
		const { migrate } = await import('drizzle-orm/pglite/migrator');
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		await migrate(database.db as any, { migrationsFolder: migrationsFolderPath });
	}
}

export async function pingDb(db: Db): Promise<void> {
	await db.execute(sql`select 1`);
}

/** Rows of a raw `db.execute` on either driver (pg returns { rows }, PGlite too). */
export function rowsOf<T>(result: unknown): T[] {
	const r = result as { rows?: T[] };
	return Array.isArray(r) ? (r as T[]) : (r.rows ?? []);
}
