import type { Job } from './scheduler';
import { compactTicketState } from '../src/lib/server/kpi/stateCompact';

/** Hourly at :17: ticket_state keeps the open tickets only (backlog and breaching now read it). */
export const stateCompactJob: Job = {
	name: 'state-compact',
	schedule: '0 17 * * * *',
	run: async (rt) => compactTicketState(rt.ch, rt.config.clickhouse.cluster)
};
