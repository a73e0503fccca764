/**
 * Chooses where each stat family comes from: a rollup (./rollups.ts) or raw ticket_events, by
 * estimated rows read. A rollup may serve a request only when that is exact:
 *  - it keeps every dimension the request filters or groups on (and category + channel for
 *    FCR net), and its grain divides the request's time grouping (hour grouping: hourly rollups);
 *  - the window is cut into an aligned body read from the rollup and raw "edges" before and after
 *    it (events off the grain), summed together;
 *  - ticket stats (aht, mttr, fcr_*, csat's resolved tickets) additionally: no ticket has both a
 *    resolution and a reopen inside the window, else "last resolution per ticket" and "reopened
 *    later in the window" differ from per-event sums (one small query checks).
 * Among the exact rollups the cheapest estimate wins; auto takes it only when the window holds at
 * least ROLLUP_MIN_RAW_ROWS raw rows and the rollup reads at least ROLLUP_MIN_GAIN times fewer
 * rows than raw. Estimates come from each table's row count and time span (system.parts, cached
 * for 30 s), a rollup row weighing ROLLUP_ROW_COST raw rows. Both thresholds are measured
 * (bench:kpi, RESULTS.md K2): a stitched read (rollup body, two raw edges, a union) costs ~15 ms
 * whatever its size, so raw wins below ~2M rows (today at 100M events: raw 12.7 ms, rollup 15–21);
 * above it the rollup wins by far (one year at 100M: 1,157 → 132 ms; 90 days at 10M: 40 → 30).
 * Merging the exact quantile states costs little beside that (the year's FRT quantiles included).
 * Ticket stats grouped by day or week may then come from the bucket cache (./bucketCache.ts) for
 * the buckets still valid. Metrics with a query of their own never use a rollup.
 */
import { chQuery, num, type ClickHouse } from '../analytics/clickhouse';
import { ident, p, sql } from '../analytics/sql';
import { TABLES } from '../analytics/tables';
import { METRIC_DEFS } from './metrics';
import { STATS, type StatFamily, type StatName } from './metrics/stats';
import type { KpiRequest, RunKpiOptions } from './model';
import { DIM_COLUMN, GRAIN_MS, ROLLUPS, type RollupDef } from './rollups';
import { perTicketConflictQuery } from './statQueries';
import type { LastResolutionsForm } from './metrics/lastResolutions';
import { cacheGrainFor, validCachedBuckets, type BucketCacheRead } from './bucketCache';

/** A rollup row carries ~20 columns with two quantile states: worth several raw event rows. */
export const ROLLUP_ROW_COST = 4;
/** Fixed cost of a stitched read (two scans and a union), in raw rows: a tiny window stays raw. */
export const STITCH_COST = 2_000;
const STATS_TTL_MS = 30_000;
/**
 * Auto reads a rollup only when its estimate is this many times below raw's. bench:kpi at 10M
 * events (RESULTS.md, K2): board tiles read through the hour rollup at ~4× fewer estimated rows
 * were slower than raw (stitching, quantile merges, a second query in parallel on 2 cores).
 */
export const ROLLUP_MIN_GAIN = 10;
/** Auto reads a rollup only for a window of at least this many raw rows (see above). */
export const ROLLUP_MIN_RAW_ROWS = 2_000_000;
/**
 * Auto reads the bucket cache for windows of at least this many raw rows. Below, its extra round
 * trip and the raw edge buckets cost more than they save; above, it wins (bench:kpi, auto with the
 * cache vs forced raw, p50): 10M events, 7 days by day (191k rows) 77 vs 42 ms, 90 days by day
 * (2.5M) 160 vs 121, 90 days by week 173 vs 102–145; one year by week ~206 vs ~420; 100M events,
 * 7 days by day (1.9M) 114 vs 92, 90 days by day 227 vs 659, 90 days by week 197 vs 566–753, one
 * year by week 360–471 vs 2,100.
 */
