/**
 * The week cache: completed weeks' ticket statistics (each ticket's last resolution in the week,
 * exactly as lastResolutions.ts computes it), stored by the day rollup's dimensions with exact
 * MTTR quantile states, so a dashboard by week reads 52 small groups instead of a year of
 * resolutions (schemas/clickhouse/0014).
 *
 * Exact at query time, not eventually: a cached week is used only while its resolution and reopen
 * counts recorded at computation equal the hour rollup's counts for that week now. Ticket
 * statistics of a week depend only on its resolved and reopened events, events are never changed,
 * only added, and the rollup counts every event in the same INSERT as ticket_events; so any event
 * that could change a week's statistics changes its counts, and the week is read raw until the
 * week-cache job computes it again. The counts are read before the statistics are computed: an
 * event arriving in between leaves the week stale (read raw), never wrong.
 */
import { chQuery, num, type ClickHouse } from '../analytics/clickhouse';
import { ident, p, raw, sql } from '../analytics/sql';
import { TABLES } from '../analytics/tables';
import { partsTarget } from '../analytics/cluster';
import { FCR_OK, lastResolutionsSql } from './metrics/lastResolutions';
import { STATS, type StatName } from './metrics/stats';
import { parseKpiRequest } from './request';
import type { Dimension, KpiRequest } from './model';
import { filterSql, groupSql, type Query } from './sql';
import { ROLLUP_ALIAS_PREFIX } from './statQueries';

const WEEK_MS = 7 * 86_400_000;
/** The dimensions kept per week (the day rollup's): requests filtering or grouping on others read raw. */
export const WEEK_CACHE_DIMS: Dimension[] = ['category', 'priority', 'tier', 'channel'];
/** The ticket stats the cache serves, read with their rollup expressions (metrics/stats.ts). */
const SERVED = new Set<StatName>(['res_n', 'work_sum', 'mttr_n', 'mttr_sum', 'mttr_q', 'fcr_ok', 'net_n', 'net_ok']);

/** Monday 00:00 UTC of the week holding t. */
export function mondayOf(t: number): number {
	const day = Math.floor(t / 86_400_000);
	// 1970-01-01 was a Thursday: Monday-based weekday = (day + 3) % 7.
	return (day - ((day + 3) % 7)) * 86_400_000;
}

/** Whether the cache can serve this request's ticket stats (week grouping, kept dimensions). */
export function weekCacheServes(req: KpiRequest, stats: StatName[]): boolean {
	if (req.groupBy.time !== 'week' || !stats.length || !stats.every((s) => SERVED.has(s))) return false;
	const dims = [...req.groupBy.dimensions, ...(Object.keys(req.filters) as Dimension[]).filter((d) => req.filters[d]?.length)];
	return dims.every((d) => WEEK_CACHE_DIMS.includes(d));
}

export interface WeekCacheRead {
	/** The run of consecutive valid cached weeks read from the cache: [from, to). */
	from: Date;
	to: Date;
	weeks: number[];
	gens: number[];
}

/**
 * The longest run of consecutive whole weeks inside the window whose cache entry is valid now, or
 * null. One small query: the meta rows against the hour rollup's counts (both sides subqueries, so
 * on a cluster the initiator joins the Distributed tables' totals).
 */
export async function validCachedWeeks(ch: ClickHouse, req: Pick<KpiRequest, 'from' | 'to'>): Promise<WeekCacheRead | null> {
	const f = req.from.getTime();
	const lo = mondayOf(f) === f ? f : mondayOf(f) + WEEK_MS;
	const hi = mondayOf(req.to.getTime());
	if (hi - lo < WEEK_MS) return null;
	const rows = await chQuery<{ w: string; gen: string }>(
		ch,
		sql`SELECT toUnixTimestamp(m.week) AS w, m.gen AS gen
FROM (
    SELECT week, gen, res_events, reopen_events FROM ${ident(TABLES.weekTicketsMeta)} FINAL
    WHERE week >= ${p.dt('lo', lo)} AND week < ${p.dt('hi', hi)}
) AS m
INNER JOIN (
    SELECT toDateTime(toMonday(bucket), 'UTC') AS week, sum(res_n) AS r, sum(reopened_n) AS o
    FROM ${ident(TABLES.rollupHour)}
    WHERE bucket >= ${p.dt('lo', lo)} AND bucket < ${p.dt('hi', hi)}
    GROUP BY week
) AS c ON m.week = c.week
WHERE m.res_events = c.r AND m.reopen_events = c.o
ORDER BY w`.named('kpi.week_cache_valid')
	);
	let best: { i: number; n: number } | null = null;
	for (let i = 0; i < rows.length; ) {
		let j = i + 1;
		while (j < rows.length && num(rows[j].w) - num(rows[j - 1].w) === WEEK_MS / 1000) j++;
		if (!best || j - i > best.n) best = { i, n: j - i };
		i = j;
	}
	if (!best) return null;
	const run = rows.slice(best.i, best.i + best.n);
	const weeks = run.map((r) => num(r.w));
	return { from: new Date(weeks[0] * 1000), to: new Date((weeks[weeks.length - 1] + WEEK_MS / 1000) * 1000), weeks, gens: run.map((r) => num(r.gen)) };
}

