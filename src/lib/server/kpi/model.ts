/**
 * KPI engine vocabulary: the metrics, the dimensions a request may filter or group on (an
 * allow-list mapping each public name to its ticket_events column), and the request/response
 * shapes. Definitions: docs/KPIS.md and ./DEFINITIONS.md.
 */

export const METRICS = [
	'volume',
	'frt',
	'aht',
	'mttr',
	'fcr_gross',
	'fcr_net',
	'sla_response',
	'sla_resolution',
	'csat',
	'backlog',
	'breaching',
	'reopen_rate',
	'alert_noise'
] as const;
export type Metric = (typeof METRICS)[number];

/** Public dimension name → ticket_events column. The only column names that reach SQL. */
export const DIMENSION_COLUMNS = {
	category: 'category',
	priority: 'priority',
	tier: 'tier',
	group: 'group_id',
	agent: 'agent_id',
	channel: 'channel',
	department: 'department_id'
} as const;
export type Dimension = keyof typeof DIMENSION_COLUMNS;
export const DIMENSIONS = Object.keys(DIMENSION_COLUMNS) as Dimension[];

export const TIME_GRAINS = ['hour', 'day', 'week'] as const;
export type TimeGrain = (typeof TIME_GRAINS)[number];

/** Backlog age buckets, half-open [lo, hi) in wall-clock seconds since creation. */
export const BACKLOG_BUCKETS = [
	{ name: 'lt_1d', loS: 0, hiS: 86_400 },
	{ name: 'd1_3', loS: 86_400, hiS: 3 * 86_400 },
	{ name: 'd3_7', loS: 3 * 86_400, hiS: 7 * 86_400 },
	{ name: 'd7_30', loS: 7 * 86_400, hiS: 30 * 86_400 },
	{ name: 'ge_30d', loS: 30 * 86_400, hiS: Infinity }
] as const;

/** Categories that cannot be fixed at first contact (hardware break/fix): excluded from FCR net. */
export const DEFAULT_NOT_FCR_CATEGORIES = ['hardware'];

export type KpiFilters = Partial<Record<Dimension, string[]>>;

export interface KpiRequest {
	metrics: Metric[];
	/** Inclusive start of the window (UTC). */
	from: Date;
	/** Exclusive end of the window (UTC); also the instant of `backlog`. */
	to: Date;
	filters: KpiFilters;
	groupBy: { dimensions: Dimension[]; time: TimeGrain | null };
}

/** Metrics measured at one instant (`to`): no time grouping; read from the ticket state table. */
export const INSTANT_METRICS: ReadonlySet<Metric> = new Set(['backlog', 'breaching']);

export interface RunKpiOptions {
	/** 'auto' lets the planner read rollups (when exact and cheaper) and the state table; 'raw'
	 * forces ticket_events; 'rollup' uses an exact rollup whatever the estimates (tests, benches). */
	source?: 'auto' | 'raw' | 'rollup';
	/** Categories excluded from FCR net (config; DEFAULT_NOT_FCR_CATEGORIES). */
	notFcrCategories?: string[];
}

export type KpiValues = Record<string, number | null>;

/** Group key: a value per grouped dimension, and the bucket start (ISO UTC) under the grain's name. */
export type KpiKey = Partial<Record<Dimension | TimeGrain, string>>;

export interface KpiGroup {
	key: KpiKey;
	values: KpiValues;
}

export interface KpiSeries {
	metric: Metric;
	/** Which table answered: a rollup (with raw edges off its grain), raw ticket_events, or both (csat when its resolved
	 * count must come from raw events); 'state': the ticket state table (instant metrics: backlog,
	 * breaching), plus raw events after the instant if any; null: not computed. */
	source: 'rollup' | 'raw' | 'rollup+raw' | 'state' | null;
	groups: KpiGroup[];
	note?: string;
}

/** Metrics whose definition needs one row per ticket (its last resolution in the window). */
export const PER_TICKET_METRICS: ReadonlySet<Metric> = new Set(['aht', 'mttr', 'fcr_gross', 'fcr_net', 'csat']);

/** Metrics the minute rollup can answer (exactly, under the planner's conditions). */
export const ROLLUP_METRICS: ReadonlySet<Metric> = new Set([
	'volume',
	'frt',
	'aht',
	'mttr',
	'fcr_gross',
	'fcr_net',
	'sla_response',
	'sla_resolution',
	'csat',
	'reopen_rate'
]);
