/**
 * Rebuild analytics from Postgres: the recovery for a lost or corrupt ClickHouse. Postgres keeps
 * every ticket event (`ticket_events`, the durable log); ClickHouse's ticket tables and everything
 * derived from them (state, SLA facts, rollups: the migrations that read ticket_events) are
 * dropped, re-created by their migrations, and refilled from Postgres while the live relay runs.
 *
 * No event lost or doubled across the switch. The relay is paused only for the cut-over (drop and
 * re-create, under a second): at the cut-over instant T, H = the highest outbox id. Then:
 *  - the rebuild copies the Postgres events whose outbox row was shipped by T (id <= H and
 *    shipped_at <= T), and the events that never had an outbox row (the demo desk's history);
 *  - the relay, resumed, ships the rest: rows unshipped at T (late commits below H included) and
 *    rows above H, stamped shipped_at > T.
 * The two sets are disjoint and cover every event. Alert events are not rebuilt (Postgres keeps
 * the alerts, not their ClickHouse rows): alert_events is left as it is.
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
	copied: number;
	/** Events in Postgres at the start (the copy ends near it: events after T ship by the relay). */
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
	/** Events per Postgres read and ClickHouse INSERT. */
	pageSize?: number;
	onProgress?: (p: RebuildProgress) => void;
}

export interface RebuildResult {
	copied: number;
	total: number;
	ms: number;
	eventsPerS: number;
	cutover: { at: string; maxOutboxId: number };
	tables: string[];
}

/** The migrations that create or read ticket_events, and the tables and views they create. */
export function rebuiltMigrations(folder = chMigrationsFolder()) {
	const files = readMigrations(folder).filter((f) => f.statements.some((s) => new RegExp(`\\b${TABLES.ticketEvents}\\b`).test(s)));
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

export async function rebuildAnalytics(opts: RebuildOptions): Promise<RebuildResult> {
	const { db, ch, relay } = opts;
	const pageSize = opts.pageSize ?? 50_000;
	const folder = opts.folder ?? chMigrationsFolder();
	const t0 = performance.now();
	const [{ n: total }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ticket_events`));
	const progress = (phase: RebuildProgress['phase'], copied: number) => {
		const elapsedMs = performance.now() - t0;
		opts.onProgress?.({ phase, copied, total: Number(total), elapsedMs, eventsPerS: copied / Math.max(elapsedMs / 1000, 1e-3) });
	};
	progress('cutover', 0);

	const { versions, tables, views } = rebuiltMigrations(folder);
	let cutoverAt: Date;
	let maxId: number;
	await relay?.pause();
	try {
		cutoverAt = new Date();
		const [h] = rowsOf<{ h: number | string | null }>(await db.execute(sql`select max(id) as h from outbox`));
		maxId = Number(h?.h ?? 0);
		for (const v of views) await ch.client.command({ query: `DROP VIEW IF EXISTS ${v}` });
		for (const t of tables) await ch.client.command({ query: `DROP TABLE IF EXISTS ${t}` });
		const del = chSql`ALTER TABLE schema_migrations DELETE WHERE version IN ${p.u32s('versions', versions)}`;
		await ch.client.command({ query: del.sql, query_params: { ...del.params }, clickhouse_settings: { mutations_sync: '2' } });
		forgetTables(ch);
		await migrateClickHouse(ch, folder, opts.cluster ?? null);
	} finally {
		relay?.resume();
	}

	// Copy what was in ClickHouse at T, page by page (the next page is read while one is inserted).
	const read = (after: string) =>
		db
			.execute(
				sql`select e.id::text as id, e.data::text as data
				from ticket_events e left join outbox o on o.event_id = e.id and o.topic = ${TOPICS.ticketEvents}
				where e.id > ${after}::uuid
				  and (o.id is null or (o.id <= ${maxId} and o.shipped_at is not null and o.shipped_at <= ${cutoverAt.toISOString()}::timestamptz))
				order by e.id limit ${pageSize}`
			)
			.then((r) => rowsOf<{ id: string; data: string }>(r));
	let copied = 0;
	let next = read('00000000-0000-0000-0000-000000000000');
	for (;;) {
		const page = await next;
		if (!page.length) break;
		next = read(page[page.length - 1].id);
		await insertJsonLines(ch, TABLES.ticketEvents, page.map((r) => r.data));
		copied += page.length;
		progress('copy', copied);
	}
	const ms = performance.now() - t0;
	progress('done', copied);
	return {
		copied,
		total: Number(total),
		ms,
		eventsPerS: copied / Math.max(ms / 1000, 1e-3),
		cutover: { at: cutoverAt.toISOString(), maxOutboxId: maxId },
		tables
	};
}

/** A text progress bar for the command line. */
export function progressBar(pr: RebuildProgress, width = 30): string {
	const frac = pr.total ? Math.min(1, pr.copied / pr.total) : pr.phase === 'done' ? 1 : 0;
	const full = Math.round(frac * width);
	return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(frac * 100).toFixed(0).padStart(3)}% ${pr.copied}/${pr.total} events, ${Math.round(pr.eventsPerS)}/s (${pr.phase})`;
}
