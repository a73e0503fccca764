/**
 * The bucket cache: completed days' and weeks' ticket statistics (each ticket's last resolution in
 * the bucket, exactly as lastResolutions.ts computes it), stored by the day rollup's dimensions
 * with exact MTTR quantile states, so a dashboard by week reads 52 small groups instead of a year
 * of resolutions, and a board by day six days instead of a week (schemas/clickhouse/0014).
 *
 * Exact at query time, not eventually: a cached bucket is used only while its resolution and
 * reopen counts recorded at computation equal the hour rollup's counts for that bucket now. Ticket
 * statistics of a bucket depend only on its resolved and reopened events, events are never
 * changed, only added, and the rollup counts every event in the same INSERT as ticket_events; so
 * any event that could change a bucket's statistics changes its counts, and the bucket is read raw
 * until the bucket-cache job computes it again. The counts are read before the statistics are
 * computed: an event arriving in between leaves the bucket stale (read raw), never wrong.
 */
import { chQuery, num, type ClickHouse } from '../analytics/clickhouse';
import { ident, p, raw, sql } from '../analytics/sql';
import { TABLES } from '../analytics/tables';
import { partsTarget } from '../analytics/cluster';
import { FCR_OK, lastResolutionsSql } from './metrics/lastResolutions';
import { STATS, type StatName } from './metrics/stats';
import { parseKpiRequest } from './request';
import type { KpiRequest } from './model';
import { bucketExpr, filterSql, groupSql, type Query } from './sql';
import { ROLLUP_ALIAS_PREFIX } from './statQueries';

export type CacheGrain = 'day' | 'week';
export const CACHE_GRAINS: CacheGrain[] = ['day', 'week'];
const DAY_MS = 86_400_000;
const GRAIN_LEN: Record<CacheGrain, number> = { day: DAY_MS, week: 7 * DAY_MS };
/** The columns kept per bucket (the day rollup's, migration 0014): requests needing others read raw. */
export const BUCKET_CACHE_COLUMNS = ['category', 'priority', 'tier', 'channel'];
/** The ticket stats the cache serves, read with their rollup expressions (metrics/stats.ts). */
const SERVED = new Set<StatName>(['res_n', 'work_sum', 'mttr_n', 'mttr_sum', 'mttr_q', 'fcr_ok', 'net_n', 'net_ok']);

/** Start (UTC) of the day or the Monday-based week holding t. */
export function bucketStart(grain: CacheGrain, t: number): number {
	const day = Math.floor(t / DAY_MS);
	// 1970-01-01 was a Thursday: Monday-based weekday = (day + 3) % 7.
	return (grain === 'day' ? day : day - ((day + 3) % 7)) * DAY_MS;
}

/**
 * The grain the cache would serve this request's ticket stats at, or null: day or week grouping,
 * stats it keeps, and `columns` (what the request filters and groups on, kpi/planner.ts
 * neededColumns; null when some dimension is in no rollup) among the kept columns.
 */
export function cacheGrainFor(req: KpiRequest, stats: StatName[], columns: Set<string> | null): CacheGrain | null {
	const grain = req.groupBy.time;
	if ((grain !== 'day' && grain !== 'week') || !stats.length || !stats.every((s) => SERVED.has(s))) return null;
	return columns && [...columns].every((c) => BUCKET_CACHE_COLUMNS.includes(c)) ? grain : null;
}

export interface BucketCacheRead {
	grain: CacheGrain;
	/** The run of consecutive valid cached buckets read from the cache: [from, to). */
	from: Date;
	to: Date;
	/** Bucket starts (unix s) and the generation in force for each. */
	buckets: number[];
	gens: number[];
}

/**
 * The longest run of consecutive whole buckets inside the window whose cache entry is valid now,
 * or null. One small query: the meta rows against the hour rollup's counts (both sides
 * subqueries, so on a cluster the initiator joins the Distributed tables' totals).
 */
