/**
 * SQL fragments shared by the metric queries. Values always travel as `{name:Type}` parameters;
 * column names only ever come from DIMENSION_COLUMNS (the allow-list).
 */
import { DIMENSION_COLUMNS, type Dimension, type KpiRequest, type TimeGrain } from './model';

export interface Query {
	sql: string;
	params: Record<string, unknown>;
}

/** DateTime64 parameter text: 'YYYY-MM-DD hh:mm:ss.sss' in UTC. */
export function chTime(d: Date): string {
	return d.toISOString().replace('T', ' ').replace('Z', '');
}

export function windowParams(req: Pick<KpiRequest, 'from' | 'to'>): Record<string, string> {
	return { from: chTime(req.from), to: chTime(req.to) };
}

/** `col >= from AND col < to`: the half-open window. */
export function inWindow(col = 'at'): string {
	return `${col} >= {from:DateTime64(3, 'UTC')} AND ${col} < {to:DateTime64(3, 'UTC')}`;
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
export function filterSql(req: Pick<KpiRequest, 'filters'>, alias = ''): Query {
	const prefix = alias ? `${alias}.` : '';
	const parts: string[] = [];
	const params: Record<string, unknown> = {};
	for (const [dim, values] of Object.entries(req.filters) as [Dimension, string[] | undefined][]) {
		if (!values?.length) continue;
		parts.push(`${prefix}${DIMENSION_COLUMNS[dim]} IN {f_${dim}:Array(String)}`);
		params[`f_${dim}`] = values;
	}
	return { sql: parts.map((p) => `\n    AND ${p}`).join(''), params };
}

export interface GroupSql {
	/** `col AS k_dim, …` to prepend to a SELECT list (empty when ungrouped). */
	select: string;
	/** `GROUP BY …` clause (empty when ungrouped). */
	groupBy: string;
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
		select: cols.map((c) => `${c},\n    `).join(''),
		groupBy: names.length ? `GROUP BY ${names.join(', ')}` : ''
	};
}

/** Per-ticket bucket for "last resolution per ticket": the time bucket, or one bucket when ungrouped. */
export function ticketBucketExpr(req: Pick<KpiRequest, 'groupBy'>, col = 'at'): string {
	return req.groupBy.time ? bucketExpr(req.groupBy.time, col) : `toDateTime(0, 'UTC')`;
}