export const BUCKET_CACHE_MIN_RAW_ROWS = 5_000_000;
/**
 * Under this many raw rows, ticket stats group every ticket of the window in one scan ('grouped')
 * instead of splitting off the tickets with a reopen (three scans). bench:kpi, ticket stats alone:
 * one day of 10M events a year (27k rows) 13.6 vs 19.8 ms; 7 days (191k) 34.5 vs 27.1; one day of
 * 100M (269k) 38.6 vs 22.0.
 */
export const GROUPED_MAX_RAW_ROWS = 100_000;
/** Share of a window's events the per-ticket conflict check reads (resolutions and reopens). */
export const CONFLICT_SHARE = 0.15;

export interface RollupChoice {
	def: RollupDef;
	/** The aligned part of the window read from the rollup; the rest is read raw. */
	bodyFrom: Date;
	bodyTo: Date;
	estRows: number;
}

export interface KpiPlan {
	/** Stats to read per family, and from where. */
	families: Record<StatFamily, { stats: StatName[]; source: 'rollup' | 'raw'; reason?: string }>;
	/** How raw ticket stats find each ticket's last resolution (metrics/lastResolutions.ts). */
	lastResolutions: LastResolutionsForm;
	rollup?: RollupChoice;
	/** Estimated raw rows of the window (what forced raw reads). */
	rawEstRows?: number;
	/** Ticket stats of completed days or weeks from the bucket cache (./bucketCache.ts); the rest raw. */
	bucketCache?: BucketCacheRead;
}

/** Tables seen to exist, per connection (a table never disappears at runtime: only hits are cached). */
const seenTables = new WeakMap<ClickHouse, Set<string>>();

export async function tableExists(ch: ClickHouse, table: string): Promise<boolean> {
	const seen = seenTables.get(ch) ?? new Set<string>();
	seenTables.set(ch, seen);
	if (seen.has(table)) return true;
	const [row] = await chQuery<{ n: string }>(
		ch,
		sql`SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = ${p.str('table', table)}`.named('kpi.table_exists')
	);
	if (num(row?.n) > 0) seen.add(table);
	return seen.has(table);
}

/** Forget what was seen (after a rebuild drops tables). */
export function forgetTables(ch: ClickHouse): void {
	seenTables.delete(ch);
	tableStats.delete(ch);
}

interface TableStats {
	at: number;
	rows: Map<string, number>;
	/** Span of the data (from the hourly rollup's buckets), ms. */
	spanMs: number;
}
const tableStats = new WeakMap<ClickHouse, TableStats>();

/** Refreshes in flight, per connection (one at a time). */
const refreshing = new WeakMap<ClickHouse, Promise<TableStats>>();

/**
 * Table sizes for the estimates. Stale entries are served while one refresh runs in the background:
 * a board request never waits for the two system queries (they made every 30th second's board
 * ~7 ms slower, its p95 on bench:kpi); only the first request of a connection does.
 */
async function statsOf(ch: ClickHouse): Promise<TableStats> {
	const cached = tableStats.get(ch);
	if (cached && Date.now() - cached.at < STATS_TTL_MS) return cached;
	let next = refreshing.get(ch);
	if (!next) {
		next = loadStats(ch).finally(() => refreshing.delete(ch));
		refreshing.set(ch, next);
	}
	if (cached) {
		next.catch((e: Error) => console.warn(`[kpi] table stats refresh failed: ${e.message}`));
		return cached;
	}
	return next;
}

async function loadStats(ch: ClickHouse): Promise<TableStats> {
	const tables = [TABLES.ticketEvents, ...ROLLUPS.map((r) => r.table)];
	const rows = await chQuery<{ table: string; rows: string }>(
		ch,
		sql`SELECT table, sum(rows) AS rows FROM system.parts
WHERE active AND database = currentDatabase() AND table IN ${p.strs('tables', tables)}
GROUP BY table`.named('kpi.table_stats')
	);
	const [span] = await chQuery<{ lo: string; hi: string }>(
		ch,
		sql`SELECT toUnixTimestamp(min(bucket)) AS lo, toUnixTimestamp(max(bucket)) AS hi FROM ${ident(TABLES.rollupHour)}`.named('kpi.table_span')
	).catch(() => [{ lo: '0', hi: '0' }]);
	const spanMs = Math.max(GRAIN_MS.hour, (num(span?.hi) - num(span?.lo)) * 1000 + GRAIN_MS.hour);
	const s = { at: Date.now(), rows: new Map(rows.map((r) => [r.table, num(r.rows)])), spanMs };
	tableStats.set(ch, s);
	return s;
}

