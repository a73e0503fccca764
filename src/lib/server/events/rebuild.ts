/**
 * Rebuild analytics from Postgres: the recovery for a lost or corrupt ClickHouse. Postgres keeps
 * every ticket event (`ticket_events`, the durable log) and every monitoring alert event (the
 * outbox rows of topic alert_events, never deleted); ClickHouse's ticket_events and alert_events
 * and everything derived from them (state, SLA facts, rollups: the migrations that read them) are
 * dropped, re-created by their migrations, and refilled from Postgres while the live relay runs.
 *
 * No event lost or doubled across the switch. The relay is paused only for the cut-over (drop and
 * re-create, under a second). At the cut-over, with the relay paused:
 *  - H = the highest outbox id; then the transactions of this database still open are waited for
 *    (one that took an outbox id below H commits before the next step reads: nextval after H's
 *    read is above H);
 *  - U = the events of the outbox rows not shipped (ids <= H; the relay ships them after resume).
 * The copy then takes every event Postgres holds except those in U and those whose outbox row is
 * above H (written after the cut-over: the relay ships them). Events with no outbox row at all
 * (the demo desk's history) are copied. The two sets are disjoint and cover every event.
 *
 * Speed (issue 17, ≥ 200k events/s): ticket events are read in physical order (ctid ranges of
 * ~pageSize rows: sequential heap reads, where an id-ordered keyset read the heap at random),
 * as `data::text` that goes to ClickHouse untouched as JSONEachRow (no JSON parsing in JS), one
 * INSERT per table per page, the next page read while this one is inserted. Alert events are read
 * by outbox id (keyset), the same way.
 * With chDB (one process per data directory) run it from the server (admin action) or with the
 * server stopped (`npm run analytics:rebuild`).
 */
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/index';
import { chMigrationsFolder, migrateClickHouse, readMigrations, type ClickHouse } from '../analytics/clickhouse';
import { p, sql as chSql } from '../analytics/sql';
import { TABLES } from '../analytics/tables';
import { forgetTables } from '../kpi/planner';
import { insertJsonLines, type OutboxRelay } from './relay';
import { TOPICS } from './topics';

export interface RebuildProgress {
	phase: 'cutover' | 'copy' | 'done';
	/** The table being filled (copy phase). */
	table?: string;
	copied: number;
	/** Events in Postgres at the start (the copy ends near it: events after the cut-over ship by the relay). */
	total: number;
	elapsedMs: number;
	eventsPerS: number;
}

export interface RebuildOptions {
	db: Db;
	ch: ClickHouse;
	/** The live relay of this process: paused for the cut-over only. */
	relay?: OutboxRelay | null;
	cluster?: string | null;
	folder?: string;
	/** Events per Postgres read and ClickHouse INSERT (about: ticket events are read by heap pages). */
	pageSize?: number;
	/** How long the cut-over waits for open transactions of this database (then it gives up, nothing dropped). */
	openTxTimeoutMs?: number;
	onProgress?: (p: RebuildProgress) => void;
}

export interface RebuildResult {
	copied: number;
	ticketEvents: number;
	alertEvents: number;
	total: number;
	ms: number;
	eventsPerS: number;
	/** Time spent reading Postgres and inserting into ClickHouse (they overlap). */
	readMs: number;
	insertMs: number;
	cutover: { at: string; maxOutboxId: number; unshipped: number; waitedMs: number };
	tables: string[];
}

/** The tables the rebuild refills from Postgres (the sources of every other rebuilt table). */
export const REBUILT_SOURCES = [TABLES.ticketEvents, TABLES.alertEvents] as const;

/** The migrations that create or read ticket_events or alert_events, and the tables and views they create. */
export function rebuiltMigrations(folder = chMigrationsFolder()) {
	const mentions = new RegExp(`\\b(${REBUILT_SOURCES.join('|')})\\b`);
	const files = readMigrations(folder).filter((f) => f.statements.some((s) => mentions.test(s)));
	const tables: string[] = [];
	const views: string[] = [];
	for (const f of files) {
		for (const s of f.statements) {
			const t = /^CREATE TABLE IF NOT EXISTS (\w+)/.exec(s);
			if (t) tables.push(t[1]);
			const v = /^CREATE MATERIALIZED VIEW IF NOT EXISTS (\w+)/.exec(s);
			if (v) views.push(v[1]);
		}
	}
	return { versions: files.map((f) => f.version), tables, views };
}

