/** Volume: tickets created in the window (ticket.created is emitted once per ticket). */
import { n, type MetricDef } from './def';

export const volume: MetricDef = {
	metric: 'volume',
	stats: ['created'],
	values: (s) => ({ tickets: n(s.created) }),
	present: (s) => n(s.created) > 0
};
