/**
 * The one home for ClickHouse table names (schemas/clickhouse/*.sql create them). Code names a
 * table through TABLES, never a string of its own, so a rename or a cluster prefix is one edit.
 */
export const TABLES = {
	/** Every ticket event (0001). */
	ticketEvents: 'ticket_events',
	/** Every monitoring alert and its outcome (0010). */
	alertEvents: 'alert_events',
	/** One row per ticket: the snapshot of its latest event (0011). */
	ticketState: 'ticket_state',
	/** SLA facts per ticket for "breaching now": breaches and late first responses (0011). */
	ticketSla: 'ticket_sla',
	/** KPI rollups (0012, src/lib/server/kpi/rollups.ts): grain × a few dimensions each. */
	rollupHour: 'kpi_rollup_hour',
	rollupHourGroup: 'kpi_rollup_hour_group',
	rollupDay: 'kpi_rollup_day',
	rollupDayGroup: 'kpi_rollup_day_group',
	/** Completed days' and weeks' ticket statistics and their validity (0014, src/lib/server/kpi/bucketCache.ts). */
	ticketBuckets: 'kpi_ticket_buckets',
	ticketBucketsMeta: 'kpi_ticket_buckets_meta'
} as const;

export type TableName = (typeof TABLES)[keyof typeof TABLES];

/**
 * The (at, event_id) order of ticket events as one UInt128: milliseconds in the high 64 bits,
 * the event id's first 64 bits below. ticket_state's version (0011 spells the same expression).
 */
export const EVENT_VER_SQL = `bitShiftLeft(toUInt128(toUnixTimestamp64Milli(at)), 64) + reinterpretAsUInt64(reverse(unhex(left(replaceAll(toString(event_id), '-', ''), 16))))`;