interface Cutover {
	at: Date;
	maxId: number;
	unshipped: Set<string>;
	/** ticket_events' heap size in pages at the cut-over: every event visible then lies below. */
	heapPages: number;
	rowsPerPage: number;
	waitedMs: number;
}

/**
 * Waits until the transactions of this database open now have ended (client backends only, not
 * this connection). One of them may hold an outbox id below H and commit later.
 */
async function waitForOpenTransactions(db: Db, timeoutMs: number): Promise<number> {
	const t0 = performance.now();
	const open = rowsOf<{ pid: number; xs: string }>(
		await db.execute(sql`select pid, xact_start::text as xs from pg_stat_activity
			where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' and xact_start is not null`)
	);
	if (!open.length) return 0;
	const pids = open.map((o) => o.pid);
	const starts = open.map((o) => o.xs);
	for (;;) {
		const [r] = rowsOf<{ n: number }>(
			await db.execute(sql`select count(*)::int as n from pg_stat_activity a
				join unnest(${sql.param(pids)}::int[], ${sql.param(starts)}::text[]) as o(pid, xs) on a.pid = o.pid and a.xact_start::text = o.xs`)
		);
		if (Number(r.n) === 0) return performance.now() - t0;
		if (performance.now() - t0 > timeoutMs) throw new Error(`analytics rebuild: ${r.n} transaction(s) of this database stayed open for ${timeoutMs} ms; nothing was dropped`);
		await new Promise((res) => setTimeout(res, 10));
	}
}

async function takeCutover(db: Db, openTxTimeoutMs: number): Promise<Cutover> {
	const at = new Date();
	const [h] = rowsOf<{ h: number | string | null }>(await db.execute(sql`select max(id) as h from outbox`));
	const maxId = Number(h?.h ?? 0);
	const waitedMs = await waitForOpenTransactions(db, openTxTimeoutMs);
	const unshipped = new Set(
		rowsOf<{ id: string }>(await db.execute(sql`select event_id::text as id from outbox where shipped_at is null and id <= ${maxId}`)).map((r) => r.id)
	);
	const [pg] = rowsOf<{ pages: number | string; relpages: number; reltuples: number }>(
		await db.execute(sql`select pg_relation_size('ticket_events') / current_setting('block_size')::int as pages, c.relpages, c.reltuples
			from pg_class c where c.oid = 'ticket_events'::regclass`)
	);
	const heapPages = Number(pg.pages);
	const rowsPerPage = pg.reltuples > 0 && pg.relpages > 0 ? pg.reltuples / pg.relpages : 8;
	return { at, maxId, unshipped, heapPages, rowsPerPage, waitedMs };
}

type Page = { ids: string[]; lines: string[]; readMs: number };

