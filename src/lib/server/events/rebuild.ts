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
 * (the demo desk's history, and ticket events whose row the relay deleted once shipped) are
 * copied. The two sets are disjoint and cover every event. From the cut-over to the end of the
 * copy the relay keeps the rows it ships (`retainShipped`), so a row above H is still there when
 * a page is read.
 *
 * Speed (issue 17, ≥ 200k events/s): ticket events are read in physical order (ctid ranges of
 * ~pageSize rows: sequential heap reads, where an id-ordered keyset read the heap at random).
 * Postgres itself cuts each payload into the ClickHouse columns (`data->>'col'`) and sends them
 * with `COPY (…) TO STDOUT`, whose text format is ClickHouse's TabSeparated: the bytes go to
 * ClickHouse untouched (no parsing in JS), ~40 % of the JSON's size, and ClickHouse parses TSV
 * 2–3× faster than JSONEachRow (bench/RESULTS.md, K2 rebuild TSV). One INSERT per table per
 * page, the next page read while this one is inserted. Alert events are read by outbox id ranges
 * of ~pageSize alerts, the same way.
 * With chDB (one process per data directory) run it from the server (admin action) or with the
 * server stopped (`npm run analytics:rebuild`).
 */
import { sql } from 'drizzle-orm';
import { copyOut, rowsOf, type Db } from '../db/index';
import { chMigrationsFolder, migrateClickHouse, readMigrations, type ClickHouse } from '../analytics/clickhouse';
import { p, sql as chSql } from '../analytics/sql';
import { TABLES } from '../analytics/tables';
import { forgetTables } from '../kpi/planner';
import { setStateCleanup } from '../kpi/stateCompact';
import type { OutboxRelay } from './relay';
import { TOPICS } from './topics';
import { eventColumns, insertTsv, tsvSelectList, uuidArray } from './tsv';

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
	// Until the copy ends, the relay keeps the outbox rows it ships: the copy tells the events
	// written after the cut-over by their outbox rows above H.
	if (relay) relay.retainShipped = true;
	try {
		cut = await takeCutover(db, opts.openTxTimeoutMs ?? 30_000);
		for (const v of views) await ch.client.command({ query: `DROP VIEW IF EXISTS ${v}` });
		for (const t of tables) await ch.client.command({ query: `DROP TABLE IF EXISTS ${t}` });
		const del = chSql`ALTER TABLE schema_migrations DELETE WHERE version IN ${p.u32s('versions', versions)}`;
		await ch.client.command({ query: del.sql, query_params: { ...del.params }, clickhouse_settings: { mutations_sync: '2' } });
		forgetTables(ch);
		await migrateClickHouse(ch, folder, opts.cluster ?? null);
	} catch (e) {
		if (relay) relay.retainShipped = false;
		throw e;
	} finally {
		relay?.resume();
	}
	let readMs = 0;
	let insertMs = 0;
	let ticketEvents = 0;
	let alertEvents = 0;
	try {
		({ ticketEvents, alertEvents } = await copyEvents());
		// ticket_state was re-created without CLEANUP (its migration 0013 is not a rebuilt one), so
		// no compaction ran while older events were copied in after newer ones: on again now.
		await setStateCleanup(ch, true, opts.cluster ?? null);
	} finally {
		if (relay) relay.retainShipped = false;
	}

	/** The copy: ticket events by heap pages, then alert events by outbox ids. */
	async function copyEvents() {
		// What the copy leaves to the relay, in SQL: the events unshipped at the cut-over (U, a literal
		// list of validated uuids) and those whose outbox row is above H (written after the cut-over;
		// checked in the page's own statement, so in the same snapshot as the page's events).
		const unshippedList = cut.unshipped.size ? uuidArray(cut.unshipped) : '';
		const notSkipped = (idCol: string) => (unshippedList ? `and ${idCol} not in (select unnest(${unshippedList}))` : '');
		/**
		 * Reads pages (the next while this one is inserted) and inserts each in one INSERT. A page is
		 * Postgres's COPY text output of the ClickHouse columns (TabSeparated as it is: no parsing in JS).
		 */
		const pump = async (table: string, json: string, pages: string[]) => {
			const cols = await eventColumns(ch, table);
			const select = tsvSelectList(json, cols);
			let n = 0;
			const read = (i: number) => {
				if (i >= pages.length) return null;
				const tr = performance.now();
				return copyOut(db, pages[i].replace('%COLUMNS%', select)).then((r) => ({ ...r, readMs: performance.now() - tr }));
			};
			let next = read(0);
			for (let i = 0; next; i++) {
				const page = await next;
				next = read(i + 1);
				next?.catch(() => undefined);
				readMs += page.readMs;
				const ti = performance.now();
				await insertTsv(ch, cols, page.body, page.rows);
				insertMs += performance.now() - ti;
				n += page.rows;
				copied += page.rows;
				progress('copy', table);
			}
			return n;
		};

		// Ticket events by heap page ranges: [page, page + step) until the heap size at the cut-over.
		const step = Math.max(1, Math.round(pageSize / cut.rowsPerPage));
		const ticketPages: string[] = [];
		for (let page = 0; page < cut.heapPages; page += step)
			ticketPages.push(`select %COLUMNS% from ticket_events e
				where e.ctid >= '(${page},0)'::tid and e.ctid < '(${page + step},0)'::tid ${notSkipped('e.id')}
				and not exists (select 1 from outbox o where o.id > ${cut.maxId} and o.event_id = e.id)`);
		const ticketEvents = await pump(TABLES.ticketEvents, 'e.data', ticketPages);
		// Alert events: their outbox rows up to H, in ranges of outbox ids holding ~pageSize alerts each.
		const bounds = rowsOf<{ id: number | string }>(
			await db.execute(sql`select id from (select id, row_number() over (order by id) as n from outbox where topic = ${TOPICS.alertEvents} and id <= ${cut.maxId}) b
				where n % ${pageSize} = 0 order by id`)
		).map((r) => Number(r.id));
		const alertPages: string[] = [];
		let lo = 0;
		for (const hi of [...bounds, cut.maxId]) {
			if (hi <= lo) continue;
			alertPages.push(`select %COLUMNS% from outbox o
				where o.topic = '${TOPICS.alertEvents}' and o.id > ${lo} and o.id <= ${hi} ${notSkipped('o.event_id')}`);
			lo = hi;
		}
		const alertEvents = await pump(TABLES.alertEvents, 'o.payload', alertPages);
		return { ticketEvents, alertEvents };
	}

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
