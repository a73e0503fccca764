/**
 * Where the ingest time goes, in process (no HTTP): MonitoringIngest.ingest() (store + 202 path)
 * and AlertProcessor.process() (raw → problem → ticket), each run sequentially over N distinct
 * Alertmanager alerts (and N more queued and processed in batches), on PGlite in memory, PGlite on disk (what `npm start` uses) and, when
 * reachable, the local PostgreSQL (a scratch database, dropped after). Counts SQL statements per
 * alert by wrapping the driver's query entry points. Usage:
 *   npx tsx bench/lib/ingest-profile.ts [n=400] [targets=mem,disk,pg]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb, migrateDb, type Database } from '../../src/lib/server/db/index';
import { seedReferenceData } from '../../src/lib/server/seed';
import { monitoringSources } from '../../schemas/postgres/index';
import { MonitoringIngest } from '../../src/lib/server/monitoring/ingest';
import { anyMaintenance, cmdbCi, cmdbWindows, sourceDowntimes } from '../../src/lib/server/monitoring/cmdb';
import { sha256 } from '../../src/lib/server/rbac/password';
import { percentile, textTable, fmtMs } from './stats';

const N = Number(process.argv[2] ?? 400);
const TARGETS = (process.argv[3] ?? 'mem,disk,pg').split(',');
const PG_ADMIN = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function amBody(key: string): string {
	return JSON.stringify({
		version: '4',
		status: 'firing',
		receiver: 'opshub',
		groupLabels: { alertname: 'BenchAlert' },
		commonLabels: { alertname: 'BenchAlert', job: 'bench', severity: 'major' },
		alerts: [
			{
				status: 'firing',
				labels: { alertname: 'BenchAlert', job: 'bench', host: key, instance: `${key}:9100`, severity: 'major' },
				annotations: { summary: 'bench alert', description: `synthetic problem ${key}` },
				startsAt: new Date().toISOString(),
				fingerprint: key
			}
		]
	});
}

/** Counts and times statements at the driver: PGlite's execProtocol*, pg's Client.query. */
function probe(database: Database) {
	const st = { n: 0, ms: 0, log: null as string[] | null };
	const client = (database.db as unknown as { $client: Record<string, unknown> }).$client;
	const wrap = (obj: Record<string, unknown>, m: string) => {
		const orig = obj[m] as ((...a: unknown[]) => unknown) | undefined;
		if (typeof orig !== 'function') return;
		obj[m] = function (this: unknown, ...a: unknown[]) {
			const t0 = performance.now();
			const r = orig.apply(this, a);
			st.n++;
			if (st.log && m === 'query') {
				const q = a[0] as string | { text?: string };
				st.log.push((typeof q === 'string' ? q : (q?.text ?? '')).replace(/\s+/g, ' ').slice(0, 160));
			}
			if (r && typeof (r as Promise<unknown>).then === 'function') return (r as Promise<unknown>).finally(() => (st.ms += performance.now() - t0));
			st.ms += performance.now() - t0;
			return r;
		};
	};
	if (database.driver === 'pglite') {
		// Queries and transaction statements run as one protocol exchange each (extended protocol: stream).
		wrap(client, 'execProtocol');
		wrap(client, 'execProtocolStream');
	} else {
		wrap(pg.Client.prototype as unknown as Record<string, unknown>, 'query');
	}
	return st;
}

