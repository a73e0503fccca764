/**
 * The three stat queries: event stats over raw ticket_events, ticket stats over each ticket's
 * last resolution, and any stats over the minute rollup. Each selects the k_* key columns of the
 * request's grouping and one column per requested stat, named after it.
 */
import { lastResolutionsSql } from './metrics/lastResolutions';
import { EVENT_STAT_TYPES, STATS, type StatName } from './metrics/stats';
import type { KpiRequest } from './model';
import { filterSql, groupSql, inWindow, windowParams, type Query } from './sql';

export const ROLLUP_TABLE = 'kpi_rollup_minute';
/** The rollup's bucket: windows must start and end on it for the rollup to be exact. */
export const ROLLUP_BUCKET_MS = 60_000;
/** Rollup aliases get a prefix so an alias never shadows the state column it aggregates. */
export const ROLLUP_ALIAS_PREFIX = 'st_';

function selectList(stats: StatName[], path: 'raw' | 'rollup', prefix = ''): string {
	return stats.map((s) => `${STATS[s][path]} AS ${prefix}${s}`).join(',\n    ');
}

export function eventStatsQuery(req: KpiRequest, stats: StatName[]): Query {
	const f = filterSql(req);
	const g = groupSql(req, 'at');
	return {
		sql: `SELECT ${g.select}${selectList(stats, 'raw')}
FROM ticket_events
WHERE type IN {event_types:Array(String)} AND ${inWindow()}${f.sql}
${g.groupBy}`,
		params: { ...windowParams(req), ...f.params, event_types: EVENT_STAT_TYPES }
	};
}

export function ticketStatsQuery(req: KpiRequest, stats: StatName[], notFcrCategories: string[]): Query {
	const f = filterSql(req);
	const g = groupSql(req, 'tb');
	return {
		sql: `SELECT ${g.select}${selectList(stats, 'raw')}
FROM ${lastResolutionsSql(req)} AS lr
WHERE 1${f.sql}
${g.groupBy}`,
		params: { ...windowParams(req), ...f.params, not_fcr: notFcrCategories }
	};
}

export function rollupQuery(req: KpiRequest, stats: StatName[], notFcrCategories: string[]): Query {
	const f = filterSql(req);
	const g = groupSql(req, 'bucket');
	return {
		sql: `SELECT ${g.select}${selectList(stats, 'rollup', ROLLUP_ALIAS_PREFIX)}
FROM ${ROLLUP_TABLE}
WHERE ${inWindow('bucket')}${f.sql}
${g.groupBy}`,
		params: { ...windowParams(req), ...f.params, not_fcr: notFcrCategories }
	};
}

/**
 * Whether ticket stats (last resolution per ticket, reopened later in the window) could differ
 * from the rollup's per-event sums in this window: some ticket has both a resolution and a
 * reopen inside it. Unfiltered on purpose (a ticket's two events may sit in different groups).
 * Without such a ticket every resolution is its ticket's last and none is reopened after it.
 */
export function perTicketConflictQuery(req: KpiRequest): Query {
	return {
		sql: `SELECT count() AS n
FROM ticket_events
WHERE type = 'ticket.reopened' AND ${inWindow()}
    AND ticket_id IN (
        SELECT ticket_id FROM ticket_events
        WHERE type = 'ticket.resolved' AND ${inWindow()}
    )`,
		params: windowParams(req)
	};
}