export async function validCachedBuckets(ch: ClickHouse, req: Pick<KpiRequest, 'from' | 'to'>, grain: CacheGrain): Promise<BucketCacheRead | null> {
	const len = GRAIN_LEN[grain];
	const f = req.from.getTime();
	const lo = bucketStart(grain, f) === f ? f : bucketStart(grain, f) + len;
	const hi = bucketStart(grain, req.to.getTime());
	if (hi - lo < len) return null;
	const rows = await chQuery<{ b: string; gen: string }>(
		ch,
		sql`SELECT toUnixTimestamp(m.bucket) AS b, m.gen AS gen
FROM (
    SELECT bucket, gen, res_events, reopen_events FROM ${ident(TABLES.ticketBucketsMeta)} FINAL
    WHERE grain = ${p.str('grain', grain)} AND bucket >= ${p.dt('lo', lo)} AND bucket < ${p.dt('hi', hi)}
) AS m
INNER JOIN (
    SELECT ${raw(bucketExpr(grain, 'bucket'))} AS b, sum(res_n) AS r, sum(reopened_n) AS o
    FROM ${ident(TABLES.rollupHour)}
    WHERE bucket >= ${p.dt('lo', lo)} AND bucket < ${p.dt('hi', hi)}
    GROUP BY b
) AS c ON m.bucket = c.b
WHERE m.res_events = c.r AND m.reopen_events = c.o
ORDER BY b`.named('kpi.bucket_cache_valid')
	);
	let best: { i: number; n: number } | null = null;
	for (let i = 0; i < rows.length; ) {
		let j = i + 1;
		while (j < rows.length && num(rows[j].b) - num(rows[j - 1].b) === len / 1000) j++;
		if (!best || j - i > best.n) best = { i, n: j - i };
		i = j;
	}
	if (!best) return null;
	const run = rows.slice(best.i, best.i + best.n);
	const buckets = run.map((r) => num(r.b));
	return {
		grain,
		from: new Date(buckets[0] * 1000),
		to: new Date(buckets[buckets.length - 1] * 1000 + len),
		buckets,
		gens: run.map((r) => num(r.gen))
	};
}

/** Ticket stats of the cached buckets, keyed like ticketStatsQuery's rows (k_time = the bucket). */
export function bucketCacheQuery(req: KpiRequest, stats: StatName[], notFcrCategories: string[], read: BucketCacheRead): Query {
	const g = groupSql(req, 'bucket');
	const list = raw(stats.map((s) => `${STATS[s].rollup} AS ${ROLLUP_ALIAS_PREFIX}${s}`).join(',\n    '), { not_fcr: [...notFcrCategories] });
	return sql`SELECT ${g.select}${list}
FROM ${ident(TABLES.ticketBuckets)}
WHERE grain = ${p.str('grain', read.grain)} AND bucket >= ${p.dt('cache_from', read.from)} AND bucket < ${p.dt('cache_to', read.to)}
    AND has(arrayZip(${p.u32s('cache_buckets', read.buckets)}, ${raw('{cache_gens:Array(UInt64)}', { cache_gens: [...read.gens] })}), (toUInt32(toUnixTimestamp(bucket)), gen))${filterSql(req)}
${g.groupBy}`.named(`kpi.bucket_cache.${read.grain}`);
}

export interface BucketCacheRefresh {
	/** Buckets computed (new or stale), per grain. */
	day: number;
	week: number;
	ms: number;
}