async function open(target: string): Promise<{ db: Database; cleanup: () => Promise<void> }> {
	if (target === 'mem') return { db: await openDb({ url: null }), cleanup: async () => {} };
	if (target === 'disk') {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-prof-'));
		const db = await openDb({ url: null, dataDir: dir });
		return { db, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
	}
	const name = `opshub_bench_${process.pid}`;
	const admin = new pg.Client({ connectionString: PG_ADMIN });
	await admin.connect();
	await admin.query(`create database "${name}"`);
	await admin.end();
	const u = new URL(PG_ADMIN);
	u.pathname = `/${name}`;
	const db = await openDb({ url: u.toString(), poolMax: 10 });
	return {
		db,
		cleanup: async () => {
			const a = new pg.Client({ connectionString: PG_ADMIN });
			await a.connect();
			await a.query(`drop database if exists "${name}" with (force)`);
			await a.end();
		}
	};
}

const rows: string[][] = [];
for (const target of TARGETS) {
	let h: Awaited<ReturnType<typeof open>>;
	try {
		h = await open(target);
	} catch (e) {
		console.log(`${target}: skipped (${(e as Error).message})`);
		continue;
	}
	try {
		await migrateDb(h.db);
		await seedReferenceData(h.db.db);
		const id = crypto.randomUUID();
		const token = `ohm_${id.replace(/-/g, '')}_benchbenchbenchbenchbench`;
		await h.db.db.insert(monitoringSources).values({ id, kind: 'alertmanager', name: 'prof', tokenHash: sha256(token), rateLimitPerMin: 1_000_000 });
		const m = new MonitoringIngest(h.db.db, { ci: cmdbCi, maintenance: anyMaintenance(cmdbWindows, sourceDowntimes), autoProcess: false });
		const st = probe(h.db);
		const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
		// warm-up
		for (let i = 0; i < 20; i++) await m.processor.process((await m.ingest({ kind: 'alertmanager', headers, body: amBody(`w${i}`) })).alertId);
		const ids: string[] = [];
		const ing: number[] = [];
		st.n = 0;
		st.ms = 0;
		const a0 = performance.now();
		for (let i = 0; i < N; i++) {
			const t0 = performance.now();
			ids.push((await m.ingest({ kind: 'alertmanager', headers, body: amBody(`p${i}`) })).alertId);
			ing.push(performance.now() - t0);
		}
		const ingMs = performance.now() - a0;
		const ingSt = { ...st };
		st.n = 0;
		st.ms = 0;
		const pr: number[] = [];
		const b0 = performance.now();
		for (const x of ids) {
			const t0 = performance.now();
			const s = await m.processor.process(x);
			if (s !== 'processed') throw new Error(`process ${x}: ${s}`);
			pr.push(performance.now() - t0);
		}
		const prMs = performance.now() - b0;
		const prSt = { ...st };
		if (process.env.PROFILE_SQL && h.db.driver === 'postgres') {
			// The statements of one more process() call, in order.
			const x = (await m.ingest({ kind: 'alertmanager', headers, body: amBody('sql1') })).alertId;
			st.log = [];
			await m.processor.process(x);
			console.log(st.log.map((q, i) => `${String(i + 1).padStart(2)} ${q}`).join('\n'));
			st.log = null;
		}
		rows.push([
			`${target} ingest()`,
			fmtMs(ingMs / N),
			fmtMs(percentile(ing, 99)),
			(ingSt.n / N).toFixed(1),
			fmtMs(ingSt.ms / N),
			((N / ingMs) * 1000).toFixed(0)
		]);
		rows.push([`${target} process()`, fmtMs(prMs / N), fmtMs(percentile(pr, 99)), (prSt.n / N).toFixed(1), fmtMs(prSt.ms / N), ((N / prMs) * 1000).toFixed(0)]);
		// The queue's way: N more distinct alerts stored, then processed in batches (set-based opens).
		const queued: string[] = [];
		for (let i = 0; i < N; i++) queued.push((await m.ingest({ kind: 'alertmanager', headers, body: amBody(`q${i}`) })).alertId);
		st.n = 0;
		st.ms = 0;
		const c0 = performance.now();
		for (const x of queued) m.processor.enqueue(x);
		await m.processor.idle();
		const bMs = performance.now() - c0;
		rows.push([`${target} queued batches`, fmtMs(bMs / N), '—', (st.n / N).toFixed(2), fmtMs(st.ms / N), ((N / bMs) * 1000).toFixed(0)]);
		console.log(`${target}: done`);
	} finally {
		await h.db.close().catch(() => {});
		await h.cleanup();
	}
}
console.log(`\n${N} distinct alerts, sequential, in process (no HTTP)\n`);
console.log(textTable(['step', 'ms/alert', 'p99 ms', 'driver calls/alert', 'ms in driver/alert', 'alerts/s'], rows));
console.log('driver calls: SQL statements on pg (BEGIN/COMMIT included); protocol exchanges on PGlite (several per statement)');
