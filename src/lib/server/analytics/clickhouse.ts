/**
 * The one ClickHouse client module. chDB (in-process, DATA_DIR/ch) when CLICKHOUSE_URL is unset,
 * a ClickHouse server over HTTP otherwise; the same @clickhouse/client API and SQL on both.
 * Opened lazily by the caller (never at import: docs/STACK.md pitfall 3).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { Sql } from './sql';
import { renderMigrationsForCluster, schemaMigrationsDdl } from './cluster';

export type ChEngine = 'chdb' | 'http';

export interface QueryLogEntry {
	/** The query's tag (Sql.named) or its first words. */
	tag: string;
	ms: number;
	rows: number;
	sql: string;
	error?: string;
}

/**
 * Per-connection query log: every query's elapsed time goes to the listeners; the console gets
 * the slow ones ('slow', default: ≥ slowMs), all of them ('all') or none ('off').
 */
export class QueryLog {
	readonly listeners = new Set<(e: QueryLogEntry) => void>();
	constructor(
		public mode: 'off' | 'slow' | 'all' = 'slow',
		/** A board tile answers in tens of ms: a second is worth a line in the log. */
		public slowMs = 1000
	) {}
	record(e: QueryLogEntry): void {
		for (const l of this.listeners) l(e);
		if (this.mode === 'all' || (this.mode === 'slow' && e.ms >= this.slowMs) || e.error) {
			const line = `[clickhouse] ${e.tag} ${e.ms.toFixed(1)} ms, ${e.rows} rows${e.error ? `, failed: ${e.error}` : ''}`;
			(e.error || e.ms >= this.slowMs ? console.warn : console.log)(line);
		}
	}
}

export interface ClickHouse {
	client: ClickHouseClient;
	engine: ChEngine;
	log: QueryLog;
	close(): Promise<void>;
}

export interface OpenChOptions {
	url: string | null;
	user?: string;
	password?: string;
	database?: string;
	/** chDB data directory (one per process). */
	dataDir?: string;
	/** Query log mode (config OPSHUB_CH_LOG): off, slow (default) or all. */
	log?: 'off' | 'slow' | 'all';
	/** CLICKHOUSE_CLUSTER: the tables are Distributed (analytics/cluster.ts). */
	cluster?: string | null;
}

/**
 * Settings for a cluster: ticket tables are sharded by ticket, so an `IN`/`JOIN` subquery on a
 * Distributed table inside a query on one (last resolutions, open tickets at t) reads each shard's
 * local table: exact, and ClickHouse's default ('deny') would refuse such queries.
 */
export function clusterSettings(cluster: string | null | undefined): Record<string, string> {
	return cluster ? { distributed_product_mode: 'local' } : {};
}

const SETTINGS = {
	// chDB returns UInt64 as numbers, a server as strings: make both strings, parse in one place (pitfall 8).
	output_format_json_quote_64bit_integers: 1,
	// Half-open UTC windows everywhere; DateTime64 text in and out is UTC.
	date_time_input_format: 'best_effort'
} as const;

export async function openClickHouse(opts: OpenChOptions): Promise<ClickHouse> {
	if (opts.url) {
		const client = createClient({
			url: opts.url,
			username: opts.user ?? 'default',
			password: opts.password ?? '',
			database: opts.database ?? 'default',
			// A KPI query over raw events stays well under this; a hung server must not hang requests.
			request_timeout: 30_000,
			clickhouse_settings: { ...SETTINGS, ...clusterSettings(opts.cluster) }
		});
		return { client, engine: 'http', log: new QueryLog(opts.log), close: () => client.close() };
	}
	const { createChdbConnection } = await import('chdb/connection');
	const dir = opts.dataDir ?? ':memory:';
	if (dir !== ':memory:') fs.mkdirSync(dir, { recursive: true });
	// chDB's Connection type is a second copy of client-common's: one cast here, nowhere else (pitfall 9).
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const connection = createChdbConnection({ path: dir }) as any;
	const client = createClient({ connection, clickhouse_settings: SETTINGS });
	return { client, engine: 'chdb', log: new QueryLog(opts.log), close: () => client.close() };
}

