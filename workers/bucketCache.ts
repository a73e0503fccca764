import type { Job } from './scheduler';
import { refreshBucketCache } from '../src/lib/server/kpi/bucketCache';

/** Hourly at :47: completed days' and weeks' ticket stats, new or changed by late events (boards by day, dashboards by week). */
export const bucketCacheJob: Job = {
	name: 'bucket-cache',
	schedule: '0 47 * * * *',
	run: async (rt) => refreshBucketCache(rt.ch, new Date(), rt.config.clickhouse.cluster)
};
