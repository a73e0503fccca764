/**
 * Events bench: npx tsx bench/events.ts [--events 200000] [--batches 10000,50000,100000]
 *   [--tickets 300] [--drivers pglite,postgres] [--cap-s 30]
 * (~2.5 min per driver with the defaults on 2 shared cores: run one driver at a time there.)
 *
 * 1. Relay throughput. N realistic ticket event rows (whole lifecycles built with eventRow(), the
 *    payload appendEvents() writes) are bulk-loaded once into a staging table, then for each batch
 *    size copied into a fresh `outbox` (server-side INSERT … SELECT) and shipped to chDB by the real
 *    OutboxRelay, flushOnce() in a loop exactly like drain() (stopped early only past --cap-s, which
 *    the table then says). Reported: events/s, INSERTs/s, and where the wall time goes (Postgres
 *    select / attempts update / shipped update, ClickHouse INSERT, relay JS), measured by wrapping
 *    the drivers (bench/lib/probe.ts), not by a copy of the relay. Checked: ClickHouse holds each
 *    shipped event id exactly once (count = uniqExact(event_id) = N) and the backlog is 0.
 * 2. Command latency. createTicket then assign, start, comment, log_work, resolve on each of
 *    --tickets tickets (after 20 warm-up tickets), p50/p99 per command.
 * Drivers: PGlite in a temp data directory; PostgreSQL in a fresh database on
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped at the end.
 * ClickHouse: chDB in the temp directory (CLICKHOUSE_URL to use a server instead).
 * Results go in bench/RESULTS.md by hand (the script prints a snippet).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { pgTable, bigserial, text, uuid, jsonb } from 'drizzle-orm/pg-core';
import { openDb, migrateDb, bulkInsert, copyOut, rowsOf, type Database, type Db, type PgDriver } from '../src/lib/server/db/index';
import { seedReferenceData } from '../src/lib/server/seed';
import { openClickHouse, migrateClickHouse, chQuery, num, type ClickHouse } from '../src/lib/server/analytics/clickhouse';
import { createTicket, actOnTicket } from '../src/lib/server/tickets/service';
import { OutboxRelay } from '../src/lib/server/events/relay';
import { eventColumns, insertTsv, tsvSelectList } from '../src/lib/server/events/tsv';
import { rebuiltMigrations } from '../src/lib/server/events/rebuild';
import { makeDesk, type Desk } from '../test/helpers/desk';
import { outboxChunks } from './lib/eventgen';
import { PhaseProbe, type Phase } from './lib/probe';
import { percentile, fmtInt, fmtMs, textTable, mdTable } from './lib/stats';

// ---------------------------------------------------------------- options
function arg(name: string, dflt: string): string {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}
const N = Number(arg('events', '200000'));
const BATCHES = arg('batches', '10000,50000,100000').split(',').map(Number);
const TICKETS = Number(arg('tickets', '300'));
const DRIVERS = arg('drivers', 'pglite,postgres').split(',') as PgDriver[];
const CAP_MS = Number(arg('cap-s', '30')) * 1000;
const RELAYS: RelayKind[] = ['current'];
const WARMUP_TICKETS = 20;
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Staging copy of the generated outbox rows (bench-only table, in the bench database). */
const outboxSrc = pgTable('bench_outbox_src', {
	ord: bigserial('ord', { mode: 'number' }),
	topic: text('topic').notNull(),
	eventId: uuid('event_id').notNull(),
	payload: jsonb('payload').notNull()
});

const log = (...a: unknown[]) => console.log(`[${((performance.now() - T0) / 1000).toFixed(1).padStart(6)} s]`, ...a);
const T0 = performance.now();

// ---------------------------------------------------------------- databases
interface BenchDb extends Database {
	label: string;
}

/** Databases to drop if the run is interrupted (timeout, Ctrl-C). */
const cleanups = new Set<() => Promise<void>>();
for (const sig of ['SIGINT', 'SIGTERM'] as const)
	process.on(sig, () => {
		console.error(`\n${sig}: cleaning up`);
		void Promise.allSettled([...cleanups].map((f) => f())).then(() => process.exit(130));
	});

