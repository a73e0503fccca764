/**
 * Analytics rebuild bench: npm run bench:rebuild -- [--events 1000000] [--alerts 100000]
 *   [--page 50000] [--db postgres://…/name]
 * Target (issue 17, part 5): ≥ 200,000 events/s from PostgreSQL.
 *
 * 1. A PostgreSQL database (BENCH_DATABASE_URL's server, a fresh database dropped at the end; or
 *    --db to reuse one made by an earlier run with --keep, which skips the ~minutes of generation)
 *    gets --events ticket events and --alerts alert events, generated set-based inside Postgres
 *    (bench/lib/rebuildgen.ts): ~90 % with a shipped outbox row, ~10 % without one (demo history),
 *    ~0.2 % unshipped (the relay's backlog at the cut-over).
 * 2. chDB in a temp directory, migrated; a live OutboxRelay runs; rebuildAnalytics() drops and
 *    refills ClickHouse, then the relay ships what was left in the outbox.
 * 3. Checked: ClickHouse holds every Postgres ticket event and every outbox alert event exactly once.
 * Printed: events/s of the copy next to the target, Postgres read and ClickHouse insert time,
 * and the load average (the machine is shared).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDb, migrateDb, rowsOf, type Database } from '../src/lib/server/db/index';
import { seedReferenceData } from '../src/lib/server/seed';
import { openClickHouse, migrateClickHouse, chQuery, num } from '../src/lib/server/analytics/clickhouse';
import { OutboxRelay } from '../src/lib/server/events/relay';
import { rebuildAnalytics, progressBar } from '../src/lib/server/events/rebuild';
import { makeDesk } from '../test/helpers/desk';
import { generateRebuildData } from './lib/rebuildgen';
import { fmtInt } from './lib/stats';

function arg(name: string, dflt: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}
const EVENTS = Number(arg('events', '1000000'));
const ALERTS = Number(arg('alerts', String(Math.round(EVENTS / 10))));
const PAGE = Number(arg('page', '50000'));
const REUSE = arg('db', '');
const KEEP = process.argv.includes('--keep');
const TARGET = 200_000;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const T0 = performance.now();
const log = (...a: unknown[]) => console.log(`[${((performance.now() - T0) / 1000).toFixed(1).padStart(6)} s]`, ...a);
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' / ');

async function openBenchDb(): Promise<Database & { url: string; drop: () => Promise<void> }> {
	if (REUSE) {
		const d = await openDb({ url: REUSE, poolMax: 4 });
		return { ...d, url: REUSE, drop: async () => undefined };
	}
	const name = `opshub_bench_rebuild_${randomBytes(4).toString('hex')}`;
	const admin = new pg.Client({ connectionString: ADMIN_URL });
	await admin.connect();
	await admin.query(`create database "${name}"`);
	await admin.end();
	const u = new URL(ADMIN_URL);
	u.pathname = `/${name}`;
	const d = await openDb({ url: u.toString(), poolMax: 4 });
	return {
		...d,
		url: u.toString(),
		drop: async () => {
			if (KEEP) return log(`kept ${u} (rerun with --db ${u})`);
			const a = new pg.Client({ connectionString: ADMIN_URL });
			await a.connect();
			await a.query(`drop database if exists "${name}" with (force)`).catch((e) => console.error(e.message));
			await a.end();
		}
	};
}

async function main() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-bench-rebuild-'));
	const bdb = await openBenchDb();
	const db = bdb.db;
	try {
		const [{ n: have }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from pg_class where relname = 'ticket_events'`));
		let existing = 0;
		if (Number(have)) existing = Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ticket_events`))[0].n);
		if (!existing) {
			log(`load ${load()}; generating ${fmtInt(EVENTS)} ticket events and ${fmtInt(ALERTS)} alert events in PostgreSQL`);
			await migrateDb(bdb);
			await seedReferenceData(db);
			const desk = await makeDesk(db);
			const gen = await generateRebuildData(
				db,
				{ agent: desk.agent, requesterId: desk.requester.accountId!, groups: Object.values(desk.groups), agents: [desk.agent.accountId!, desk.lead.accountId!] },
				EVENTS,
				ALERTS
			);
			log(`generated in ${(gen.ms / 1000).toFixed(1)} s:`, gen);
		} else {
			// A reused database: the backlog the previous run's relay shipped is unshipped again.
			await db.execute(sql`update outbox set shipped_at = null where (('x' || substr(md5(event_id::text), 1, 8))::bit(32)::int & 2147483647) % 500 = 7 and topic = 'ticket_events'`);
			log(`reusing ${bdb.url}: ${fmtInt(existing)} ticket events`);
		}
		const [pgc] = rowsOf<{ te: number; ae: number; un: number; mb: number }>(
			await db.execute(sql`select (select count(*)::int from ticket_events) as te, (select count(*)::int from outbox where topic = 'alert_events') as ae,
				(select count(*)::int from outbox where shipped_at is null) as un, pg_total_relation_size('ticket_events') / 1048576 as mb`)
		);
		const ch = await openClickHouse({ url: process.env.CLICKHOUSE_URL ?? null, dataDir: path.join(dir, 'ch'), log: 'off' });
		try {
			await migrateClickHouse(ch);
			const relay = new OutboxRelay(db, ch, { batchSize: 50_000 });
			relay.start();
			log(`PostgreSQL: ${fmtInt(pgc.te)} ticket events (${pgc.mb} MB), ${fmtInt(pgc.ae)} alert events, ${fmtInt(pgc.un)} outbox rows unshipped; load ${load()}`);
			const loadBefore = load();
			let last = 0;
			const r = await rebuildAnalytics({
				db,
				ch,
				relay,
				pageSize: PAGE,
				onProgress: (p) => {
					if (p.phase === 'copy' && performance.now() - last < 1000) return;
					last = performance.now();
					log(progressBar(p));
				}
			});
			const loadAfter = load();
			await relay.stop();
			const shipped = await relay.drain();
			const [te] = await chQuery<{ rows: string; uniq: string }>(ch, 'SELECT count() AS rows, uniqExact(event_id) AS uniq FROM ticket_events');
			const [ae] = await chQuery<{ rows: string; uniq: string }>(ch, 'SELECT count() AS rows, uniqExact(event_id) AS uniq FROM alert_events');
			const exact =
				num(te.rows) === Number(pgc.te) && num(te.uniq) === Number(pgc.te) && num(ae.rows) === Number(pgc.ae) && num(ae.uniq) === Number(pgc.ae);
			const rate = r.eventsPerS;
			console.log('\n== Analytics rebuild from PostgreSQL ==');
			console.log(`copied ${fmtInt(r.copied)} events (${fmtInt(r.ticketEvents)} ticket, ${fmtInt(r.alertEvents)} alert) in ${(r.ms / 1000).toFixed(2)} s`);
			console.log(`rate: ${fmtInt(rate)} events/s   target ≥ ${fmtInt(TARGET)} events/s: ${rate >= TARGET ? 'MET' : 'MISSED'} (${(rate / TARGET).toFixed(2)}×)`);
			console.log(`Postgres reads ${(r.readMs / 1000).toFixed(2)} s, ClickHouse inserts ${(r.insertMs / 1000).toFixed(2)} s (overlapped); cut-over: ${fmtInt(r.cutover.unshipped)} unshipped, waited ${r.cutover.waitedMs.toFixed(0)} ms for open transactions`);
			console.log(`then the relay shipped ${fmtInt(shipped)} outbox rows; ClickHouse ticket_events ${fmtInt(num(te.rows))}/${fmtInt(num(te.uniq))} distinct vs Postgres ${fmtInt(pgc.te)}, alert_events ${fmtInt(num(ae.rows))}/${fmtInt(num(ae.uniq))} vs ${fmtInt(pgc.ae)}: exactly once ${exact ? 'yes' : 'NO'}`);
			console.log(`load average (1/5/15 min) before ${loadBefore}, after ${loadAfter}; ${os.cpus().length} cores, Node ${process.versions.node}, ClickHouse ${ch.engine}`);
			if (!exact) process.exitCode = 1;
		} finally {
			await ch.close();
		}
	} finally {
		await bdb.close();
		await bdb.drop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