/** One grain: every completed bucket with resolutions or reopens and no valid entry, in one pass per run. */
async function refreshGrain(ch: ClickHouse, grain: CacheGrain, now: Date, cluster: string | null): Promise<number> {
	const len = GRAIN_LEN[grain];
	const end = bucketStart(grain, now.getTime());
	const b = raw(bucketExpr(grain, 'bucket'));
	const counts = await chQuery<{ b: string; r: string; o: string }>(
		ch,
		sql`SELECT toUnixTimestamp(${b}) AS b, sum(res_n) AS r, sum(reopened_n) AS o
FROM ${ident(TABLES.rollupHour)} WHERE bucket < ${p.dt('end', end)}
GROUP BY b HAVING r + o > 0 ORDER BY b`.named('kpi.bucket_cache_counts')
	);
	const meta = new Map(
		(
			await chQuery<{ b: string; r: string; o: string }>(
				ch,
				sql`SELECT toUnixTimestamp(bucket) AS b, res_events AS r, reopen_events AS o FROM ${ident(TABLES.ticketBucketsMeta)} FINAL
WHERE grain = ${p.str('grain', grain)}`.named('kpi.bucket_cache_meta')
			)
		).map((m) => [num(m.b), `${m.r}/${m.o}`])
	);
	const todo = counts.filter((c) => meta.get(num(c.b)) !== `${c.r}/${c.o}`);
	if (!todo.length) return 0;
	const gen = Date.now();
	// One pass per run of consecutive buckets (grouped by the grain, the per-ticket rule is per bucket).
	const runs: number[][] = [];
	for (const c of todo) {
		const t = num(c.b);
		const last = runs[runs.length - 1];
		if (last && t - last[last.length - 1] === len / 1000) last.push(t);
		else runs.push([t]);
	}
	for (const run of runs) {
		// Grouped by the grain; the dimensions are this INSERT's own keys.
		const req = parseKpiRequest({
			metrics: 'mttr',
			from: new Date(run[0] * 1000).toISOString(),
			to: new Date(run[run.length - 1] * 1000 + len).toISOString(),
			groupBy: grain
		});
		const insert = sql`INSERT INTO ${ident(TABLES.ticketBuckets)} (grain, bucket, gen, category, priority, tier, channel, res_n, work_sum, mttr_n, mttr_sum, mttr_q, fcr_ok)
SELECT ${p.str('grain', grain)}, ${raw(bucketExpr(grain, 'tb'))} AS bucket, ${p.u64('gen', gen)}, category, priority, tier, channel,
    count(), sum(work_s), countIf(resolution_s IS NOT NULL), sum(assumeNotNull(resolution_s)),
    quantilesExactInclusiveStateIf(0.5, 0.9)(assumeNotNull(resolution_s), resolution_s IS NOT NULL),
    countIf(${raw(FCR_OK)})
FROM ${lastResolutionsSql(req)} AS lr
GROUP BY bucket, category, priority, tier, channel`;
		await ch.client.command({ query: insert.sql, query_params: { ...insert.params } });
	}
	const rows = todo.map((c) => `('${grain}', ${num(c.b)}, ${gen}, ${num(c.r)}, ${num(c.o)})`).join(', ');
	await ch.client.command({ query: `INSERT INTO ${TABLES.ticketBucketsMeta} (grain, bucket, gen, res_events, reopen_events) VALUES ${rows}` });
	// Older generations of the recomputed buckets are never read again: dropped.
	const del = sql`DELETE FROM ${raw(partsTarget(TABLES.ticketBuckets, cluster))}
WHERE grain = ${p.str('grain', grain)} AND has(${p.u32s('buckets', todo.map((c) => num(c.b)))}, toUInt32(toUnixTimestamp(bucket))) AND gen != ${p.u64('gen', gen)}`;
	await ch.client.command({ query: del.sql, query_params: { ...del.params } });
	return todo.length;
}

/** The bucket-cache job: completed days and weeks (ended before `now`), new or changed since. */
export async function refreshBucketCache(ch: ClickHouse, now = new Date(), cluster: string | null = null): Promise<BucketCacheRefresh> {
	const t0 = performance.now();
	const day = await refreshGrain(ch, 'day', now, cluster);
	const week = await refreshGrain(ch, 'week', now, cluster);
	return { day, week, ms: performance.now() - t0 };
}
