/**
 * The three stat queries: event stats over raw ticket_events, ticket stats over each ticket's
 * last resolution, and any stats over the minute rollup. Each selects the k_* key columns of the
 * request's grouping and one column per requested stat, named after it.
 */
import { ident, join, p, raw, sql, type Sql } from '../analytics/sql';
import { TABLES } from '../analytics/tables';
import { lastResolutionsSql, type LastResolutionsForm } from './metrics/lastResolutions';
import { EVENT_STAT_TYPES, STATS, type StatName } from './metrics/stats';
import type { KpiRequest } from './model';
import { bucketOf, MEASURES, ROLLUP_TYPES, type RollupDef } from './rollups';
import { filterSql, groupSql, inWindow, type Query } from './sql';

/** Rollup aliases get a prefix so an alias never shadows the state column it aggregates. */
export const ROLLUP_ALIAS_PREFIX = 'st_';

function selectList(stats: StatName[], path: 'raw' | 'rollup', prefix = ''): Sql {
	return raw(stats.map((s) => `${STATS[s][path]} AS ${prefix}${s}`).join(',\n    '));
}

/** Rollup and ticket stats may read {not_fcr} (the FCR net categories): bound on those queries. */
const notFcr = (categories: string[]) => raw('', { not_fcr: [...categories] });

export function eventStatsQuery(req: KpiRequest, stats: StatName[]): Query {
	const g = groupSql(req, 'at');
	return sql`SELECT ${g.select}${selectList(stats, 'raw')}
FROM ${ident(TABLES.ticketEvents)}
WHERE type IN ${p.strs('event_types', EVENT_STAT_TYPES)} AND ${inWindow(req)}${filterSql(req)}
${g.groupBy}`.named('kpi.event_stats');
}

export function ticketStatsQuery(req: KpiRequest, stats: StatName[], notFcrCategories: string[], form: LastResolutionsForm = 'split'): Query {
	const g = groupSql(req, 'tb');
	return sql`SELECT ${g.select}${selectList(stats, 'raw')}${notFcr(notFcrCategories)}
FROM ${lastResolutionsSql(req, stats.map((s) => STATS[s].raw), form)} AS lr
WHERE 1${filterSql(req)}
${g.groupBy}`.named('kpi.ticket_stats');
}

type DtParam = ReturnType<typeof p.dt>;

export interface RollupRead {
	def: RollupDef;
	bodyFrom: Date;
	bodyTo: Date;
}

/**
 * Stats from a rollup: its rows for the aligned body [bodyFrom, bodyTo) of the window, plus the
 * same measures computed from raw events for the edges [from, bodyFrom) and [bodyTo, to),
 * bucketed on the rollup's grain, summed (and quantile states merged) together.
 */
export function rollupQuery(req: KpiRequest, stats: StatName[], notFcrCategories: string[], read: RollupRead): Query {
	const { def } = read;
	const g = groupSql(req, 'bucket');
	// Only the measures the requested stats read: a rollup row's quantile states are its bulk.
	const measures = MEASURES.filter(([name]) => stats.some((s) => new RegExp(`\\b${name}\\b`).test(STATS[s].rollup)));
	const cols = raw([...def.columns, ...measures.map(([name]) => name)].join(', '));
	const keys = raw(def.columns.join(', '));
	const edge = (lo: DtParam, hi: DtParam) => sql`
    UNION ALL
    SELECT ${raw(bucketOf(def.grain))} AS bucket, ${keys},
        ${raw(measures.map(([name, , expr]) => `${expr} AS ${name}`).join(',\n        '))}
    FROM ${ident(TABLES.ticketEvents)}
    WHERE type IN ${p.strs('rollup_types', ROLLUP_TYPES)} AND at >= ${lo} AND at < ${hi}
    GROUP BY bucket, ${keys}`;
	const from = p.dt('from', req.from);
	const to = p.dt('to', req.to);
	const bodyFrom = p.dt('body_from', read.bodyFrom);
	const bodyTo = p.dt('body_to', read.bodyTo);
	const edges = [
		...(req.from < read.bodyFrom ? [edge(from, bodyFrom)] : []),
		...(read.bodyTo < req.to ? [edge(bodyTo, to)] : [])
	];
	return sql`SELECT ${g.select}${selectList(stats, 'rollup', ROLLUP_ALIAS_PREFIX)}${notFcr(notFcrCategories)}
FROM (
    SELECT bucket, ${cols}
    FROM ${ident(def.table)}
    WHERE bucket >= ${bodyFrom} AND bucket < ${bodyTo}${edges.length ? join(edges, '') : raw('')}
) AS u
WHERE 1${filterSql(req)}
${g.groupBy}`.named(`kpi.rollup_stats.${def.table}`);
}

/**
 * Whether ticket stats (last resolution per ticket, reopened later in the window) could differ
 * from the rollup's per-event sums in this window: some ticket has both a resolution and a
 * reopen inside it. Unfiltered on purpose (a ticket's two events may sit in different groups).
 * Without such a ticket every resolution is its ticket's last and none is reopened after it.
 */
export function perTicketConflictQuery(req: KpiRequest): Query {
	const events = ident(TABLES.ticketEvents);
	return sql`SELECT count() AS n
FROM ${events}
WHERE type = 'ticket.reopened' AND ${inWindow(req)}
    AND ticket_id IN (
        SELECT ticket_id FROM ${events}
        WHERE type = 'ticket.resolved' AND ${inWindow(req)}
    )`.named('kpi.per_ticket_conflict');
}
