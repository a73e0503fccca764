import { openClickHouse, chQuery } from '../analytics/clickhouse';
const ch = await openClickHouse({ url: null, dataDir: '/tmp/kpi-scratch-ch2' });
for (const label of ['seq', 'par']) {
	const t0 = performance.now();
	if (label === 'seq') for (let i = 0; i < 50; i++) await chQuery(ch, 'SELECT 1 AS x');
	else await Promise.all(Array.from({ length: 50 }, () => chQuery(ch, 'SELECT 1 AS x')));
	console.log(label, ((performance.now() - t0) / 50).toFixed(2), 'ms/query');
}
const t1 = performance.now();
for (let i = 0; i < 50; i++) await chQuery(ch, "SELECT count() AS n FROM system.tables WHERE name = 'x'");
console.log('system.tables', ((performance.now() - t1) / 50).toFixed(2));
await ch.close();
