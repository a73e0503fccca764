/**
 * runKpis: the KPI engine's one verb. Plans where each stat family comes from, runs at most two
 * stat queries (one when the rollup serves both families) plus one per metric with a query of
 * its own, merges rows by group key, and shapes every metric into
 * { metric, source, groups: [{ key, values }] }.
 */
import { chQuery, type ClickHouse } from '../analytics/clickhouse';
import { METRIC_DEFS, type MetricDef, type Stats } from './metrics';
import { ALERT_EVENTS_TABLE, ALERT_NOISE_PENDING_NOTE, alertNoiseSeries } from './metrics/alertNoise';
import { STATS, type StatName } from './metrics/stats';
import {
	DEFAULT_NOT_FCR_CATEGORIES,
	type KpiGroup,
	type KpiKey,
	type KpiRequest,
	type KpiSeries,
	type RunKpiOptions
} from './model';
import { planKpis, tableExists } from './planner';
import { TABLES } from '../analytics/tables';
import type { Query } from './sql';
import { eventStatsQuery, rollupQuery, ROLLUP_ALIAS_PREFIX, ticketStatsQuery } from './statQueries';
import { bucketCacheQuery } from './bucketCache';

function keyOf(req: KpiRequest, row: Stats): KpiKey {
	const key: KpiKey = {};
	for (const d of req.groupBy.dimensions) key[d] = String(row[`k_${d}`] ?? '');
	if (req.groupBy.time) key[req.groupBy.time] = new Date(Number(row.k_time) * 1000).toISOString();
	return key;
}

function compareKeys(a: KpiGroup, b: KpiGroup): number {
	const ka = JSON.stringify(a.key);
	const kb = JSON.stringify(b.key);
	return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Rows → groups: empty groups dropped; an ungrouped request always gets its one group. */
export function toGroups(req: KpiRequest, def: MetricDef, rows: Stats[]): KpiGroup[] {
	const grouped = req.groupBy.dimensions.length > 0 || req.groupBy.time !== null;
	if (!grouped) return [{ key: {}, values: def.values(rows[0] ?? {}) }];
	return rows
		.filter((r) => def.present(r))
		.map((r) => ({ key: keyOf(req, r), values: def.values(r) }))
		.sort(compareKeys);
}

async function rows(ch: ClickHouse, q: Query, strip = ''): Promise<Stats[]> {
	const out = await chQuery<Stats>(ch, q);
	if (!strip) return out;
	return out.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.startsWith(strip) ? k.slice(strip.length) : k, v])));
}

/** Merges stat rows from several queries on their k_* key columns. */
function mergeByKey(sets: Stats[][]): Stats[] {
	const byKey = new Map<string, Stats>();
	for (const set of sets) {
		for (const r of set) {
			const id = JSON.stringify(Object.entries(r).filter(([k]) => k.startsWith('k_')));
			byKey.set(id, { ...byKey.get(id), ...r });
		}
	}
	return [...byKey.values()];
}

async function alertNoise(ch: ClickHouse, req: KpiRequest): Promise<KpiSeries> {
	if (!(await tableExists(ch, ALERT_EVENTS_TABLE))) return { metric: 'alert_noise', source: null, groups: [], note: ALERT_NOISE_PENDING_NOTE };
	return alertNoiseSeries(ch, req);
}

export async function runKpis(ch: ClickHouse, req: KpiRequest, opts: RunKpiOptions = {}): Promise<KpiSeries[]> {
	const ctx = { notFcrCategories: opts.notFcrCategories ?? DEFAULT_NOT_FCR_CATEGORIES };
	const { families, rollup, lastResolutions, bucketCache } = await planKpis(ch, req, opts);
	const { event, ticket } = families;

	const fromRollup = [...(event.source === 'rollup' ? event.stats : []), ...(ticket.source === 'rollup' && !bucketCache ? ticket.stats : [])];
	const statRuns: Promise<Stats[]>[] = [];
	if (fromRollup.length) statRuns.push(rows(ch, rollupQuery(req, fromRollup, ctx.notFcrCategories, rollup!), ROLLUP_ALIAS_PREFIX));
	if (event.source === 'raw' && event.stats.length) statRuns.push(rows(ch, eventStatsQuery(req, event.stats)));
	if (bucketCache) {
		// Cached buckets, and the buckets before and after them raw (each bucket whole in one part).
		statRuns.push(rows(ch, bucketCacheQuery(req, ticket.stats, ctx.notFcrCategories, bucketCache), ROLLUP_ALIAS_PREFIX));
		for (const [from, to] of [[req.from, bucketCache.from], [bucketCache.to, req.to]]) {
			if (from < to) statRuns.push(rows(ch, ticketStatsQuery({ ...req, from, to }, ticket.stats, ctx.notFcrCategories)));
		}
	} else if (ticket.source === 'raw' && ticket.stats.length) {
		statRuns.push(rows(ch, ticketStatsQuery(req, ticket.stats, ctx.notFcrCategories, lastResolutions)));
	}
	const useState = opts.source !== 'raw' && (await tableExists(ch, TABLES.ticketState));
	const own = req.metrics
		.filter((m) => METRIC_DEFS[m]?.raw)
		.map(async (m) => {
			const def = METRIC_DEFS[m]!;
			const fromState = useState && !!def.state;
			const q = fromState ? def.state!(req, ctx) : def.raw!(req, ctx);
			return [m, { source: fromState ? ('state' as const) : ('raw' as const), rows: await rows(ch, q) }] as const;
		});
	const noise = req.metrics.includes('alert_noise') ? alertNoise(ch, req) : null;

	const merged = mergeByKey(await Promise.all(statRuns));
	const ownRows = new Map(await Promise.all(own));
	const sourceOf = (stats: StatName[]): KpiSeries['source'] => {
		const s = new Set(stats.map((x) => families[STATS[x].family].source));
		return s.size === 1 ? [...s][0] : 'rollup+raw';
	};
	return Promise.all(
		req.metrics.map(async (m): Promise<KpiSeries> => {
			if (m === 'alert_noise') return noise!;
			const def = METRIC_DEFS[m]!;
			if (def.raw) {
				const own = ownRows.get(m)!;
				return { metric: m, source: own.source, groups: toGroups(req, def, own.rows) };
			}
			return { metric: m, source: sourceOf(def.stats ?? []), groups: toGroups(req, def, merged) };
		})
	);
}
