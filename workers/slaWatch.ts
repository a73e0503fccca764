import type { Job } from './scheduler';
import { runSlaWatch } from '../src/lib/server/tickets/slaWatch';

/** SLA warnings (50%, 75%) and breaches (100%), each emitted once; breach escalation. */
export const slaWatchJob: Job = {
	name: 'sla-watch',
	schedule: '*/30 * * * * *',
	run: async (rt) => runSlaWatch(rt.pg.db)
};
