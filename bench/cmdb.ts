/**
 * CMDB bench on embedded PGlite: impact analysis (WITH RECURSIVE, depth ≤ 6) and monitoring
 * identity lookup at 100k CIs / 300k relations / 200k identities.
 *   npx tsx bench/cmdb.ts [cis=100000] [relations=300000]
 * Targets: impact p95 ≤ 50 ms, identity lookup p95 ≤ 1 ms.
 *
 * The graph: random edges (seeded), so cycles are everywhere, typed like a real estate
 * (mostly depends_on/runs_on/hosted_on, some part_of and connected_to). 1% of CIs are
 * business services. Edges point "down" (to a higher index) 90% of the time, giving layers
 * with back edges; a uniform random graph is the harder case and is measured too.
 */
import { sql } from 'drizzle-orm';
import { openDb, migrateDb, rowsOf } from '../src/lib/server/db/index';
import { seedCmdb } from '../src/lib/server/cmdb/classes';
import { impactOf } from '../src/lib/server/cmdb/impact';
import { findCiByIdentity } from '../src/lib/server/cmdb/identities';

const N = Number(process.argv[2] ?? 100_000);
const E = Number(process.argv[3] ?? 300_000);

function pct(xs: number[], p: number) {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const fmt = (xs: number[]) =>
	`p50 ${pct(xs, 50).toFixed(2)} ms, p95 ${pct(xs, 95).toFixed(2)} ms, max ${Math.max(...xs).toFixed(2)} ms (n=${xs.length})`;

async function main() {
	const t0 = performance.now();
	const database = await openDb({ url: null });
	await migrateDb(database);
	const db = database.db;
	await seedCmdb(db);
	console.log(`migrated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

	const t1 = performance.now();
	await db.execute(sql`select setseed(0.42)`);
	await db.execute(sql`create temp table ids as
		select g as n, gen_random_uuid() as id from generate_series(1, ${N}) g`);
	await db.execute(sql`create index on ids(n)`);
	await db.execute(sql`insert into configuration_items (id, name, class_id, status, criticality, attributes)
		select id, 'ci-' || n,
			case when n % 100 = 0 then 'business_service'
			     when n % 10 = 1 then 'application'
			     when n % 10 = 2 then 'database'
			     else 'other' end,
			'active', 1 + n % 4, '{}'::jsonb
		from ids`);
	await db.execute(sql`insert into ci_identities (ci_id, kind, value)
		select id, 'hostname', 'host-' || n || '.dc1' from ids
		union all
		select id, 'ip', '10.' || (n / 65536) || '.' || (n / 256 % 256) || '.' || (n % 256) from ids`);
	// Edges: from a random CI to one of the next 2000 (90%, wrapping) or anywhere (10%: back edges, cycles).
	await db.execute(sql`insert into ci_relations (from_ci_id, to_ci_id, type)
		select f.id, t.id, e.type
		from (
			select 1 + floor(random() * ${N})::int as a,
				case when random() < 0.9 then 1 + (floor(random() * ${N})::int + 1 + floor(random() * 2000)::int) % ${N}
				     else 1 + floor(random() * ${N})::int end as b,
				(array['depends_on','depends_on','runs_on','hosted_on','part_of','connected_to'])[1 + floor(random() * 6)::int] as type
			from generate_series(1, ${Math.round(E * 1.02)})
		) e
		join ids f on f.n = e.a
		join ids t on t.n = e.b
		where e.a <> e.b
		on conflict do nothing`);
	await db.execute(sql`analyze`);
	const [{ cis, rels, idents }] = rowsOf<{ cis: number; rels: number; idents: number }>(
		await db.execute(sql`select (select count(*)::int from configuration_items) as cis,
			(select count(*)::int from ci_relations) as rels, (select count(*)::int from ci_identities) as idents`)
	);
	console.log(`generated ${cis} CIs, ${rels} relations, ${idents} identities in ${((performance.now() - t1) / 1000).toFixed(1)} s`);

	const sample = rowsOf<{ id: string; n: number }>(
		await db.execute(sql`select id, n from ids order by random() limit 300`)
	);
	// Warm-up (plans, caches).
	for (const s of sample.slice(0, 20)) await impactOf(db, [s.id], 'upstream', 6);

	const results: Record<string, number[]> = {};
	const sizes: Record<string, number[]> = {};
	for (const direction of ['upstream', 'downstream'] as const) {
		const times: number[] = [];
		const reached: number[] = [];
		for (const s of sample.slice(20)) {
			const t = performance.now();
			const r = await impactOf(db, [s.id], direction, 6);
			times.push(performance.now() - t);
			reached.push(r.items.length);
		}
		results[direction] = times;
		sizes[direction] = reached;
		console.log(
			`impact ${direction.padEnd(10)} depth≤6: ${fmt(times)}; CIs reached p50 ${pct(reached, 50)}, max ${Math.max(...reached)}`
		);
	}

	const lookups: number[] = [];
	for (let i = 0; i < 2000; i++) {
		const n = 1 + Math.floor(Math.random() * N);
		const cands = i % 2 ? [`unknown-${i}`, `HOST-${n}.dc1`, `10.${Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`] : [`nothing-${i}`];
		const t = performance.now();
		await findCiByIdentity(db, cands);
		lookups.push(performance.now() - t);
	}
	console.log(`identity lookup (3 candidates / miss): ${fmt(lookups.slice(200))}`);
	const base: number[] = [];
	for (let i = 0; i < 2000; i++) {
		const t = performance.now();
		await db.execute(sql`select 1`);
		base.push(performance.now() - t);
	}
	console.log(`baseline round trip (select 1): ${fmt(base.slice(200))}`);
	await database.close();
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
