/**
 * The KPI rollups: each a time grain and a few dimensions, cut so that each holds at least 10x
 * fewer rows than the events it covers (a rollup with every dimension per minute hardly
 * compressed: 3.5M rows for 10M events, and was slower than raw). The measures are the
 * sufficient statistics of the per-event KPIs (counts, sums, exact quantile states), the same
 * expressions for the materialized views, the backfills and the raw "edges" the planner stitches
 * to a rollup when a window does not start or end on the rollup's grain.
 * Migration 0012 spells the views with these expressions (a test checks they match).
 */
import { TABLES } from '../analytics/tables';
import type { Dimension } from './model';

export interface RollupDef {
	table: string;
	grain: 'hour' | 'day';
	/** ticket_events columns kept (the rest is summed over). */
	columns: string[];
}

const H = 3_600_000;
export const GRAIN_MS = { hour: H, day: 24 * H } as const;

/** Ordered from the smallest expected row count per bucket. */
export const ROLLUPS: RollupDef[] = [
	{ table: TABLES.rollupHour, grain: 'hour', columns: ['priority', 'tier'] },
	{ table: TABLES.rollupHourGroup, grain: 'hour', columns: ['group_id'] },
	{ table: TABLES.rollupDayGroup, grain: 'day', columns: ['group_id', 'priority', 'tier'] },
	{ table: TABLES.rollupDay, grain: 'day', columns: ['category', 'priority', 'tier', 'channel'] }
];

/** Public dimension → column, for the dimensions some rollup keeps. */
export const DIM_COLUMN: Partial<Record<Dimension, string>> = {
	category: 'category',
	priority: 'priority',
	tier: 'tier',
	group: 'group_id',
	channel: 'channel'
};

export const ROLLUP_TYPES = ['ticket.created', 'ticket.commented', 'ticket.resolved', 'ticket.reopened', 'sla.breached', 'survey.answered'];

const FRT = `type = 'ticket.commented' AND response_s IS NOT NULL`;
const RES = `type = 'ticket.resolved' AND resolution_s IS NOT NULL`;
const CSAT = `type = 'survey.answered' AND csat IS NOT NULL`;
const Q = 'quantilesExactInclusive(0.5, 0.9)';

/** name, column type, aggregate over ticket_events rows. */
export const MEASURES: [string, string, string][] = [
	['created', 'SimpleAggregateFunction(sum, UInt64)', `countIf(type = 'ticket.created')`],
	['frt_n', 'SimpleAggregateFunction(sum, UInt64)', `countIf(${FRT})`],
	['frt_sum', 'SimpleAggregateFunction(sum, Float64)', `sumIf(assumeNotNull(response_s), ${FRT})`],
	['frt_q', `AggregateFunction(${Q}, Float64)`, `${Q.replace('(0.5', 'StateIf(0.5')}(assumeNotNull(response_s), ${FRT})`],
	['res_n', 'SimpleAggregateFunction(sum, UInt64)', `countIf(type = 'ticket.resolved')`],
	['mttr_n', 'SimpleAggregateFunction(sum, UInt64)', `countIf(${RES})`],
	['mttr_sum', 'SimpleAggregateFunction(sum, Float64)', `sumIf(assumeNotNull(resolution_s), ${RES})`],
	['mttr_q', `AggregateFunction(${Q}, Float64)`, `${Q.replace('(0.5', 'StateIf(0.5')}(assumeNotNull(resolution_s), ${RES})`],
	['work_sum', 'SimpleAggregateFunction(sum, Float64)', `sumIf(work_s, type = 'ticket.resolved')`],
	[
		'fcr_ok',
		'SimpleAggregateFunction(sum, UInt64)',
		`countIf(type = 'ticket.resolved' AND escalated = 0 AND reassigned = 0 AND pended_requester = 0 AND reopen_count = 0)`
	],
	['reopened_n', 'SimpleAggregateFunction(sum, UInt64)', `countIf(type = 'ticket.reopened')`],
	['resp_met', 'SimpleAggregateFunction(sum, UInt64)', `countIf(type = 'ticket.commented' AND sla_clock = 'response' AND sla_met = 1)`],
	['resp_breached', 'SimpleAggregateFunction(sum, UInt64)', `countIf(type = 'sla.breached' AND sla_clock = 'response')`],
	['resol_met', 'SimpleAggregateFunction(sum, UInt64)', `countIf(type = 'ticket.resolved' AND sla_clock = 'resolution' AND sla_met = 1)`],
	['resol_breached', 'SimpleAggregateFunction(sum, UInt64)', `countIf(type = 'sla.breached' AND sla_clock = 'resolution')`],
	['csat_n', 'SimpleAggregateFunction(sum, UInt64)', `countIf(${CSAT})`],
	['csat_good', 'SimpleAggregateFunction(sum, UInt64)', `countIf(${CSAT} AND csat >= 4)`],
	['csat_sum', 'SimpleAggregateFunction(sum, UInt64)', `sumIf(toUInt64(assumeNotNull(csat)), ${CSAT})`]
];

/** The bucket of an event for a grain, as the rollup stores it. */
export function bucketOf(grain: 'hour' | 'day', col = 'at'): string {
	return grain === 'hour' ? `toStartOfHour(toDateTime(${col}, 'UTC'))` : `toStartOfDay(toDateTime(${col}, 'UTC'))`;
}

/** SELECT bucket, columns…, measures… FROM ticket_events [WHERE …] GROUP BY bucket, columns…: the view's body. */
export function rollupSelect(def: RollupDef, extraWhere = ''): string {
	return `SELECT
    ${bucketOf(def.grain)} AS bucket,
    ${def.columns.join(', ')},
    ${MEASURES.map(([name, , expr]) => `${expr} AS ${name}`).join(',\n    ')}
FROM ${TABLES.ticketEvents}
WHERE type IN (${ROLLUP_TYPES.map((t) => `'${t}'`).join(', ')})${extraWhere}
GROUP BY bucket, ${def.columns.join(', ')}`;
}

/** The migration text of one rollup: table, view, one-time backfill. */
export function rollupDdl(def: RollupDef): string {
	return `CREATE TABLE IF NOT EXISTS ${def.table}
(
    bucket DateTime('UTC'),
${def.columns.map((c) => `    ${c} LowCardinality(String),`).join('\n')}
${MEASURES.map(([name, type]) => `    ${name} ${type}`).join(',\n')}
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(bucket)
ORDER BY (bucket, ${def.columns.join(', ')});

CREATE MATERIALIZED VIEW IF NOT EXISTS ${def.table}_mv TO ${def.table} AS
${rollupSelect(def)};

INSERT INTO ${def.table}
${rollupSelect(def, `\n    AND (SELECT count() FROM ${def.table}) = 0`)};
`;
}