export async function rebuildAnalytics(opts: RebuildOptions): Promise<RebuildResult> {
	const { db, ch, relay } = opts;
	const pageSize = opts.pageSize ?? 50_000;
	const folder = opts.folder ?? chMigrationsFolder();
	const t0 = performance.now();
	const [counts] = rowsOf<{ te: number; ae: number }>(
		await db.execute(sql`select (select count(*)::int from ticket_events) as te, (select count(*)::int from outbox where topic = ${TOPICS.alertEvents}) as ae`)
	);
	const total = Number(counts.te) + Number(counts.ae);
	let copied = 0;
	const progress = (phase: RebuildProgress['phase'], table?: string) => {
		const elapsedMs = performance.now() - t0;
		opts.onProgress?.({ phase, table, copied, total, elapsedMs, eventsPerS: copied / Math.max(elapsedMs / 1000, 1e-3) });
	};
	progress('cutover');

	const { versions, tables, views } = rebuiltMigrations(folder);
	let cut: Cutover;
	await relay?.pause();
	try {
		cut = await takeCutover(db, opts.openTxTimeoutMs ?? 30_000);
		for (const v of views) await ch.client.command({ query: `DROP VIEW IF EXISTS ${v}` });
		for (const t of tables) await ch.client.command({ query: `DROP TABLE IF EXISTS ${t}` });
		const del = chSql`ALTER TABLE schema_migrations DELETE WHERE version IN ${p.u32s('versions', versions)}`;
		await ch.client.command({ query: del.sql, query_params: { ...del.params }, clickhouse_settings: { mutations_sync: '2' } });
		forgetTables(ch);
		await migrateClickHouse(ch, folder, opts.cluster ?? null);
	} finally {
		relay?.resume();
	}

	// Events written after the cut-over have an outbox row above H (same transaction as the event):
	// read after a page, so every such event in the page is known. Small: the live traffic since.
	const newer = async (): Promise<Set<string>> =>
		new Set(rowsOf<{ id: string }>(await db.execute(sql`select event_id::text as id from outbox where id > ${cut.maxId}`)).map((r) => r.id));
	const keep = (page: Page, skip: Set<string>): string[] => {
		if (!skip.size && !cut.unshipped.size) return page.lines;
		const out: string[] = [];
		for (let i = 0; i < page.ids.length; i++) if (!cut.unshipped.has(page.ids[i]) && !skip.has(page.ids[i])) out.push(page.lines[i]);
		return out;
	};
	let readMs = 0;
	let insertMs = 0;
	/** Reads pages (the next while this one is inserted) and inserts what is kept, one INSERT per page. */
	const pump = async (table: string, read: (cursor: number) => Promise<(Page & { next: number }) | null>, first: number) => {
		let n = 0;
		let next = read(first);
		for (;;) {
			const page = await next;
			if (!page) break;
			next = read(page.next);
			const lines = keep(page, await newer());
			readMs += page.readMs;
			const ti = performance.now();
			await insertJsonLines(ch, table, lines);
			insertMs += performance.now() - ti;
			n += lines.length;
			copied += lines.length;
			progress('copy', table);
		}
		return n;
	};

	// Ticket events by heap page ranges: [page, page + step) until the heap size at the cut-over.
	const step = Math.max(1, Math.round(pageSize / cut.rowsPerPage));
	const ticketEvents = await pump(
		TABLES.ticketEvents,
		async (page) => {
			if (page >= cut.heapPages) return null;
			const tr = performance.now();
			const rows = rowsOf<{ id: string; data: string }>(
				await db.execute(sql`select id::text as id, data::text as data from ticket_events
					where ctid >= ${`(${page},0)`}::tid and ctid < ${`(${page + step},0)`}::tid`)
			);
			return { ids: rows.map((r) => r.id), lines: rows.map((r) => r.data), readMs: performance.now() - tr, next: page + step };
		},
		0
	);
	// Alert events: their outbox rows up to H, by id.
	const alertEvents = await pump(
		TABLES.alertEvents,
		async (after) => {
			const tr = performance.now();
			// (Aliases differ from `id`: ORDER BY would take an output column of that name.)
			const rows = rowsOf<{ outbox_id: number | string; event_id: string; data: string }>(
				await db.execute(sql`select o.id as outbox_id, o.event_id::text as event_id, o.payload::text as data from outbox o
					where o.topic = ${TOPICS.alertEvents} and o.id > ${after} and o.id <= ${cut.maxId} order by o.id limit ${pageSize}`)
			);
			if (!rows.length) return null;
			return { ids: rows.map((r) => r.event_id), lines: rows.map((r) => r.data), readMs: performance.now() - tr, next: Number(rows[rows.length - 1].outbox_id) };
		},
		0
	);

	const ms = performance.now() - t0;
	progress('done');
	return {
		copied,
		ticketEvents,
		alertEvents,
		total,
		ms,
		eventsPerS: copied / Math.max(ms / 1000, 1e-3),
		readMs,
		insertMs,
		cutover: { at: cut.at.toISOString(), maxOutboxId: cut.maxId, unshipped: cut.unshipped.size, waitedMs: cut.waitedMs },
		tables
	};
}

/** A text progress bar for the command line. */
export function progressBar(pr: RebuildProgress, width = 30): string {
	const frac = pr.total ? Math.min(1, pr.copied / pr.total) : pr.phase === 'done' ? 1 : 0;
	const full = Math.round(frac * width);
	return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(frac * 100).toFixed(0).padStart(3)}% ${pr.copied}/${pr.total} events, ${Math.round(pr.eventsPerS)}/s (${pr.phase}${pr.table ? ` ${pr.table}` : ''})`;
}
