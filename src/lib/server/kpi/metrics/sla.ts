/**
 * SLA compliance per clock: met ÷ (met + breached). Met = the clock's outcome event with
 * sla_met = 1 in the window (response: the first-response ticket.commented; resolution: a
 * ticket.resolved). Breached = sla.breached of that clock in the window (emitted once per clock
 * per ticket, by the watcher or at response/resolution time).
 */
import { n, ratio, type MetricDef } from './def';
import type { StatName } from './stats';

function slaMetric(metric: 'sla_response' | 'sla_resolution', met: StatName, breached: StatName): MetricDef {
	return {
		metric,
		stats: [met, breached],
		values: (s) => ({ met: n(s[met]), breached: n(s[breached]), rate: ratio(n(s[met]), n(s[met]) + n(s[breached])) }),
		present: (s) => n(s[met]) + n(s[breached]) > 0
	};
}

export const slaResponse = slaMetric('sla_response', 'resp_met', 'resp_breached');
export const slaResolution = slaMetric('sla_resolution', 'resol_met', 'resol_breached');
