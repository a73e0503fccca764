/**
 * The composition root: what runs on the stores in a process, for the web process (server.ts)
 * and the workers process (workers/main.ts) alike. The runtime (src/lib/server/runtime.ts) holds
 * the stores; this starts the rest and records it, typed, on `rt.services`:
 *
 *  - monitoring recovery (alerts journaled or stored by a dead process are processed);
 *  - socket.io and the board hub — web: on the HTTP server; workers with REDIS_URL: an unattached
 *    server that emits through the Redis adapter to every web process's sockets;
 *  - the leader campaign (Postgres advisory lock; PGlite: always leader). While leading: the
 *    outbox relay (its flushes drive the hub's frames and deltas), the cron jobs (each slot
 *    claimed in job_runs), and the demo desk when enabled.
 *
 * Lives outside src/lib/server so domain code never imports workers/ (they import it).
 */
import type http from 'node:http';
import type { Runtime, Services } from './src/lib/server/runtime';
import { OutboxRelay } from './src/lib/server/events/relay';
import { campaign } from './workers/leader';
import { scheduleJobs } from './workers/scheduler';
import { JOBS } from './workers/index';
import { isEmptyDesk, seedDemoDesk, DEMO_PASSWORD, DEMO_SEED } from './src/lib/server/demo/seed';
import { DemoAlerts, httpSender, seedDemoAfterHistory } from './src/lib/server/demo/after';
import { setDemoSeeding } from './src/lib/server/demo/status';
import { DemoSimulator } from './src/lib/server/demo/simulator';
import { recoverMonitoring } from './src/lib/server/monitoring/index';
import { BoardHub } from './src/lib/server/realtime/hub';
import { attachDeskRealtime, forwardRelayedChanges } from './src/lib/server/realtime/desk';
import { createSocketServer } from './src/lib/server/realtime/io';

export interface AppOptions {
	/** The web process's HTTP server (socket.io attaches to it); absent in the workers process. */
	httpServer?: http.Server;
	/** Campaign for the relay and cron jobs here (false: a web-only process). Default true. */
	workers?: boolean;
}

export async function startApp(rt: Runtime, opts: AppOptions = {}): Promise<Services> {
	const s = rt.services;
	// Raw alerts stored but not processed by a previous run (crash): process them now, in the
	// background (skip-locked claims make it safe on every node).
	void recoverMonitoring(rt).catch((e) => console.error('[opshub] monitoring recovery failed:', e));

	if (opts.httpServer || rt.redis) {
		const sock = await createSocketServer(opts.httpServer ?? null, rt.redis);
		s.io = sock.io;
		const hub = new BoardHub(sock.io as ConstructorParameters<typeof BoardHub>[0], rt.pg.db, rt.ch);
		hub.publisher = false; // until this process leads
		s.hub = hub;
		// Live desk queues: this process's ticket changes to the queue rooms (after the hub: its
		// handshake middleware authenticates the sockets).
		const detachDesk = attachDeskRealtime(sock.io as Parameters<typeof attachDeskRealtime>[0]);
		rt.stoppers.push(async () => {
			detachDesk();
			hub.stop();
			await sock.close();
		});
	}
	if (opts.workers === false) return s;

	let stopJobs: (() => Promise<void>) | null = null;
	let demoStarted = false;
	const leadership = campaign(rt.config.databaseUrl, {
		retryMs: rt.config.leaderRetryMs,
		onElected: () => {
			s.leader = true;
			const relay = new OutboxRelay(rt.pg.db, rt.ch);
			s.relay = relay;
			const hub = s.hub;
			if (hub) {
				hub.publisher = true;
				relay.on('flushed', (batches) => void hub.onFlush(batches).catch((e) => console.error('[hub] flush push failed:', e)));
			}
			// Monitoring openings and SLA events reach the live queues from what the relay shipped.
			if (s.io) relay.on('flushed', (batches) => forwardRelayedChanges(s.io as Parameters<typeof forwardRelayedChanges>[0], batches));
			relay.start();
			stopJobs = scheduleJobs(rt, JOBS);
			if (rt.config.demo && !demoStarted) {
				demoStarted = true;
				void startDemo(rt);
			}
		},
		onDeposed: async () => {
			s.leader = false;
			if (s.hub) s.hub.publisher = false;
			await stopJobs?.();
			stopJobs = null;
			await s.relay?.stop();
			s.relay = null;
		}
	});
	rt.stoppers.push(() => leadership.stop());
	if (!rt.config.databaseUrl) return s; // PGlite: elected at once
	// Give the first attempt a moment so the boot log says which role this process has.
	await new Promise((r) => setTimeout(r, 200));
	if (!leadership.isLeader()) console.log('[opshub] another process holds the workers lock: standing by');
	return s;
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
