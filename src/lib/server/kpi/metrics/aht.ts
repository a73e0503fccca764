/**
 * Handling time (AHT): agent work logged on a ticket, for tickets resolved in the window: the
 * work_s of each ticket's last resolution in the window (all work logged up to it); mean.
 */
import { n, ratio, type MetricDef } from './def';

export const aht: MetricDef = {
	metric: 'aht',
	stats: ['res_n', 'work_sum'],
	values: (s) => ({ n: n(s.res_n), mean_s: ratio(n(s.work_sum), n(s.res_n)) }),
	present: (s) => n(s.res_n) > 0
};
