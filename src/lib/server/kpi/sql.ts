/**
 * SQL fragments shared by the metric queries, built with the `sql` template (analytics/sql.ts):
 * values always travel as typed `{name:Type}` parameters; column names only ever come from
 * DIMENSION_COLUMNS (the allow-list).
 */
import { join, p, raw, sql, empty, type Sql } from '../analytics/sql';
import { DIMENSION_COLUMNS, type Dimension, type KpiRequest, type TimeGrain } from './model';

export { chTime } from '../analytics/time';

export type Query = Sql;

/** `col >= from AND col < to`: the half-open window of the request. */
export function inWindow(req: Pick<KpiRequest, 'from' | 'to'>, col = 'at'): Sql {
	return sql`${raw(col)} >= ${p.dt('from', req.from)} AND ${raw(col)} < ${p.dt('to', req.to)}`;
}

/** Start of the time bucket of `col` (weeks start on Monday, UTC). */
export function bucketExpr(grain: TimeGrain, col: string): string {
	switch (grain) {
		case 'hour':
			return `toStartOfHour(${col})`;
		case 'day':
			return `toStartOfDay(${col})`;
		case 'week':
			return `toDateTime(toMonday(${col}), 'UTC')`;
	}
}

/** ` AND category IN {f_category:Array(String)} …` for each filtered dimension. */
export function filterSql(req: Pick<KpiRequest, 'filters'>, alias = ''): Sql {
	const prefix = alias ? `${alias}.` : '';
	const parts: Sql[] = [];
	for (const [dim, values] of Object.entries(req.filters) as [Dimension, string[] | undefined][]) {
		if (!values?.length) continue;
		parts.push(sql`\n    AND ${raw(`${prefix}${DIMENSION_COLUMNS[dim]}`)} IN ${p.strs(`f_${dim}`, values)}`);
	}
	return parts.length ? join(parts, '') : empty;
}

export interface GroupSql {
	/** `col AS k_dim, …` to prepend to a SELECT list (empty when ungrouped). */
	select: Sql;
	/** `GROUP BY …` clause (empty when ungrouped). */
	groupBy: Sql;
}

/**
 * Group key columns: k_<dimension> and k_time (unix seconds of the bucket start).
 * `timeCol` is the column or expression bucketed for the time grain.
 */
export function groupSql(req: Pick<KpiRequest, 'groupBy'>, timeCol: string, alias = ''): GroupSql {
	const prefix = alias ? `${alias}.` : '';
	const cols = req.groupBy.dimensions.map((d) => `${prefix}${DIMENSION_COLUMNS[d]} AS k_${d}`);
	if (req.groupBy.time) cols.push(`toUnixTimestamp(${bucketExpr(req.groupBy.time, timeCol)}) AS k_time`);
	const names = [...req.groupBy.dimensions.map((d) => `k_${d}`), ...(req.groupBy.time ? ['k_time'] : [])];
	return {
		select: raw(cols.map((c) => `${c},\n    `).join('')),
		groupBy: raw(names.length ? `GROUP BY ${names.join(', ')}` : '')
	};
}

/** Per-ticket bucket for "last resolution per ticket": the time bucket, or one bucket when ungrouped. */
export function ticketBucketExpr(req: Pick<KpiRequest, 'groupBy'>, col = 'at'): string {
	return req.groupBy.time ? bucketExpr(req.groupBy.time, col) : `toDateTime(0, 'UTC')`;
}
