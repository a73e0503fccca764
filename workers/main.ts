/** `npm run workers`: the relay and cron jobs in their own process (scale-out with a ClickHouse server). */
import { getRuntime, shutdown } from '../src/lib/server/runtime';
import { startServices } from '../src/lib/server/services';

const rt = await getRuntime();
await startServices(rt);
console.log('[opshub] workers running');
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
	process.on(sig, async () => {
		await shutdown();
		process.exit(0);
	});
}
