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
import { isEmptyDesk, seedDemoDesk, DEMO_PASSWORD, DEMO_SEED } from './demo/seed';
import { DemoAlerts, httpSender, seedDemoAfterHistory } from './demo/after';
import { setDemoSeeding } from './demo/status';
import { DemoSimulator } from './demo/simulator';
import { recoverMonitoring } from './monitoring/index';
import { BoardHub } from './realtime/hub';

export interface ServiceOptions {
	/** Run the relay and cron jobs here (false for a web-only node). */
	workers?: boolean;
}

export async function startServices(rt: Runtime, opts: ServiceOptions = {}): Promise<void> {
	// Raw alerts stored but not processed by a previous run (crash): process them now, in the
	// background (skip-locked claims make it safe on every node).
	void recoverMonitoring(rt).catch((e) => console.error('[opshub] monitoring recovery failed:', e));
	if (rt.extras.io) {
		const hub = new BoardHub(rt.extras.io as ConstructorParameters<typeof BoardHub>[0], rt.pg.db, rt.ch);
		rt.extras.hub = hub;
		rt.stoppers.push(() => hub.stop());
	}
	if (opts.workers === false) return;
	const leadership = await acquireLeadership(rt.config.databaseUrl);
	rt.stoppers.push(() => leadership.release());
	if (!leadership.isLeader) {
		console.log('[opshub] another process holds the workers lock: web only here');
		return;
	}
	const relay = new OutboxRelay(rt.pg.db, rt.ch);
	rt.extras.relay = relay;
	const hub = rt.extras.hub as BoardHub | undefined;
	if (hub) relay.on('flushed', (batches) => hub.onFlush(batches));
	relay.start();
	rt.stoppers.push(() => relay.stop());
	const stopJobs = scheduleJobs(rt, JOBS);
	rt.stoppers.push(stopJobs);
	if (rt.config.demo) void startDemo(rt);
}

/** Seeds the demo desk on an empty database (in the background: the server is already up), then runs the simulator. */
async function startDemo(rt: Runtime): Promise<void> {
	try {
		if (await isEmptyDesk(rt.pg.db)) {
			setDemoSeeding(rt, true);
			console.log('[demo] seeding the demo desk: 90 days of history…');
			const r = await seedDemoDesk(rt.pg.db, rt.ch, { log: (m) => console.log(m) });
			console.log(`[demo] seeded ${r.tickets} tickets and ${r.events} events in ${(r.ms / 1000).toFixed(1)} s (password of demo accounts: ${DEMO_PASSWORD})`);
			await seedDemoAfterHistory(rt.pg.db, rt.ch, { nowMs: Date.now(), seed: DEMO_SEED, log: (m) => console.log(m) });
			setDemoSeeding(rt, false);
		}
		const sim = new DemoSimulator(rt.pg.db);
		await sim.init();
		sim.start();
		rt.stoppers.push(() => sim.stop());
		const alerts = new DemoAlerts(rt.pg.db, httpSender(`http://127.0.0.1:${rt.config.port}`));
		if (await alerts.init()) {
			alerts.start();
			rt.stoppers.push(() => alerts.stop());
		}
	} catch (e) {
		setDemoSeeding(rt, false);
		console.error('[demo] failed:', e);
	}
}
