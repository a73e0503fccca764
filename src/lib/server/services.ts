/**
 * What runs beside the web handler once the runtime is up: the outbox relay and the cron jobs
 * (only in the leader process), and later realtime pushes and the demo desk. Each registers its
 * stopper on the runtime.
 */
import type { Runtime } from './runtime';
import { OutboxRelay } from '../../../ingest/relay';
import { acquireLeadership } from '../../../workers/leader';
import { scheduleJobs } from '../../../workers/scheduler';
import { JOBS } from '../../../workers/index';
import { recoverMonitoring } from './monitoring/index';

export interface ServiceOptions {
	/** Run the relay and cron jobs here (false for a web-only node). */
	workers?: boolean;
}

export async function startServices(rt: Runtime, opts: ServiceOptions = {}): Promise<void> {
	// Raw alerts stored but not processed by a previous run (crash): process them now, in the
	// background (skip-locked claims make it safe on every node).
	void recoverMonitoring(rt).catch((e) => console.error('[opshub] monitoring recovery failed:', e));
	if (opts.workers === false) return;
	const leadership = await acquireLeadership(rt.config.databaseUrl);
	rt.stoppers.push(() => leadership.release());
	if (!leadership.isLeader) {
		console.log('[opshub] another process holds the workers lock: web only here');
		return;
	}
	const relay = new OutboxRelay(rt.pg.db, rt.ch);
	rt.extras.relay = relay;
	relay.start();
	rt.stoppers.push(() => relay.stop());
	const stopJobs = scheduleJobs(rt, JOBS);
	rt.stoppers.push(stopJobs);
}
