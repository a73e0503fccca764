/**
 * The sufficient statistics behind every rollup-able metric, each with its raw SQL and its
 * rollup SQL. Two families:
 *  - event stats: one row per event in the window (created, first responses, SLA outcomes,
 *    reopens, resolutions, survey answers), the same expressions as the rollup view;
 *  - ticket stats: one row per ticket = its last resolution in the window (lastResolutions.ts).
 * A request computes each family once (one query each, or one rollup query for both), then
 * every metric reads its stats from the merged rows: a board is two or three queries.
 */
import { FCR_NET, FCR_OK } from './lastResolutions';

export type StatFamily = 'event' | 'ticket';

export interface StatDef {
	family: StatFamily;
	/** Aggregate over ticket_events rows (event) or last-resolution rows (ticket). */
	raw: string;
	/** Aggregate over kpi_rollup_minute rows. */
	rollup: string;
}

const FRT = `type = 'ticket.commented' AND response_s IS NOT NULL`;
const CSAT = `type = 'survey.answered' AND csat IS NOT NULL`;
/** Over the rollup the FCR net condition is evaluated per row: category and channel are keys. */
const NET_ROLLUP = `NOT has({not_fcr:Array(String)}, category) AND channel != 'monitoring'`;

export const STATS = {
	created: { family: 'event', raw: `countIf(type = 'ticket.created')`, rollup: 'sum(created)' },
	frt_n: { family: 'event', raw: `countIf(${FRT})`, rollup: 'sum(frt_n)' },
	frt_sum: { family: 'event', raw: `sumIf(assumeNotNull(response_s), ${FRT})`, rollup: 'sum(frt_sum)' },
	frt_q: {
		family: 'event',
		raw: `quantilesExactInclusiveIf(0.5, 0.9)(assumeNotNull(response_s), ${FRT})`,
		rollup: 'quantilesExactInclusiveMerge(0.5, 0.9)(frt_q)'
	},
	resp_met: {
		family: 'event',
		raw: `countIf(type = 'ticket.commented' AND sla_clock = 'response' AND sla_met = 1)`,
		rollup: 'sum(resp_met)'
	},
	resp_breached: { family: 'event', raw: `countIf(type = 'sla.breached' AND sla_clock = 'response')`, rollup: 'sum(resp_breached)' },
	resol_met: {
		family: 'event',
		raw: `countIf(type = 'ticket.resolved' AND sla_clock = 'resolution' AND sla_met = 1)`,
		rollup: 'sum(resol_met)'
	},
	resol_breached: {
		family: 'event',
		raw: `countIf(type = 'sla.breached' AND sla_clock = 'resolution')`,
		rollup: 'sum(resol_breached)'
	},
	reopened_n: { family: 'event', raw: `countIf(type = 'ticket.reopened')`, rollup: 'sum(reopened_n)' },
	resolved_events: { family: 'event', raw: `countIf(type = 'ticket.resolved')`, rollup: 'sum(res_n)' },
	csat_n: { family: 'event', raw: `countIf(${CSAT})`, rollup: 'sum(csat_n)' },
	csat_good: { family: 'event', raw: `countIf(${CSAT} AND csat >= 4)`, rollup: 'sum(csat_good)' },
	csat_sum: { family: 'event', raw: `sumIf(toUInt64(assumeNotNull(csat)), ${CSAT})`, rollup: 'sum(csat_sum)' },

	res_n: { family: 'ticket', raw: 'count()', rollup: 'sum(res_n)' },
	work_sum: { family: 'ticket', raw: 'sum(work_s)', rollup: 'sum(work_sum)' },
	mttr_n: { family: 'ticket', raw: 'countIf(resolution_s IS NOT NULL)', rollup: 'sum(mttr_n)' },
	mttr_sum: { family: 'ticket', raw: 'sum(assumeNotNull(resolution_s))', rollup: 'sum(mttr_sum)' },
	mttr_q: {
		family: 'ticket',
		raw: 'quantilesExactInclusiveIf(0.5, 0.9)(assumeNotNull(resolution_s), resolution_s IS NOT NULL)',
		rollup: 'quantilesExactInclusiveMerge(0.5, 0.9)(mttr_q)'
	},
	fcr_ok: { family: 'ticket', raw: `countIf(${FCR_OK})`, rollup: 'sum(fcr_ok)' },
	net_n: { family: 'ticket', raw: `countIf(${FCR_NET})`, rollup: `sumIf(res_n, ${NET_ROLLUP})` },
	net_ok: { family: 'ticket', raw: `countIf(${FCR_OK} AND ${FCR_NET})`, rollup: `sumIf(fcr_ok, ${NET_ROLLUP})` }
} satisfies Record<string, StatDef>;

export type StatName = keyof typeof STATS;

/** The event types any event stat reads (also the rollup view's types). */
export const EVENT_STAT_TYPES = [
	'ticket.created',
	'ticket.commented',
	'ticket.resolved',
	'ticket.reopened',
	'sla.breached',
	'survey.answered'
];
