/**
 * First response time: created → first human agent response, from the ticket.commented event
 * that carries response_s (the ticket service sets it only there; auto-replies and monitoring
 * notes never carry it). Attributed to the window of the response. Mean, p50, p90.
 */
import { n, q, ratio, type MetricDef } from './def';

export const frt: MetricDef = {
	metric: 'frt',
	stats: ['frt_n', 'frt_sum', 'frt_q'],
	values: (s) => ({
		n: n(s.frt_n),
		mean_s: ratio(n(s.frt_sum), n(s.frt_n)),
		p50_s: n(s.frt_n) > 0 ? q(s.frt_q, 0) : null,
		p90_s: n(s.frt_n) > 0 ? q(s.frt_q, 1) : null
	}),
	present: (s) => n(s.frt_n) > 0
};
