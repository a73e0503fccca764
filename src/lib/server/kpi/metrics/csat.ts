/**
 * CSAT: answers (survey.answered, 1–5) in the window: share scoring 4–5, mean score, and the
 * response rate = answers ÷ tickets resolved in the window (each ticket once, as in MTTR).
 */
import { n, ratio, type MetricDef } from './def';

export const csat: MetricDef = {
	metric: 'csat',
	stats: ['csat_n', 'csat_good', 'csat_sum', 'res_n'],
	values: (s) => ({
		answers: n(s.csat_n),
		satisfied: n(s.csat_good),
		satisfied_rate: ratio(n(s.csat_good), n(s.csat_n)),
		mean: ratio(n(s.csat_sum), n(s.csat_n)),
		resolved: n(s.res_n),
		response_rate: ratio(n(s.csat_n), n(s.res_n))
	}),
	present: (s) => n(s.csat_n) + n(s.res_n) > 0
};