function tagOf(query: string): string {
	return query.replace(/\s+/g, ' ').trim().slice(0, 60);
}

/**
 * Runs a SELECT and returns rows: an Sql from the `sql` template (parameters included), or a
 * query string with `{name:Type}` parameters. Logs the elapsed time (QueryLog).
 */
export async function chQuery<T>(ch: ClickHouse, query: string | Sql, params: Record<string, unknown> = {}): Promise<T[]> {
	const text = query instanceof Sql ? query.sql : query;
	const tag = (query instanceof Sql && query.tag) || tagOf(text);
	const t0 = performance.now();
	try {
		const rs = await ch.client.query({ query: text, query_params: query instanceof Sql ? { ...query.params } : params, format: 'JSONEachRow' });
		const rows = await rs.json<T>();
		ch.log?.record({ tag, ms: performance.now() - t0, rows: rows.length, sql: text });
		return rows;
	} catch (e) {
		ch.log?.record({ tag, ms: performance.now() - t0, rows: 0, sql: text, error: (e as Error).message.slice(0, 200) });
		throw e;
	}
}

/** 64-bit integers arrive as strings (see SETTINGS): the one place they become numbers. */
export function num(v: unknown): number {
	if (typeof v === 'number') return v;
	if (typeof v === 'string' && v !== '') return Number(v);
	return 0;
}

export function chMigrationsFolder(): string {
	return path.resolve(process.cwd(), 'schemas/clickhouse');
}

/** Splits a migration file into statements: `;` at the end of a line ends one; `--` lines are comments. */
export function splitStatements(text: string): string[] {
	const out: string[] = [];
	let cur: string[] = [];
	for (const line of text.split('\n')) {
		if (/^\s*--/.test(line)) continue;
		cur.push(line);
		if (/;\s*$/.test(line)) {
			const stmt = cur.join('\n').trim().replace(/;\s*$/, '');
			if (stmt) out.push(stmt);
			cur = [];
		}
	}
	const rest = cur.join('\n').trim();
	if (rest) out.push(rest);
	return out;
}

/**
 * Applies schemas/clickhouse/NNNN_name.sql in order and records each version in
 * `schema_migrations`; a version already recorded is skipped, so a second run is a no-op.
 * Statements should be idempotent too (IF NOT EXISTS), so a crash mid-file can be re-run.
 */
export interface MigrationFile {
	name: string;
	version: number;
	statements: string[];
}

/** The migration files of a folder, in order, split into statements (rendered for a cluster when given). */
export function readMigrations(folder = chMigrationsFolder(), cluster: string | null = null): MigrationFile[] {
	const files = fs
		.readdirSync(folder)
		.filter((f) => /^\d{4}_.+\.sql$/.test(f))
		.sort()
		.map((name) => ({ name, version: Number(name.slice(0, 4)), statements: splitStatements(fs.readFileSync(path.join(folder, name), 'utf8')) }));
	if (!cluster) return files;
	const rendered = renderMigrationsForCluster(files, cluster);
	return files.map((f, i) => ({ ...f, statements: rendered[i].statements }));
}

/**
 * Applies schemas/clickhouse/NNNN_name.sql in order and records each version in
 * `schema_migrations`; a version already recorded is skipped, so a second run is a no-op.
 * Statements should be idempotent too (IF NOT EXISTS), so a crash mid-file can be re-run.
 * With `cluster` (CLICKHOUSE_CLUSTER) the files are rendered for it (analytics/cluster.ts).
 */
export async function migrateClickHouse(ch: ClickHouse, folder = chMigrationsFolder(), cluster: string | null = null): Promise<string[]> {
	await ch.client.command({ query: schemaMigrationsDdl(cluster) });
	const done = new Set(
		(await chQuery<{ version: number }>(ch, 'SELECT version FROM schema_migrations FINAL')).map((r) => num(r.version))
	);
	const applied: string[] = [];
	for (const file of readMigrations(folder, cluster)) {
		if (done.has(file.version)) continue;
		for (const stmt of file.statements) {
			await ch.client.command({ query: stmt });
		}
		await ch.client.insert({
			table: 'schema_migrations',
			values: [{ version: file.version, name: file.name }],
			format: 'JSONEachRow'
		});
		applied.push(file.name);
	}
	return applied;
}