/** Columns a request needs from a rollup, or null when some dimension is in no rollup. */
export function neededColumns(req: KpiRequest, stats: StatName[]): Set<string> | null {
	const cols = new Set<string>();
	const dims = [...req.groupBy.dimensions, ...(Object.keys(req.filters) as (keyof KpiRequest['filters'])[])];
	for (const d of dims) {
		const c = DIM_COLUMN[d];
		if (!c) return null;
		cols.add(c);
	}
	if (stats.some((s) => s === 'net_n' || s === 'net_ok')) cols.add('category').add('channel');
	return cols;
}

/** The aligned body of the window for a grain (empty when the window holds no whole bucket). */
export function bodyOf(req: Pick<KpiRequest, 'from' | 'to'>, grain: RollupDef['grain']): { from: number; to: number } | null {
	const g = GRAIN_MS[grain];
	const from = Math.ceil(req.from.getTime() / g) * g;
	const to = Math.floor(req.to.getTime() / g) * g;
	return to > from ? { from, to } : null;
}

/** The exact rollups for a request, each with its estimated rows read; cheapest first. */
export function rollupCandidates(req: KpiRequest, stats: StatName[], st: Pick<TableStats, 'rows' | 'spanMs'>): RollupChoice[] {
	const cols = neededColumns(req, stats);
	if (!cols) return [];
	const rawDensity = (st.rows.get(TABLES.ticketEvents) ?? 0) / st.spanMs;
	const out: RollupChoice[] = [];
	for (const def of ROLLUPS) {
		if (![...cols].every((c) => def.columns.includes(c))) continue;
		if (req.groupBy.time === 'hour' && def.grain !== 'hour') continue;
		const body = bodyOf(req, def.grain);
		if (!body) continue;
		const density = (st.rows.get(def.table) ?? 0) / st.spanMs;
		const edgesMs = req.to.getTime() - req.from.getTime() - (body.to - body.from);
		const estRows = density * (body.to - body.from) * ROLLUP_ROW_COST + rawDensity * edgesMs + STITCH_COST;
		out.push({ def, bodyFrom: new Date(body.from), bodyTo: new Date(body.to), estRows });
	}
	return out.sort((a, b) => a.estRows - b.estRows);
}

/**
 * Plans a request: rollups for the stat families (planRollups), then, for ticket stats still read
 * raw and grouped by day or week, the bucket cache's valid buckets (auto: for windows of
 * BUCKET_CACHE_MIN_RAW_ROWS or more; 'rollup': always, for tests).
 */
export async function planKpis(ch: ClickHouse, req: KpiRequest, opts: RunKpiOptions = {}): Promise<KpiPlan> {
	const plan = await planRollups(ch, req, opts);
	const { ticket } = plan.families;
	const grain = cacheGrainFor(req, ticket.stats, neededColumns(req, ticket.stats));
	if (opts.source === 'raw' || ticket.source !== 'raw' || !grain) return plan;
	if (opts.source !== 'rollup' && (plan.rawEstRows ?? 0) < BUCKET_CACHE_MIN_RAW_ROWS) return plan;
	if (!(await tableExists(ch, TABLES.ticketBucketsMeta))) return plan;
	const read = await validCachedBuckets(ch, req, grain);
	if (!read) return plan;
	plan.bucketCache = read;
	ticket.source = 'rollup';
	ticket.reason = `completed ${grain}s from the bucket cache (${read.buckets.length}), the rest raw`;
	return plan;
}

