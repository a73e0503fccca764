/**
 * Resolution time (MTTR): created → resolved (business s, pending excluded) from each ticket's
 * last resolution in the window; mean, p50, p90.
 */
import { n, q, ratio, type MetricDef } from './def';

export const mttr: MetricDef = {
	metric: 'mttr',
	stats: ['res_n', 'mttr_n', 'mttr_sum', 'mttr_q'],
	values: (s) => ({
		n: n(s.mttr_n),
		mean_s: ratio(n(s.mttr_sum), n(s.mttr_n)),
		p50_s: n(s.mttr_n) > 0 ? q(s.mttr_q, 0) : null,
		p90_s: n(s.mttr_n) > 0 ? q(s.mttr_q, 1) : null
	}),
	present: (s) => n(s.res_n) > 0
};
