/**
 * `npm run workers`: the relay and cron jobs in their own process (scale-out with PostgreSQL and
 * a ClickHouse server). Several may run: one leads (advisory lock), the others stand by and take
 * over within a few seconds if it dies. With REDIS_URL its board frames reach every web process.
 */
import { getRuntime, shutdown } from '../src/lib/server/runtime';
import { startApp } from '../app';

const rt = await getRuntime();
await startApp(rt);
console.log(`[opshub] workers process running (pid ${process.pid})`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
	process.on(sig, async () => {
		await shutdown();
		process.exit(0);
	});
}
