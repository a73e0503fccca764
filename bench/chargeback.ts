/**
 * Chargeback bench: one period with 1M tickets created and 5M work-log events in chDB, generated
 * inside ClickHouse with INSERT … SELECT FROM numbers() (no JS rows), 100 cost centers, 10k CIs,
 * a full rate card and four cost pools; then `runChargeback` end to end (ClickHouse usage +
 * Postgres CIs + pricing + draft statement written to PGlite), twice (the second replaces the draft).
 *   npx tsx bench/chargeback.ts [tickets=1000000] [work=5000000] [centers=100]
 * Target: run ≤ 5 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDb, migrateDb } from '../src/lib/server/db/index';
import { seedReferenceData } from '../src/lib/server/seed';
import { openClickHouse, migrateClickHouse, chQuery, num } from '../src/lib/server/analytics/clickhouse';
import { systemActor } from '../src/lib/server/rbac/actor';
import { departments } from '../schemas/postgres/index';
import { createRateCard } from '../src/lib/server/finance/rateCards';
import { createCostPool } from '../src/lib/server/finance/pools';
import { runChargeback } from '../src/lib/server/finance/run';
import { periodUsage } from '../src/lib/server/finance/usage';
import { periodWindow } from '../src/lib/server/finance/money';
import { CATEGORIES, PRIORITIES } from '../schemas/events';

const TICKETS = Number(process.argv[2] ?? 1_000_000);
const WORK = Number(process.argv[3] ?? 5_000_000);
const CENTERS = Number(process.argv[4] ?? 100);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-bench-cb-'));
	const pg = await openDb({ url: null });
	await migrateDb(pg);
	await seedReferenceData(pg.db);
	const ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
	await migrateClickHouse(ch);
	const db = pg.db;
	const ctx = { db, actor: systemActor('bench') };

	const depts = await db
		.insert(departments)
		.values(Array.from({ length: CENTERS }, (_, i) => ({ code: `CC${String(i).padStart(4, '0')}`, name: `Cost center ${i}` })))
		.returning({ id: departments.id });
	const ids = depts.map((d) => d.id);

	let t = performance.now();
	// March 2026 = 2,678,400 s: spread events evenly; ~1% of tickets carry no cost center.
	await ch.client.command({
		query: `INSERT INTO ticket_events (event_id, ticket_id, ticket_number, type, at, ticket_created_at, ticket_type, channel,
				category, priority, tier, department_id, status, work_s)
			SELECT generateUUIDv4(), toUUID(concat('00000000-0000-4000-8000-', leftPad(toString(number), 12, '0'))), toString(number),
				'ticket.created', toDateTime64('2026-03-01 00:00:00', 3, 'UTC') + toIntervalMillisecond(intDiv(number * 2678400000, {n:UInt64})),
				toDateTime64('2026-03-01 00:00:00', 3, 'UTC'), if(number % 3 = 0, 'service_request', 'incident'), 'portal',
				{cats:Array(String)}[1 + number % 10], {pris:Array(String)}[1 + intDiv(number, 10) % 5], 'L1',
				if(number % 100 = 99, '', {ids:Array(String)}[1 + cityHash64(number) % {c:UInt64}]), 'new', 0
			FROM numbers({n:UInt64})`,
		query_params: { n: TICKETS, cats: [...CATEGORIES], pris: [...PRIORITIES], ids, c: CENTERS }
	});
	const tTickets = performance.now() - t;
	t = performance.now();
	// Five work logs per ticket on average; the department is the ticket's (same hash as above).
	await ch.client.command({
		query: `INSERT INTO ticket_events (event_id, ticket_id, ticket_number, type, at, ticket_created_at, ticket_type, channel,
				category, priority, tier, department_id, status, work_s)
			SELECT generateUUIDv4(), toUUID(concat('00000000-0000-4000-8000-', leftPad(toString(tn), 12, '0'))), toString(tn),
				'ticket.work_logged', toDateTime64('2026-03-01 00:00:00', 3, 'UTC') + toIntervalMillisecond(intDiv(number * 2678400000, {w:UInt64})),
				toDateTime64('2026-03-01 00:00:00', 3, 'UTC'), 'incident', 'portal', 'other', 'P3',
				{tiers:Array(String)}[1 + number % 4],
				if(tn % 100 = 99, '', {ids:Array(String)}[1 + cityHash64(tn) % {c:UInt64}]), 'in_progress', 60 * (5 + number % 55)
			FROM (SELECT number, number % {n:UInt64} AS tn FROM numbers({w:UInt64}))`,
		query_params: { n: TICKETS, w: WORK, tiers: ['L0', 'L1', 'L2', 'L3'], ids, c: CENTERS }
	});
	const tWork = performance.now() - t;
	const [cnt] = await chQuery<{ n: string }>(ch, 'SELECT count() AS n FROM ticket_events');
	console.log(`generated ${num(cnt.n).toLocaleString()} events in chDB: tickets ${s(tTickets)}, work logs ${s(tWork)}`);

	await db.execute(sql`insert into configuration_items (name, class_id, status, criticality, cost_center_id, created_at)
		select 'ci-' || g, (array['server','application','database','network_device'])[1 + g % 4], 'active', 1 + g % 4,
			(${JSON.stringify(ids)}::jsonb ->> (g % ${CENTERS}))::uuid, '2026-01-01'
		from generate_series(1, 10000) g`);

	const entries: unknown[] = [{ kind: 'ticket', unitRateCents: 1500 }];
	for (const c of CATEGORIES) for (const p of PRIORITIES) entries.push({ kind: 'ticket', category: c, priority: p, unitRateCents: 1000 + 100 * PRIORITIES.indexOf(p) });
	for (const [i, tier] of ['L0', 'L1', 'L2', 'L3'].entries()) entries.push({ kind: 'agent_hour', tier, unitRateCents: 4000 + 2500 * i });
	for (const c of ['server', 'application', 'database', 'network_device']) entries.push({ kind: 'ci_month', ciClass: c, unitRateCents: 7500 });
	entries.push({ kind: 'service_fee', service: 'Email & collaboration', unitRateCents: 120000 });
	await createRateCard(ctx, { effectiveFrom: '2026-01-01', entries });
	await createCostPool(ctx, { name: 'Desk overhead', period: '2026-03', amountCents: 12_345_678, rule: 'even' });
	await createCostPool(ctx, { name: 'ITSM tooling', period: '2026-03', amountCents: 5_000_001, rule: 'tickets' });
	await createCostPool(ctx, { name: 'Training', period: '2026-03', amountCents: 999_999, rule: 'work_hours' });
	const pct: Record<string, number> = {};
	ids.forEach((id, i) => (pct[id] = i < CENTERS - 1 ? Math.floor(10000 / CENTERS) / 100 : 0));
	pct[ids[CENTERS - 1]] = Math.round((100 - Object.values(pct).reduce((a, b) => a + b, 0)) * 100) / 100;
	await createCostPool(ctx, { name: 'Facilities', period: '2026-03', amountCents: 7_777_777, rule: 'fixed_pct', percentages: pct });

	{
		const { from, to } = periodWindow('2026-03');
		for (const label of ['usage query alone (cold)', 'usage query alone (warm)']) {
			const t0 = performance.now();
			const u = await periodUsage(db, ch, from, to);
			console.log(`${label}: ${s(performance.now() - t0)} — ${u.tickets.length} ticket keys, ${u.work.length} work keys, ${u.cis.length} CI keys`);
		}
	}
	for (const label of ['first run', 're-run (replaces draft)']) {
		const t0 = performance.now();
		const r = await runChargeback(ctx, ch, '2026-03');
		const ms = performance.now() - t0;
		console.log(`${label}: ${s(ms)} — ${r.lines} lines, total ${(Number(r.totalCents) / 100).toLocaleString('en')} , fingerprint ${r.fingerprint.slice(0, 12)}${r.replaced ? ` (same as before: ${r.replaced === r.fingerprint})` : ''}`);
	}
	await ch.close();
	await pg.close();
	fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
