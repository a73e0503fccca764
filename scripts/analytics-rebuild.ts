/**
 * npm run analytics:rebuild — drops ClickHouse's ticket tables (and everything derived from them)
 * and refills them from Postgres, with a progress bar. The recovery for a lost ClickHouse
 * (README, "Recovering analytics"). With chDB, stop the server first (one process per data
 * directory) or use the admin action (POST /api/analytics/rebuild) in the running server; with a
 * ClickHouse server and the workers running elsewhere, use the admin action on the workers leader
 * so its relay is paused for the cut-over.
 */
import { getRuntime, shutdown } from '../src/lib/server/runtime';
import { OutboxRelay } from '../src/lib/server/events/relay';
import { rebuildAnalytics, progressBar } from '../src/lib/server/events/rebuild';

const rt = await getRuntime();
// This process's own relay: paused for the cut-over, then it ships what the outbox holds.
const relay = new OutboxRelay(rt.pg.db, rt.ch);
relay.start();
let last = 0;
try {
	const r = await rebuildAnalytics({
		db: rt.pg.db,
		ch: rt.ch,
		relay,
		cluster: rt.config.clickhouse.cluster,
		onProgress: (p) => {
			if (p.phase !== 'done' && performance.now() - last < 200) return;
			last = performance.now();
			process.stdout.write(`\r${progressBar(p)}   `);
		}
	});
	await relay.stop();
	const shipped = await relay.drain();
	process.stdout.write('\n');
	console.log(
		`rebuilt ${r.tables.length} tables: ${r.copied} events from Postgres in ${(r.ms / 1000).toFixed(1)} s (${Math.round(r.eventsPerS)} events/s), then ${shipped} outbox rows shipped by the relay`
	);
} finally {
	await relay.stop();
	await shutdown();
}
