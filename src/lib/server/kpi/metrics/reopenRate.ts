/** Reopen rate: ticket.reopened events ÷ ticket.resolved events, both in the window. */
import { n, ratio, type MetricDef } from './def';

export const reopenRate: MetricDef = {
	metric: 'reopen_rate',
	stats: ['reopened_n', 'resolved_events'],
	values: (s) => ({
		reopened: n(s.reopened_n),
		resolved: n(s.resolved_events),
		rate: ratio(n(s.reopened_n), n(s.resolved_events))
	}),
	present: (s) => n(s.reopened_n) + n(s.resolved_events) > 0
};