async function openBenchDb(driver: PgDriver, dir: string): Promise<BenchDb> {
	if (driver === 'pglite') {
		const db = await openDb({ url: null, dataDir: path.join(dir, 'pg') });
		return { ...db, label: 'PGlite (temp dir)' };
	}
	const name = `opshub_bench_${randomBytes(4).toString('hex')}`;
	const admin = new pg.Client({ connectionString: ADMIN_URL });
	await admin.connect();
	await admin.query(`create database "${name}"`);
	const [ver] = (await admin.query(`show server_version`)).rows;
	await admin.end();
	const u = new URL(ADMIN_URL);
	u.pathname = `/${name}`;
	const db = await openDb({ url: u.toString(), poolMax: 4 });
	const drop = async () => {
		cleanups.delete(drop);
		const a = new pg.Client({ connectionString: ADMIN_URL });
		await a.connect();
		await a.query(`drop database if exists "${name}" with (force)`).catch((e) => console.error(`drop ${name}: ${e.message}`));
		await a.end();
	};
	cleanups.add(drop);
	return {
		...db,
		label: `PostgreSQL ${String(ver.server_version).split(' ')[0]}`,
		close: async () => {
			await db.close();
			await drop();
		}
	};
}

// ---------------------------------------------------------------- 2. command latency
const COMMANDS = ['create', 'assign', 'start', 'comment', 'log_work', 'resolve'] as const;
type Command = (typeof COMMANDS)[number];

async function commandLatency(db: Db, desk: Desk, tickets: number): Promise<Record<Command, number[]>> {
	const ctx = { db, actor: desk.agent };
	const out = Object.fromEntries(COMMANDS.map((c) => [c, [] as number[]])) as Record<Command, number[]>;
	const agentId = desk.agent.accountId!;
	let now = Date.now() - 3_600_000;
	for (let i = -WARMUP_TICKETS; i < tickets; i++) {
		const time = async <T>(c: Command, f: () => Promise<T>): Promise<T> => {
			now += 1000;
			const t0 = performance.now();
			const r = await f();
			if (i >= 0) out[c].push(performance.now() - t0);
			return r;
		};
		const { ticket } = await time('create', () =>
			createTicket(ctx, { title: `Laptop will not boot #${i}`, description: 'Black screen after update.', priority: 'P3', category: 'hardware', channel: 'email' }, now)
		);
		await time('assign', () => actOnTicket(ctx, ticket.id, { action: 'assign', groupId: desk.groups.L1, agentId }, now));
		await time('start', () => actOnTicket(ctx, ticket.id, { action: 'start' }, now));
		await time('comment', () => actOnTicket(ctx, ticket.id, { action: 'comment', body: 'Looking into it, please keep the laptop on power.' }, now));
		await time('log_work', () => actOnTicket(ctx, ticket.id, { action: 'log_work', minutes: 15 }, now));
		await time('resolve', () => actOnTicket(ctx, ticket.id, { action: 'resolve', code: 'fixed', text: 'Rolled back the driver.' }, now));
	}
	return out;
}

// ---------------------------------------------------------------- 1. relay throughput
type RelayKind = 'current';
const RELAY_CLASS = { current: OutboxRelay };

interface RelayRun {
	relay: RelayKind;
	batchSize: number;
	skipped?: string;
	shipped: number;
	complete: boolean;
	error: string | null;
	wallMs: number;
	inserts: number;
	flushes: number;
	phases: Record<Phase, number>;
	groupingMs: number;
	chRows: number;
	chUniq: number;
	backlog: number;
	reloadMs: number;
	/** The same rows into ClickHouse alone, events/s. */
	aloneRate?: number;
}

async function loadStaging(db: Db, desk: Desk): Promise<number> {
	await db.execute(sql`drop table if exists bench_outbox_src`);
	await db.execute(
		sql`create unlogged table bench_outbox_src (ord bigserial primary key, topic text not null, event_id uuid not null, payload jsonb not null)`
	);
	const gen = {
		agent: desk.agent,
		requesterId: desk.requester.accountId!,
		groups: Object.values(desk.groups),
		agents: [desk.agent.accountId!, desk.lead.accountId!]
	};
	const t0 = performance.now();
	let done = 0;
	for (const chunk of outboxChunks(N, 20_000, gen, Date.now(), 2 * 86_400_000)) {
		await bulkInsert(db, outboxSrc, chunk, 5000);
		done += chunk.length;
		if (done % 100_000 === 0) log(`  staged ${fmtInt(done)} events`);
	}
	return performance.now() - t0;
}

