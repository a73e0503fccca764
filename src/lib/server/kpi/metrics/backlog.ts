/**
 * Backlog at the instant `to`: tickets open at it (./openAt.ts), by wall-clock age bucket;
 * dimensions are those of each ticket's latest event before `to`. Read from the ticket state
 * table (plus the raw events after `to`, if any) or, forced raw, from all history.
 */
import { raw, sql } from '../../analytics/sql';
import { BACKLOG_BUCKETS, type KpiRequest } from '../model';
import { filterSql, groupSql, type Query } from '../sql';
import { n, type MetricDef } from './def';
import { openAtSql } from './openAt';

function ageCountSql(): string {
	return BACKLOG_BUCKETS.map((b) => {
		const lo = `age_ms >= ${b.loS * 1000}`;
		const cond = Number.isFinite(b.hiS) ? `${lo} AND age_ms < ${b.hiS * 1000}` : lo;
		return `countIf(${cond}) AS ${b.name}`;
	}).join(',\n    ');
}

function backlogSql(req: KpiRequest, source: 'raw' | 'state'): Query {
	const g = groupSql(req, 'at');
	return sql`SELECT ${g.select}count() AS total,
    ${raw(ageCountSql())}
FROM ${openAtSql(req.to, source)} AS b
WHERE 1${filterSql(req)}
${g.groupBy}`.named(`kpi.backlog.${source}`);
}

export const backlog: MetricDef = {
	metric: 'backlog',
	raw: (req) => backlogSql(req, 'raw'),
	state: (req) => backlogSql(req, 'state'),
	values: (s) => ({
		total: n(s.total),
		...Object.fromEntries(BACKLOG_BUCKETS.map((b) => [b.name, n(s[b.name])]))
	}),
	present: (s) => n(s.total) > 0
};