/** DateTime64 columns of the tables we bulk-insert: their ISO values are rewritten for the fast basic parser. */
const DATETIME_COLUMNS = new Set(['at', 'ticket_created_at', 'received_at', 'inserted_at']);

function tsvField(column: string, v: unknown): string {
	if (v === null || v === undefined) return '\\N';
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
	if (typeof v === 'boolean') return v ? '1' : '0';
	let s = typeof v === 'string' ? v : JSON.stringify(v);
	if (DATETIME_COLUMNS.has(column) && s.length === 24 && s[10] === 'T' && s[23] === 'Z') {
		return s.slice(0, 10) + ' ' + s.slice(11, 23);
	}
	if (/[\\\t\n\r\0]/.test(s)) {
		s = s.replace(/[\\\t\n\r\0]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\0'));
	}
	return s;
}

/**
 * Bulk INSERT of JS rows as TabSeparated: about twice the rows/s of JSONEachRow on chDB (no JSON
 * parsing of keys, basic DateTime parser). One INSERT per call = one part; callers batch.
 * Columns are the keys of the first row; every row must carry the same keys.
 */
export async function insertRows(ch: ClickHouse, table: string, rows: Record<string, unknown>[]): Promise<void> {
	if (!rows.length) return;
	const columns = Object.keys(rows[0]);
	if (!columns.every((c) => /^[a-z_][a-z0-9_]*$/.test(c))) throw new Error(`insertRows: bad column name in ${columns.join(',')}`);
	const lines: string[] = new Array(rows.length);
	for (let i = 0; i < rows.length; i++) {
		const r = rows[i];
		let line = '';
		for (let j = 0; j < columns.length; j++) {
			if (j) line += '\t';
			line += tsvField(columns[j], r[columns[j]]);
		}
		lines[i] = line;
	}
	await insertBody(ch, `${table} (${columns.join(', ')})`, 'TabSeparated', lines.join('\n') + '\n', { date_time_input_format: 'basic' });
}

let tmpDir: string | null = null;
let tmpSeq = 0;

/**
 * One INSERT of a ready body (JSONEachRow lines, TabSeparated rows …) into `target` ("table" or
 * "table (col, …)"): one part per call, callers batch. On chDB the body goes through a temporary
 * file read by `INSERT … FROM INFILE`: chDB parses data inlined in the query text 3–4× slower
 * than the same bytes read from a file (bench/RESULTS.md, K2 relay and rebuild). A server gets
 * the body inline, as the request body.
 */
export async function insertBody(ch: ClickHouse, target: string, format: 'JSONEachRow' | 'TabSeparated', body: string | Buffer, settings: Record<string, string | number> = {}): Promise<void> {
	if (!body.length) return;
	if (!/^[a-z_][a-z0-9_]*( \([a-z0-9_, ]+\))?$/.test(target)) throw new Error(`insertBody: bad target ${target}`);
	if (ch.engine !== 'chdb') {
		await ch.client.command({ query: `INSERT INTO ${target} FORMAT ${format}\n${body}`, clickhouse_settings: settings });
		return;
	}
	tmpDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-ch-insert-'));
	const file = path.join(tmpDir, `${process.pid}-${++tmpSeq}.${format === 'JSONEachRow' ? 'jsonl' : 'tsv'}`);
	await fs.promises.writeFile(file, body);
	try {
		const set = Object.entries(settings).map(([k, v]) => `${k} = ${typeof v === 'number' ? v : `'${String(v).replace(/'/g, "''")}'`}`);
		await ch.client.command({
			query: `INSERT INTO ${target} FROM INFILE '${file.replace(/'/g, "''")}'${set.length ? ` SETTINGS ${set.join(', ')}` : ''} FORMAT ${format}`
		});
	} finally {
		await fs.promises.rm(file, { force: true });
	}
}