async function resetOutbox(db: Db, ch: ClickHouse): Promise<number> {
	await truncateAnalytics(ch);
	const t0 = performance.now();
	await db.execute(sql`truncate outbox restart identity`);
	await db.execute(sql`insert into outbox (topic, event_id, payload) select topic, event_id, payload from bench_outbox_src order by ord`);
	await db.execute(sql`vacuum analyze outbox`);
	return performance.now() - t0;
}

/** Empties ticket_events and every table its views feed (state, SLA facts, rollups). */
async function truncateAnalytics(ch: ClickHouse): Promise<void> {
	for (const t of rebuiltMigrations().tables) await ch.client.command({ query: `TRUNCATE TABLE IF EXISTS ${t}` });
}

/**
 * The same rows into the same ClickHouse alone, the best way it takes them: the relay's columns as
 * TabSeparated (cut by Postgres with COPY before the clock starts), in the same batches, each one
 * `INSERT … FORMAT TabSeparated` (FROM INFILE on chDB), as the relay sends them. The relay's
 * target is >= 0.8x this rate.
 */
async function chAlone(db: Db, ch: ClickHouse, batchSize: number): Promise<{ ms: number; events: number }> {
	await truncateAnalytics(ch);
	const cols = await eventColumns(ch, 'ticket_events');
	const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from bench_outbox_src`));
	const bodies: { body: Buffer; rows: number }[] = [];
	for (let i = 0; i < Number(n); i += batchSize)
		bodies.push(await copyOut(db, `select ${tsvSelectList('s.payload', cols)} from bench_outbox_src s where s.ord > ${i} and s.ord <= ${i + batchSize} order by s.ord`));
	const t0 = performance.now();
	let events = 0;
	for (const b of bodies) {
		await insertTsv(ch, cols, b.body, b.rows);
		events += b.rows;
	}
	const ms = performance.now() - t0;
	await truncateAnalytics(ch);
	return { ms, events };
}

/** The quadratic `[...(byTopic.get(t) ?? []), r]` grouping of flushOnce, alone, on one batch. */
async function relayRun(db: Db, ch: ClickHouse, kind: RelayKind, batchSize: number): Promise<RelayRun> {
	const reloadMs = await resetOutbox(db, ch);
	const relay = new RELAY_CLASS[kind](db, ch, { batchSize });
	let inserts = 0;
	relay.on('flushed', (b: unknown[]) => (inserts += b.length));
	const probe = new PhaseProbe().attach(db, ch);
	let shipped = 0;
	let flushes = 0;
	let complete = false;
	let error: string | null = null;
	const t0 = performance.now();
	try {
		// drain()'s loop, with a time cap so a pathological batch size cannot run away.
		for (;;) {
			const n = await relay.flushOnce();
			flushes++;
			shipped += n;
			if (n === 0) {
				complete = true;
				break;
			}
			if (performance.now() - t0 > CAP_MS) break;
		}
	} catch (e) {
		const err = e as Error & { cause?: Error };
		error = (err.cause?.message ?? err.message).split('\n')[0].slice(0, 160);
	}
	const wallMs = performance.now() - t0;
	probe.detach();
	// Batches that carried rows; the last flush returns 0.
	const fullBatches = flushes - (complete ? 1 : 0);
	const groupingMs = 0; // grouping is linear now (it was O(batch²)); no separate estimate
	const [c] = await chQuery<{ rows: string; uniq: string }>(ch, 'SELECT count() AS rows, uniqExact(event_id) AS uniq FROM ticket_events');
	const [{ n: backlog }] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from outbox where shipped_at is null`));
	// Shipped = staged minus still pending (the relay deletes shipped ticket-event rows, marks the others).
	const [{ n: markedShipped }] = rowsOf<{ n: number }>(
		await db.execute(sql`select (select count(*) from bench_outbox_src)::int - (select count(*) from outbox where shipped_at is null)::int as n`)
	);
	if (!error && Number(backlog) === 0) complete = true;
	return {
		relay: kind,
		batchSize,
		shipped: Number(markedShipped),
		complete,
		error,
		wallMs,
		inserts,
		flushes,
		phases: { ...probe.ms },
		groupingMs,
		chRows: num(c.rows),
		chUniq: num(c.uniq),
		backlog: Number(backlog),
		reloadMs
	};
}