/** Ticket stats of the cached weeks, keyed like ticketStatsQuery's rows (k_time = the week). */
export function weekCacheQuery(req: KpiRequest, stats: StatName[], notFcrCategories: string[], read: WeekCacheRead): Query {
	const g = groupSql(req, 'week');
	const list = raw(stats.map((s) => `${STATS[s].rollup} AS ${ROLLUP_ALIAS_PREFIX}${s}`).join(',\n    '), { not_fcr: [...notFcrCategories] });
	return sql`SELECT ${g.select}${list}
FROM ${ident(TABLES.weekTickets)}
WHERE week >= ${p.dt('cache_from', read.from)} AND week < ${p.dt('cache_to', read.to)}
    AND has(arrayZip(${p.u32s('cache_weeks', read.weeks)}, ${raw('{cache_gens:Array(UInt64)}', { cache_gens: [...read.gens] })}), (toUInt32(toUnixTimestamp(week)), gen))${filterSql(req)}
${g.groupBy}`.named('kpi.week_cache');
}

export interface WeekCacheRefresh {
	/** Weeks computed (new or stale). */
	weeks: number;
	ms: number;
}

/**
 * The week-cache job: computes every completed week (ended before `now`) that has resolutions or
 * reopens and no valid entry, in one pass, then records their counts read before it.
 */
export async function refreshWeekCache(ch: ClickHouse, now = new Date(), cluster: string | null = null): Promise<WeekCacheRefresh> {
	const t0 = performance.now();
	const end = mondayOf(now.getTime());
	const counts = await chQuery<{ w: string; r: string; o: string }>(
		ch,
		sql`SELECT toUnixTimestamp(toDateTime(toMonday(bucket), 'UTC')) AS w, sum(res_n) AS r, sum(reopened_n) AS o
FROM ${ident(TABLES.rollupHour)} WHERE bucket < ${p.dt('end', end)}
GROUP BY w HAVING r + o > 0 ORDER BY w`.named('kpi.week_cache_counts')
	);
	const meta = new Map(
		(
			await chQuery<{ w: string; r: string; o: string }>(
				ch,
				sql`SELECT toUnixTimestamp(week) AS w, res_events AS r, reopen_events AS o FROM ${ident(TABLES.weekTicketsMeta)} FINAL`.named('kpi.week_cache_meta')
			)
		).map((m) => [num(m.w), `${m.r}/${m.o}`])
	);
	const todo = counts.filter((c) => meta.get(num(c.w)) !== `${c.r}/${c.o}`);
	if (!todo.length) return { weeks: 0, ms: performance.now() - t0 };
	const gen = Date.now();
	// One pass per run of consecutive weeks (grouped by week, the per-ticket rule is per week).
	const runs: number[][] = [];
	for (const c of todo) {
		const w = num(c.w);
		const last = runs[runs.length - 1];
		if (last && w - last[last.length - 1] === WEEK_MS / 1000) last.push(w);
		else runs.push([w]);
	}
	for (const run of runs) {
		// Grouped by week (the per-ticket rule is per week); the dimensions are this INSERT's own keys.
		const req = parseKpiRequest({
			metrics: 'mttr',
			from: new Date(run[0] * 1000).toISOString(),
			to: new Date(run[run.length - 1] * 1000 + WEEK_MS).toISOString(),
			groupBy: 'week'
		});
		const insert = sql`INSERT INTO ${ident(TABLES.weekTickets)} (week, gen, category, priority, tier, channel, res_n, work_sum, mttr_n, mttr_sum, mttr_q, fcr_ok)
SELECT toDateTime(toMonday(tb), 'UTC') AS week, ${p.u64('gen', gen)}, category, priority, tier, channel,
    count(), sum(work_s), countIf(resolution_s IS NOT NULL), sum(assumeNotNull(resolution_s)),
    quantilesExactInclusiveStateIf(0.5, 0.9)(assumeNotNull(resolution_s), resolution_s IS NOT NULL),
    countIf(${raw(FCR_OK)})
FROM ${lastResolutionsSql(req)} AS lr
GROUP BY week, category, priority, tier, channel`;
		await ch.client.command({ query: insert.sql, query_params: { ...insert.params } });
	}
	const rows = todo.map((c) => `(${num(c.w)}, ${gen}, ${num(c.r)}, ${num(c.o)})`).join(', ');
	await ch.client.command({ query: `INSERT INTO ${TABLES.weekTicketsMeta} (week, gen, res_events, reopen_events) VALUES ${rows}` });
	// Older generations of the recomputed weeks are never read again: dropped.
	const del = sql`DELETE FROM ${raw(partsTarget(TABLES.weekTickets, cluster))} WHERE has(${p.u32s('weeks', todo.map((c) => num(c.w)))}, toUInt32(toUnixTimestamp(week))) AND gen != ${p.u64('gen', gen)}`;
	await ch.client.command({ query: del.sql, query_params: { ...del.params } });
	return { weeks: todo.length, ms: performance.now() - t0 };
}
