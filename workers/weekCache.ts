import type { Job } from './scheduler';
import { refreshWeekCache } from '../src/lib/server/kpi/weekCache';

/** Hourly at :47: completed weeks' ticket stats, new or changed by late events (dashboards by week read them). */
export const weekCacheJob: Job = {
	name: 'week-cache',
	schedule: '0 47 * * * *',
	run: async (rt) => refreshWeekCache(rt.ch, new Date(), rt.config.clickhouse.cluster)
};