function skippedRun(relay: RelayKind, batchSize: number, skipped: string): RelayRun {
	const phases = { pg_select: 0, pg_attempts: 0, pg_mark: 0, pg_other: 0, ch_insert: 0, ch_check: 0 };
	return { relay, batchSize, skipped, shipped: 0, complete: false, error: null, wallMs: 0, inserts: 0, flushes: 0, phases, groupingMs: 0, chRows: 0, chUniq: 0, backlog: 0, reloadMs: 0 };
}

// ---------------------------------------------------------------- main
interface DriverResult {
	driver: PgDriver;
	label: string;
	stagingMs: number;
	runs: RelayRun[];
	latency: Record<Command, number[]>;
}

function exactlyOnce(r: RelayRun): string {
	if (r.error) return 'n/a';
	const ok = r.chRows === r.shipped && r.chUniq === r.shipped && (!r.complete || (r.shipped === N && r.backlog === 0));
	return ok ? (r.complete ? `yes (${fmtInt(r.chUniq)})` : `yes, partial (${fmtInt(r.chUniq)})`) : `NO: ch ${r.chRows}/${r.chUniq} vs ${r.shipped}`;
}

function phaseLine(r: RelayRun): string {
	const p = r.phases;
	const pct = (ms: number) => `${((100 * ms) / r.wallMs).toFixed(0)}%`;
	const js = r.wallMs - Object.values(p).reduce((s, v) => s + v, 0);
	return [
		`pg select ${pct(p.pg_select)}`,
		`pg attempts+1 ${pct(p.pg_attempts)}`,
		`pg mark shipped ${pct(p.pg_mark)}`,
		`ch insert ${pct(p.ch_insert)}`,
		p.ch_check ? `ch check ${pct(p.ch_check)}` : '',
		`relay JS ${pct(js)} (byTopic grouping ≈ ${pct(r.groupingMs)})`
	]
		.filter(Boolean)
		.join(', ');
}

async function main() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-bench-events-'));
	const rmDir = async () => fs.rmSync(dir, { recursive: true, force: true });
	cleanups.add(rmDir);
	const results: DriverResult[] = [];
	let ch: ClickHouse | null = null;
	try {
		ch = await openClickHouse({ url: process.env.CLICKHOUSE_URL ?? null, dataDir: path.join(dir, 'ch') });
		await migrateClickHouse(ch);
		log(`events ${fmtInt(N)}, batches ${BATCHES.join('/')}, tickets ${TICKETS}, drivers ${DRIVERS.join('/')}, ClickHouse ${ch.engine}`);
		for (const driver of DRIVERS) {
			const bdb = await openBenchDb(driver, dir);
			try {
				const db = bdb.db;
				await migrateDb(bdb);
				await seedReferenceData(db);
				const desk = await makeDesk(db);
				log(`${bdb.label}: migrated, seeded`);
				const latency = await commandLatency(db, desk, TICKETS);
				log(`${bdb.label}: command latency done (${TICKETS} tickets)`);
				const stagingMs = await loadStaging(db, desk);
				log(`${bdb.label}: staged ${fmtInt(N)} events with bulkInsert in ${(stagingMs / 1000).toFixed(1)} s (${fmtInt(N / (stagingMs / 1000))}/s)`);
				const runs: RelayRun[] = [];
				for (const kind of RELAYS)
					for (const bs of BATCHES) {
						const r = await relayRun(db, ch, kind, bs);
						const alone = await chAlone(db, ch, bs);
						r.aloneRate = alone.events / (alone.ms / 1000);
						runs.push(r);
						const relayRate = r.shipped / (r.wallMs / 1000);
						log(
							`${bdb.label} batch ${fmtInt(bs)}: relay ${fmtInt(relayRate)} events/s, chDB alone ${fmtInt(r.aloneRate)} events/s, ` +
								`ratio ${(relayRate / r.aloneRate).toFixed(2)}x (target >= 0.8x: ${relayRate / r.aloneRate >= 0.8 ? 'ok' : 'MISSED'})`
						);
						log(
							`${bdb.label} ${kind} batch ${fmtInt(bs)}: ${r.error ? `FAILED (${r.error}) after ` : ''}${fmtInt(r.shipped)} events in ${(r.wallMs / 1000).toFixed(2)} s` +
								` = ${fmtInt(r.shipped / (r.wallMs / 1000))} events/s, ${(r.inserts / (r.wallMs / 1000)).toFixed(2)} INSERTs/s;` +
								` exactly once: ${exactlyOnce(r)}; reload ${(r.reloadMs / 1000).toFixed(1)} s\n           ${phaseLine(r)}`
						);
					}
				results.push({ driver, label: bdb.label, stagingMs, runs, latency });
			} finally {
				await bdb.close();
			}
		}
	} finally {
		await ch?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	}
	report(results);
}