async function planRollups(ch: ClickHouse, req: KpiRequest, opts: RunKpiOptions): Promise<KpiPlan> {
	const wanted = new Set<StatName>();
	for (const m of req.metrics) for (const s of METRIC_DEFS[m]?.stats ?? []) wanted.add(s);
	const of = (f: StatFamily) => [...wanted].filter((s) => STATS[s].family === f);
	const plan: KpiPlan = {
		families: { event: { stats: of('event'), source: 'raw' }, ticket: { stats: of('ticket'), source: 'raw' } },
		lastResolutions: 'split'
	};
	const { event, ticket } = plan.families;
	if (!event.stats.length && !ticket.stats.length) return plan;
	const block = (reason: string) => {
		event.reason = ticket.reason = reason;
		return plan;
	};
	if (opts.source === 'raw') return block('raw requested');
	if (!(await tableExists(ch, ROLLUPS[0].table))) return block('rollup tables missing');

	const st = await statsOf(ch);
	const windowMs = req.to.getTime() - req.from.getTime();
	plan.rawEstRows = ((st.rows.get(TABLES.ticketEvents) ?? 0) / st.spanMs) * windowMs;
	if (plan.rawEstRows < GROUPED_MAX_RAW_ROWS) plan.lastResolutions = 'grouped';
	// Ticket stats can come from a rollup only without a resolve+reopen in the window; that check
	// reads the window's resolutions and reopens (~CONFLICT_SHARE of its events): part of the cost.
	const [anyBest] = rollupCandidates(req, event.stats.length ? event.stats : ticket.stats, st);
	if (!anyBest) return block('no rollup keeps these dimensions at this grain, or the window holds no whole bucket');
	if (!event.stats.length && opts.source !== 'rollup') return block('ticket stats only: raw');
	let ticketFromRollup = false;
	let extra = 0;
	// Measured (bench:kpi, RESULTS.md): the check is a sequential round trip before the stat
	// queries, and on the bench a window of a day or more nearly always holds a reopen, so auto
	// reads ticket stats raw (in parallel with the rollup's event stats) without checking; only an
	// explicit source 'rollup' checks and may read them from the rollup.
	if (ticket.stats.length && opts.source === 'rollup') {
		extra = plan.rawEstRows * CONFLICT_SHARE;
		const [row] = await chQuery<{ n: string }>(ch, perTicketConflictQuery(req));
		ticketFromRollup = num(row?.n) === 0;
		if (!ticketFromRollup) ticket.reason = 'a ticket was resolved and reopened inside the window';
	} else if (ticket.stats.length) ticket.reason = 'auto reads ticket stats raw (no conflict check round trip)';
	// Event stats alone need fewer columns (FCR net's category and channel are ticket stats).
	let [best] = ticketFromRollup ? rollupCandidates(req, [...event.stats, ...ticket.stats], st) : [];
	if (!best) {
		if (ticketFromRollup) ticket.reason = 'no rollup keeps what the ticket stats need (FCR net: category and channel)';
		ticketFromRollup = false;
		[best] = event.stats.length ? rollupCandidates(req, event.stats, st) : [];
	}
	if (!best) return block('no rollup keeps these dimensions at this grain, or the window holds no whole bucket');
	const cost = best.estRows + extra;
	if (opts.source !== 'rollup' && plan.rawEstRows < ROLLUP_MIN_RAW_ROWS) {
		return block(`a short window reads raw (est. ${Math.round(plan.rawEstRows)} raw rows < ${ROLLUP_MIN_RAW_ROWS})`);
	}
	if (opts.source !== 'rollup' && cost * ROLLUP_MIN_GAIN > plan.rawEstRows) {
		return block(`the rollup does not read ${ROLLUP_MIN_GAIN}× fewer rows (est. raw ${Math.round(plan.rawEstRows)} vs ${Math.round(cost)} via ${best.def.table})`);
	}
	plan.rollup = best;
	event.source = 'rollup';
	if (ticketFromRollup) ticket.source = 'rollup';
	return plan;
}
