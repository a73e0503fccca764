/**
 * One file per metric: which statistics it reads (./stats.ts: each with its raw and rollup SQL)
 * and how they become the values on the screen; or, for a metric outside the stat families
 * (backlog), its own raw query. Both paths yield the same stat names, so one `values()` shapes
 * rollup and raw answers alike.
 */
import { num } from '../../analytics/clickhouse';
import type { KpiRequest, KpiValues, Metric } from '../model';
import type { Query } from '../sql';
import type { StatName } from './stats';

export type Stats = Record<string, unknown>;

export interface MetricContext {
	notFcrCategories: string[];
}

export interface MetricDef {
	metric: Metric;
	/** Statistics from the shared stat queries (event/ticket families or the rollup). */
	stats?: StatName[];
	/** A query of its own over raw ticket_events (metrics outside the stat families). */
	raw?(req: KpiRequest, ctx: MetricContext): Query;
	/** The same answer from the ticket state table (instant metrics), when it exists. */
	state?(req: KpiRequest, ctx: MetricContext): Query;
	values(s: Stats): KpiValues;
	/** Whether a group has any input rows for this metric (empty groups are dropped). */
	present(s: Stats): boolean;
}

export const n = num;

export function ratio(part: number, whole: number): number | null {
	return whole > 0 ? part / whole : null;
}

/**
 * Element i of a quantiles stat. Percentiles everywhere: linear interpolation between order
 * statistics (Hyndman–Fan type 7, numpy's default, Excel PERCENTILE.INC), which is ClickHouse's
 * quantileExactInclusive; the rollup keeps exact states, so both paths agree.
 */
export function q(v: unknown, i: number): number | null {
	if (!Array.isArray(v)) return null;
	const x = v[i];
	return x === null || x === undefined || Number.isNaN(Number(x)) ? null : Number(x);
}