function report(results: DriverResult[]) {
	const thrHeader = ['driver', 'relay', 'batch', 'events', 'wall', 'events/s', 'chDB alone/s', 'ratio (>= 0.8)', 'INSERTs/s', 'exactly once', 'pg sel', 'pg att', 'pg mark', 'ch ins', 'JS (grouping)'];
	const thrRows: string[][] = [];
	for (const d of results)
		for (const r of d.runs) {
			if (r.skipped) {
				thrRows.push([d.label, r.relay, fmtInt(r.batchSize), 'skipped', '', '', '', '', '', '', '', '', '', '', '']);
				continue;
			}
			const p = r.phases;
			const js = r.wallMs - Object.values(p).reduce((s, v) => s + v, 0);
			const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
			thrRows.push([
				d.label,
				r.relay,
				fmtInt(r.batchSize),
				fmtInt(r.shipped) + (r.complete ? '' : r.error ? ' (failed)' : ' (capped)'),
				s(r.wallMs),
				r.error && !r.shipped ? '—' : fmtInt(r.shipped / (r.wallMs / 1000)),
				r.aloneRate ? fmtInt(r.aloneRate) : '—',
				r.aloneRate ? `${(r.shipped / (r.wallMs / 1000) / r.aloneRate).toFixed(2)}x` : '—',
				(r.inserts / (r.wallMs / 1000)).toFixed(2),
				exactlyOnce(r),
				s(p.pg_select),
				s(p.pg_attempts),
				s(p.pg_mark),
				s(p.ch_insert),
				`${s(js)} (${s(r.groupingMs)})`
			]);
		}
	const latHeader = ['driver', ...COMMANDS.map((c) => `${c} p50/p99 ms`)];
	const latRows = results.map((d) => [d.label, ...COMMANDS.map((c) => `${fmtMs(percentile(d.latency[c], 50))} / ${fmtMs(percentile(d.latency[c], 99))}`)]);
	const errors = results.flatMap((d) =>
		d.runs.filter((r) => r.error || r.skipped).map((r) => `${d.label}, ${r.relay} relay, batch ${fmtInt(r.batchSize)}: ${r.error ?? r.skipped}`)
	);

	console.log('\n== Relay throughput, outbox → ClickHouse (target ≥ 150,000 events/s) ==');
	console.log(textTable(thrHeader, thrRows));
	for (const e of errors) console.log(`  ${e}`);
	console.log(`\n== Command latency (${TICKETS} tickets per driver, after ${WARMUP_TICKETS} warm-up) ==`);
	console.log(textTable(latHeader, latRows));

	const bestOf = (kind: RelayKind) =>
		Math.max(0, ...results.flatMap((d) => d.runs.filter((r) => r.complete && r.relay === kind).map((r) => r.shipped / (r.wallMs / 1000))));
	console.log('\n== Markdown for bench/RESULTS.md ==\n');
	console.log(`## Events (\`npx tsx bench/events.ts\`) — chDB, ${os.cpus().length} shared cores, Node ${process.versions.node.split('.')[0]}\n`);
	console.log(
		`Data: ${fmtInt(N)} ticket events (whole lifecycles from \`eventRow()\`, ~8 per ticket), staged once with \`bulkInsert\`, ` +
			`copied into an empty \`outbox\` before each run and shipped by \`OutboxRelay.flushOnce()\` in \`drain()\`'s loop ` +
			`(cap ${CAP_MS / 1000} s). Phase times from wrapping the Postgres and ClickHouse clients; "JS" is the rest ` +
			`(the quadratic byTopic grouping measured alone in brackets). Best complete run: ${RELAYS.map((k) => `${k} relay ${fmtInt(bestOf(k))}`).join(', ')} events/s. ` +
			'`current` is src/lib/server/events/relay.ts as is; "chDB alone" inserts the same rows as TabSeparated (cut by Postgres before the clock), in the same batches, without Postgres.\n'
	);
	console.log(mdTable(thrHeader, thrRows));
	if (errors.length) console.log('\n' + errors.map((e) => `- ${e}`).join('\n'));
	console.log('');
	console.log(mdTable(latHeader, latRows));
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
