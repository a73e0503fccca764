/**
 * bench:ingest — monitoring webhooks on the built server (`server.ts` + build/, PGlite in DATA_DIR).
 *  1. throughput: the same keep-alive client (fixed requests in flight) posts distinct
 *     Alertmanager bodies to a plain node:http JSON endpoint (the ceiling, a child process) and to
 *     Opshub's POST /api/ingest/alertmanager; accepted/s, p50/p99, ratio (target ≥ 0.6). Each round
 *     also runs a reference: the ceiling plus a group-committed fdatasync'd append (what durability
 *     alone costs here), to tell that cost from Opshub's own.
 *  2. storm: 20,000 distinct problems posted as fast as accepted, then GET /api/tickets total
 *     polled until all are ticketed (target ≤ 20 s from the first post).
 *  2b. steady: a sustained moderate rate (300/s by default, paced): how much is ticketed while it
 *     goes on, and how soon the last one is ticketed after (processing must not wait for the end).
 *  3. crash: a storm on a fixed DATA_DIR, kill -9 mid-storm, restart on the same DATA_DIR, wait
 *     for the recovery pass; every 2xx-acknowledged alert has exactly one ticket, none has two.
 * Loopback only; every loop is bounded in count and time. Usage:
 *   npx tsx bench/ingest.ts [phases=throughput,storm,steady,crash] [--seconds=10] [--rounds=3] [--conc=32]
 *     [--storm=20000] [--storm-cap=100] [--steady-rate=300] [--steady-seconds=15] [--crash=6000]
 *     [--kill-after=1500] [--pg] [--sync=fdatasync|os]
 * --pg runs the servers on the local PostgreSQL (TEST_DATABASE_URL's server, scratch databases)
 * instead of the default embedded PGlite. --sync sets how far the accept journal writes before a 202
 * (OPSHUB_INGEST_SYNC; by default the server follows the database: fdatasync on PostgreSQL, the
 * kernel on PGlite, which never syncs its own files).
 */
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { startServer, signIn, type RunningServer } from '../test/helpers/server';
import { percentile, fmtInt, fmtMs, textTable, mdTable } from './lib/stats';
import { amBody, drive, CEILING_SOURCE, type DriveResult } from './lib/ingest-client';
import { journalSyncFor } from '../src/lib/server/monitoring/index';
import type { Config } from '../src/lib/server/config';

const argv = process.argv.slice(2);
const opt = (name: string, def: number) => {
	const a = argv.find((x) => x.startsWith(`--${name}=`));
	return a ? Number(a.split('=')[1]) : def;
};
const PHASES = new Set((argv.find((x) => !x.startsWith('--')) ?? 'throughput,storm,steady,crash').split(','));
const SECONDS = opt('seconds', 10);
const ROUNDS = opt('rounds', 3);
const CONC = opt('conc', 32);
const STORM = opt('storm', 20_000);
const STORM_CAP_S = opt('storm-cap', 100);
const STEADY_RATE = opt('steady-rate', 300);
const STEADY_S = opt('steady-seconds', 15);
const CRASH_N = opt('crash', 6_000);
const KILL_AFTER = opt('kill-after', 1_500); // acknowledged alerts before the kill
/** --pg: run the servers on the local PostgreSQL (a scratch database each, dropped after) instead of PGlite. */
const PG = argv.includes('--pg');
const PG_ADMIN = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scratchDbs: string[] = [];
async function pgAdmin(q: string) {
	const c = new pg.Client({ connectionString: PG_ADMIN });
	await c.connect();
	try {
		await c.query(q);
	} finally {
		await c.end();
	}
}
/** --sync=fdatasync|os: OPSHUB_INGEST_SYNC for the servers (default: the server's own, auto). */
const SYNC = argv.find((x) => x.startsWith('--sync='))?.split('=')[1] ?? null;
/** What the servers' accept journal does before a 202 (monitoring/index.ts journalSyncFor). */
const SYNC_SHOWN = journalSyncFor(PG ? 'postgres' : 'pglite', (SYNC ?? 'auto') as Config['ingestSync']);
/**
 * Env for a server: DATABASE_URL of a new scratch database with --pg, else nothing (PGlite in
 * DATA_DIR); OPSHUB_INGEST_SYNC with --sync.
 */
async function dbEnv(): Promise<Record<string, string>> {
	const sync: Record<string, string> = SYNC ? { OPSHUB_INGEST_SYNC: SYNC } : {};
	if (!PG) return sync;
	const name = `opshub_bench_ingest_${process.pid}_${scratchDbs.length}`;
	await pgAdmin(`create database "${name}"`);
	scratchDbs.push(name);
	const u = new URL(PG_ADMIN);
	u.pathname = `/${name}`;
	return { ...sync, DATABASE_URL: u.toString() };
}
const ADMIN = { OPSHUB_ADMIN_EMAIL: 'bench@example.com', OPSHUB_ADMIN_PASSWORD: 'bench-pass-123' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const md: string[] = [];
const summary: string[] = [];

/** Resident memory of a process, MiB (NaN when gone). */
function rssMiB(pid: number): number {
	try {
		const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
		return kb ? Number(kb) / 1024 : NaN;
	} catch {
		return NaN;
	}
}

function cpuTicks(pid: number): number {
	try {
		const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return Number(f[11]) + Number(f[12]); // utime + stime, clock ticks (100/s)
	} catch {
		return NaN;
	}
}

/** The key back from a ticket title (`<host> / BenchAlert is …`). */
const keyOfTitle = (title: string) => /^(\S+) \/ BenchAlert /.exec(title)?.[1] ?? null;

async function api<T = any>(s: RunningServer, cookie: string, path: string, init: RequestInit = {}): Promise<T> {
	const r = await fetch(`${s.url}${path}`, { ...init, headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) } });
	const text = await r.text();
	if (r.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path}: ${r.status} ${text.slice(0, 300)}`);
	return JSON.parse(text) as T;
}

async function registerSource(s: RunningServer, cookie: string, name: string): Promise<{ id: string; token: string }> {
	return api(s, cookie, '/api/monitoring/sources', {
		method: 'POST',
		body: JSON.stringify({ kind: 'alertmanager', name, rateLimitPerMin: 1_000_000 })
	});
}

const monitoringTotal = async (s: RunningServer, cookie: string, source: string) =>
	(await api<{ total: number }>(s, cookie, `/api/tickets?channel=monitoring&source=${source}&limit=1`)).total;

async function sourceCounts(s: RunningServer, cookie: string, id: string): Promise<Record<string, number>> {
	const l = await api<{ sources: { id: string; counts: Record<string, number> }[] }>(s, cookie, '/api/monitoring/sources');
	return l.sources.find((x) => x.id === id)?.counts ?? {};
}

async function fresh(extra: Record<string, string> = {}): Promise<{ s: RunningServer; cookie: string }> {
	const s = await startServer({ ...ADMIN, ...extra });
	const cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
	return { s, cookie };
}

async function finish(s: RunningServer | null, keepDir = false) {
	if (!s) return;
	await s.stop();
	if (!keepDir) fs.rmSync(s.dataDir, { recursive: true, force: true });
}

const stat = (r: DriveResult) => ({
	rate: (r.ok / r.elapsedMs) * 1000,
	p50: percentile(r.latencies, 50),
	p99: percentile(r.latencies, 99),
	other: Object.entries(r.statuses)
		.filter(([k]) => !k.startsWith('2'))
		.map(([k, v]) => `${k === '0' ? 'err' : k}×${v}`)
		.join(' ')
});

// ---- 1. throughput vs the node:http ceiling ---------------------------------------------------

async function throughput() {
	console.log(`\n## throughput: ${CONC} in flight, ${SECONDS} s each (1 s warm-up); accept journal sync: ${SYNC_SHOWN}`);
	const child = spawn(process.execPath, ['-e', CEILING_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
	const port = await new Promise<number>((resolve, reject) => {
		let buf = '';
		child.stdout!.on('data', (d) => {
			buf += d;
			if (buf.includes('\n')) resolve(Number(buf.trim()));
		});
		child.once('exit', (c) => reject(new Error(`ceiling exited ${c}`)));
	});
	let s: RunningServer | null = null;
	try {
		const run = async (label: string, url: string, headers: Record<string, string>, pid: number, prefix: string) => {
			await drive({ url, headers, body: (i) => amBody(`${prefix}w${i}`), concurrency: CONC, durationMs: 1000, maxRequests: 1e6 });
			const c0 = cpuTicks(pid);
			const u0 = process.cpuUsage();
			const r = await drive({ url, headers, body: (i) => amBody(`${prefix}m${i}`), concurrency: CONC, durationMs: SECONDS * 1000, maxRequests: 1e6 });
			const srvCpu = ((cpuTicks(pid) - c0) / 100 / (r.elapsedMs / 1000)) * 100;
			const u = process.cpuUsage(u0);
			const cliCpu = ((u.user + u.system) / 1000 / r.elapsedMs) * 100;
			const st = stat(r);
			console.log(`${label}: ${fmtInt(st.rate)}/s accepted (${r.ok}/${r.sent}), p50 ${fmtMs(st.p50)} ms, p99 ${fmtMs(st.p99)} ms, server CPU ${srvCpu.toFixed(0)}%, client CPU ${cliCpu.toFixed(0)}% ${st.other}`);
			return { ...st, srvCpu, cliCpu, ok: r.ok };
		};
		// Rounds alternate ceiling and Opshub (a fresh server each), so drift of this shared machine
		// hits both; the ratio is of the rates summed over the rounds.
		const rounds: { ceil: Awaited<ReturnType<typeof run>>; durable: Awaited<ReturnType<typeof run>>; ops: Awaited<ReturnType<typeof run>>; ticketed: number; stored: number; procRate: number }[] = [];
		for (let round = 1; round <= ROUNDS; round++) {
			const ceil = await run(`round ${round} node:http ceiling`, `http://127.0.0.1:${port}/api/ingest/alertmanager`, {}, child.pid!, `c${round}`);
			// Reference, not the target: the ceiling plus a group-committed, fdatasync'd append.
			const durable = await run(`round ${round} reference: ceiling + fdatasync'd append`, `http://127.0.0.1:${port}/durable/alertmanager`, {}, child.pid!, `d${round}`);
			const f = await fresh(await dbEnv());
			s = f.s;
			const src = await registerSource(s, f.cookie, 'bench-throughput');
			const hdr = { authorization: `Bearer ${src.token}` };
			const t0 = Date.now();
			const ops = await run(`round ${round} opshub /api/ingest`, `${s.url}/api/ingest/alertmanager`, hdr, s.proc.pid!, `t${round}`);
			const rss = rssMiB(s.proc.pid!);
			// What the processor kept up with during the window (accepting comes first: it catches up after).
			const counts = await sourceCounts(s, f.cookie, src.id);
			const ticketed = await monitoringTotal(s, f.cookie, src.id);
			const procRate = ticketed / ((Date.now() - t0) / 1000);
			console.log(`  while accepting: ${fmtInt(ticketed)} ticketed (~${fmtInt(procRate)}/s incl. warm-up), raw counts ${JSON.stringify(counts)}; server RSS after the window ${rss.toFixed(0)} MiB`);
			rounds.push({ ceil, durable, ops, ticketed, stored: ops.ok, procRate });
			await finish(s);
			s = null;
		}
		const sum = (f: (r: (typeof rounds)[number]) => number) => rounds.reduce((a, r) => a + f(r), 0);
		const ratio = sum((r) => r.ops.rate) / sum((r) => r.ceil.rate);
		const perRound = rounds.map((r) => (r.ops.rate / r.ceil.rate).toFixed(2)).join(', ');
		const durableShare = sum((r) => r.durable.rate) / sum((r) => r.ceil.rate);
		const vsDurable = sum((r) => r.ops.rate) / sum((r) => r.durable.rate);
		console.log(`  ratio ${ratio.toFixed(2)} × ceiling over ${ROUNDS} rounds (per round ${perRound}; target ≥ 0.60) ${ratio >= 0.6 ? 'MET' : 'NOT MET'}`);
		console.log(`  reference: durability alone runs at ${durableShare.toFixed(2)} × ceiling; Opshub at ${vsDurable.toFixed(2)} × that reference`);
		const avg = (f: (r: (typeof rounds)[number]) => number) => sum(f) / rounds.length;
		summary.push(
			`throughput: opshub ${fmtInt(avg((r) => r.ops.rate))}/s (p50 ${fmtMs(avg((r) => r.ops.p50), 1)} / p99 ${fmtMs(avg((r) => r.ops.p99), 1)} ms) vs ceiling ${fmtInt(avg((r) => r.ceil.rate))}/s (p50 ${fmtMs(avg((r) => r.ceil.p50), 1)} / p99 ${fmtMs(avg((r) => r.ceil.p99), 1)} ms) → ${ratio.toFixed(2)}× over ${ROUNDS} rounds (${perRound}) (target ≥ 0.6); durability alone (ceiling + fdatasync'd append) ${fmtInt(avg((r) => r.durable.rate))}/s = ${durableShare.toFixed(2)}× ceiling, Opshub ${vsDurable.toFixed(2)}× that`
		);
		md.push(
			`### Accepted webhooks/s (${CONC} in flight, ${SECONDS} s per run, ${ROUNDS} alternating rounds, distinct Alertmanager bodies)\n\n` +
				mdTable(
					['round', 'endpoint', 'accepted/s', 'p50', 'p99', 'server CPU', 'errors'],
					[
						...rounds.flatMap((r, i) => [
							[String(i + 1), 'plain node:http JSON (ceiling)', fmtInt(r.ceil.rate), `${fmtMs(r.ceil.p50)} ms`, `${fmtMs(r.ceil.p99)} ms`, `${r.ceil.srvCpu.toFixed(0)}%`, r.ceil.other || '0'],
							[String(i + 1), "reference: ceiling + group-committed fdatasync'd append", fmtInt(r.durable.rate), `${fmtMs(r.durable.p50)} ms`, `${fmtMs(r.durable.p99)} ms`, `${r.durable.srvCpu.toFixed(0)}%`, r.durable.other || '0'],
							[String(i + 1), 'Opshub POST /api/ingest/alertmanager', fmtInt(r.ops.rate), `${fmtMs(r.ops.p50)} ms`, `${fmtMs(r.ops.p99)} ms`, `${r.ops.srvCpu.toFixed(0)}%`, r.ops.other || '0']
						]),
						['', '**ratio** Opshub / ceiling (target ≥ 0.6)', `**${ratio.toFixed(2)}**`, '', '', '', ''],
						['', 'reference / ceiling (durability alone)', durableShare.toFixed(2), '', '', '', ''],
						['', 'Opshub / reference', vsDurable.toFixed(2), '', '', '', '']
					]
				) +
				`\n\nDuring the Opshub windows the processor ticketed ${rounds.map((r) => fmtInt(r.ticketed)).join(' / ')} of the alerts (it yields to accepting and catches up after).`
		);
	} finally {
		child.kill('SIGTERM');
		await finish(s);
	}
}

// ---- 2. storm: 20k distinct problems → all ticketed --------------------------------------------

async function storm() {
	console.log(`\n## storm: ${fmtInt(STORM)} distinct problems, ${CONC} in flight, cap ${STORM_CAP_S} s`);
	const { s, cookie } = await fresh(await dbEnv());
	try {
		const src = await registerSource(s, cookie, 'bench-storm');
		const hdr = { authorization: `Bearer ${src.token}` };
		const capMs = STORM_CAP_S * 1000;
		const t0 = performance.now();
		const marks: [number, number][] = [];
		let ticketedAtPostEnd = 0;
		let done = false;
		// Poll the ticket count while posting and after, until all are there or the cap.
		const poller = (async () => {
			while (!done && performance.now() - t0 < capMs) {
				await sleep(1000);
				try {
					marks.push([performance.now() - t0, await monitoringTotal(s, cookie, src.id)]);
				} catch {
					/* the server is busy: try again */
				}
				if (marks.at(-1)![1] >= STORM) break;
			}
		})();
		const r = await drive({ url: `${s.url}/api/ingest/alertmanager`, headers: hdr, body: (i) => amBody(`s${i}`), concurrency: CONC, durationMs: capMs, maxRequests: STORM, timeoutMs: 60_000 });
		const postMs = performance.now() - t0;
		ticketedAtPostEnd = await monitoringTotal(s, cookie, src.id);
		await poller;
		done = true;
		const final = await monitoringTotal(s, cookie, src.id);
		const allAt = r.ok === STORM ? marks.find(([, n]) => n >= STORM)?.[0] : undefined;
		const counts = await sourceCounts(s, cookie, src.id);
		const st = stat(r);
		// Processing rate once the posting stopped (the processor alone on the database).
		const after = marks.filter(([t]) => t > postMs);
		const drain = after.length >= 2 ? ((after.at(-1)![1] - after[0][1]) / (after.at(-1)![0] - after[0][0])) * 1000 : NaN;
		const during = (ticketedAtPostEnd / postMs) * 1000;
		// Not done within the cap: project from the overall ticketing rate so far (posting included).
		const elapsed = performance.now() - t0;
		const est =
			allAt ??
			(r.ok === STORM && Number.isFinite(drain) && drain > 0 ? elapsed + ((STORM - final) / drain) * 1000 : final > 0 ? (STORM / final) * elapsed : NaN);
		const line = textTable(
			['storm', 'value'],
			[
				['accepted (2xx)', `${fmtInt(r.ok)} of ${fmtInt(r.sent)} ${st.other}`],
				['posting time', `${(postMs / 1000).toFixed(1)} s (${fmtInt(st.rate)}/s, p50 ${fmtMs(st.p50, 1)} ms, p99 ${fmtMs(st.p99, 1)} ms)`],
				['ticketed when posting ended', `${fmtInt(ticketedAtPostEnd)} (~${fmtInt(during)}/s while posting)`],
				['processing rate after posting', Number.isFinite(drain) ? `${fmtInt(drain)}/s` : 'n/a (posting used the whole cap)'],
				['projected first post → all ticketed', `${(est / 1000).toFixed(0)} s`],
				['all ticketed at', allAt !== undefined ? `${(allAt / 1000).toFixed(1)} s from the first post` : `not within ${STORM_CAP_S} s (${fmtInt(final)} of ${fmtInt(STORM)})`],
				['raw alert counts', JSON.stringify(counts)]
			]
		);
		console.log(line);
		summary.push(
			`storm: ${fmtInt(r.ok)} accepted in ${(postMs / 1000).toFixed(1)} s; all ticketed ${allAt !== undefined ? `at ${(allAt / 1000).toFixed(1)} s` : `NOT within ${STORM_CAP_S} s (${fmtInt(final)} done, ~${(est / 1000).toFixed(0)} s projected)`} (target ≤ 20 s); processing ~${fmtInt(during)}/s while posting${Number.isFinite(drain) ? `, ~${fmtInt(drain)}/s after` : ''}`
		);
		md.push(
			`### Storm: ${fmtInt(STORM)} distinct problems (${CONC} in flight)\n\n` +
				mdTable(
					['measure', 'target', 'result'],
					[
						['accepted', '', `${fmtInt(r.ok)} / ${fmtInt(r.sent)}`],
						['posting (accept) time', '', `${(postMs / 1000).toFixed(1)} s (${fmtInt(st.rate)}/s, p50 ${fmtMs(st.p50, 1)} / p99 ${fmtMs(st.p99, 1)} ms)`],
						['ticketed while posting', '', `${fmtInt(ticketedAtPostEnd)} (~${fmtInt(during)}/s)`],
						['processing after posting', '', Number.isFinite(drain) ? `~${fmtInt(drain)}/s` : 'n/a (posting used the whole cap)'],
						[
							'**first post → all ticketed**',
							'≤ 20 s',
							allAt !== undefined ? `**${(allAt / 1000).toFixed(1)} s**` : `**not within ${STORM_CAP_S} s** (${fmtInt(final)} done; ~${(est / 1000).toFixed(0)} s projected)`
						]
					]
				)
		);
	} finally {
		await finish(s);
	}
}

// ---- 3. crash: kill -9 mid-storm, restart, exactly once ------------------------------------------

// ---- 2b. steady: a sustained moderate rate → tickets keep flowing --------------------------------

/**
 * A monitoring estate in a long outage: STEADY_RATE webhooks/s (distinct problems) for
 * STEADY_S seconds, paced. Reported: how many were ticketed while posting went on and how long
 * the last ones took after it stopped (processing must not wait for the flood to end).
 */
async function steady() {
	console.log(`\n## steady: ${fmtInt(STEADY_RATE)}/s for ${STEADY_S} s`);
	const { s, cookie } = await fresh(await dbEnv());
	try {
		const src = await registerSource(s, cookie, 'bench-steady');
		const hdr = { authorization: `Bearer ${src.token}` };
		const total = STEADY_RATE * STEADY_S;
		const t0 = performance.now();
		const r = await drive({
			url: `${s.url}/api/ingest/alertmanager`,
			headers: hdr,
			body: (i) => amBody(`st${i}`),
			concurrency: 8,
			durationMs: (STEADY_S + 30) * 1000,
			maxRequests: total,
			paceMs: 1000 / STEADY_RATE
		});
		const postMs = performance.now() - t0;
		const atEnd = await monitoringTotal(s, cookie, src.id);
		let lastAt = NaN;
		while (performance.now() - t0 < postMs + 60_000) {
			if ((await monitoringTotal(s, cookie, src.id)) >= r.ok) {
				lastAt = performance.now() - t0 - postMs;
				break;
			}
			await sleep(100);
		}
		const line = `steady ${fmtInt(STEADY_RATE)}/s for ${STEADY_S} s: ${fmtInt(r.ok)} accepted in ${(postMs / 1000).toFixed(1)} s; ${fmtInt(atEnd)} ticketed when posting stopped (${((atEnd / Math.max(1, r.ok)) * 100).toFixed(0)} %); all ticketed ${Number.isFinite(lastAt) ? `${(lastAt / 1000).toFixed(1)} s after` : 'NOT within 60 s after'}`;
		console.log(line);
		summary.push(line);
		md.push(
			`### Steady: ${fmtInt(STEADY_RATE)} webhooks/s for ${STEADY_S} s (distinct problems, paced)\n\n` +
				mdTable(
					['measure', 'result'],
					[
						['accepted', `${fmtInt(r.ok)} / ${fmtInt(r.sent)}`],
						['ticketed when posting stopped', `${fmtInt(atEnd)} (${((atEnd / Math.max(1, r.ok)) * 100).toFixed(0)} %)`],
						['last one ticketed', Number.isFinite(lastAt) ? `${(lastAt / 1000).toFixed(1)} s after posting stopped` : 'not within 60 s']
					]
				)
		);
	} finally {
		await finish(s);
	}
}

async function listTitles(s: RunningServer, cookie: string, source: string): Promise<string[]> {
	const out: string[] = [];
	for (let page = 1; page <= 200; page++) {
		const r = await api<{ items: { title: string }[]; total: number }>(s, cookie, `/api/tickets?channel=monitoring&source=${source}&limit=500&page=${page}`);
		out.push(...r.items.map((t) => t.title));
		if (r.items.length < 500 || out.length >= r.total) break;
	}
	return out;
}

async function crash() {
	console.log(`\n## crash: storm of up to ${fmtInt(CRASH_N)}, kill -9 after ${fmtInt(KILL_AFTER)} acknowledged`);
	const dataDir = fs.mkdtempSync('/tmp/opshub-bench-crash-');
	let s: RunningServer | null = null;
	const env = { DATA_DIR: dataDir, ...(await dbEnv()) };
	try {
		let f = await fresh(env);
		s = f.s;
		const src = await registerSource(s, f.cookie, 'bench-crash');
		const hdr = { authorization: `Bearer ${src.token}` };
		const acked = new Map<string, string>(); // key → alertId
		const unknown = new Set<string>(); // sent, no 2xx (transport error when killed, or other)
		let killedAt = NaN;
		const proc = s.proc;
		const t0 = performance.now();
		const r = await drive({
			url: `${s.url}/api/ingest/alertmanager`,
			headers: hdr,
			body: (i) => amBody(`k${i}`),
			concurrency: CONC,
			durationMs: 60_000,
			maxRequests: CRASH_N,
			timeoutMs: 10_000,
			stop: () => !Number.isNaN(killedAt),
			onReply: (i, rep) => {
				if (rep.status >= 200 && rep.status < 300) acked.set(`k${i}`, JSON.parse(rep.body).alertId);
				else unknown.add(`k${i}`);
				if (acked.size >= KILL_AFTER && Number.isNaN(killedAt)) {
					killedAt = performance.now() - t0;
					proc.kill('SIGKILL');
				}
			}
		});
		await new Promise((res) => (proc.exitCode !== null || proc.signalCode ? res(null) : proc.once('exit', res)));
		console.log(`killed at ${(killedAt / 1000).toFixed(2)} s (signal ${proc.signalCode}); ${fmtInt(acked.size)} acknowledged, ${fmtInt(unknown.size)} in flight or failed, ${r.sent} sent`);

		// Restart on the same data dir; the boot recovery pass processes what is still 'received'.
		const t1 = performance.now();
		f = await fresh(env);
		s = f.s;
		const upMs = performance.now() - t1;
		let counts: Record<string, number> = {};
		const capAt = performance.now() + 120_000;
		while (performance.now() < capAt) {
			counts = await sourceCounts(s, f.cookie, src.id);
			if (!counts.received) break;
			await sleep(500);
		}
		const recoverMs = performance.now() - t1;
		const recovered = /processed (\d+) raw alert/.exec(s.output())?.[1] ?? '0';
		const titles = await listTitles(s, f.cookie, src.id);
		const perKey = new Map<string, number>();
		let foreign = 0;
		for (const t of titles) {
			const k = keyOfTitle(t);
			if (k) perKey.set(k, (perKey.get(k) ?? 0) + 1);
			else foreign++;
		}
		const missing = [...acked.keys()].filter((k) => !perKey.has(k));
		const twice = [...perKey].filter(([, n]) => n > 1);
		const extra = [...perKey.keys()].filter((k) => !acked.has(k)); // stored before the kill, answer lost
		const ok = missing.length === 0 && twice.length === 0 && !counts.received && !counts.failed && foreign === 0;
		const line = textTable(
			['crash', 'value'],
			[
				['acknowledged (2xx) before the kill', fmtInt(acked.size)],
				['restart to healthy', `${(upMs / 1000).toFixed(1)} s`],
				['recovery pass', `${recovered} raw alert(s) left 'received' by the killed process`],
				['restart → nothing left received', `${(recoverMs / 1000).toFixed(1)} s; raw counts ${JSON.stringify(counts)}`],
				['tickets for the source', fmtInt(titles.length)],
				['acknowledged without a ticket', fmtInt(missing.length) + (missing.length ? ` (e.g. ${missing.slice(0, 5).join(', ')})` : '')],
				['keys with more than one ticket', fmtInt(twice.length) + (twice.length ? ` (e.g. ${twice.slice(0, 5).map(([k, n]) => `${k}×${n}`).join(', ')})` : '')],
				['tickets for unacknowledged posts (stored, answer lost)', fmtInt(extra.length)],
				['verdict', ok ? 'PASS: every acknowledged alert ticketed exactly once' : 'FAIL']
			]
		);
		console.log(line);
		summary.push(
			`crash: ${fmtInt(acked.size)} acked before kill -9; ${recovered} recovered at boot; ${missing.length} missing, ${twice.length} duplicated, ${extra.length} extra (stored, answer lost) → ${ok ? 'PASS' : 'FAIL'}`
		);
		md.push(
			`### Crash: kill -9 during a storm, restart on the same DATA_DIR\n\n` +
				mdTable(
					['measure', 'result'],
					[
						['acknowledged (2xx) before kill -9', fmtInt(acked.size)],
						['raw alerts left `received`, processed by the boot recovery pass', recovered],
						['restart → healthy / → nothing left `received`', `${(upMs / 1000).toFixed(1)} s / ${(recoverMs / 1000).toFixed(1)} s`],
						['acknowledged alerts without a ticket', fmtInt(missing.length)],
						['dedup keys with > 1 ticket', fmtInt(twice.length)],
						['tickets for posts whose answer was lost (stored before the kill)', fmtInt(extra.length)],
						['**verdict**', ok ? '**PASS** (exactly once)' : '**FAIL**']
					]
				)
		);
		if (!ok) process.exitCode = 1;
	} finally {
		await finish(s, true);
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

const started = Date.now();
try {
	if (PHASES.has('throughput')) await throughput();
	if (PHASES.has('storm')) await storm();
	if (PHASES.has('steady')) await steady();
	if (PHASES.has('crash')) await crash();
} finally {
	for (const name of scratchDbs) await pgAdmin(`drop database if exists "${name}" with (force)`).catch((e) => console.error(`drop ${name}: ${e.message}`));
}
console.log(`\n## summary (${((Date.now() - started) / 1000).toFixed(0)} s, ${new Date().toISOString()})\n${summary.map((x) => `- ${x}`).join('\n')}`);
console.log(`\n## markdown for bench/RESULTS.md\n\n## Monitoring ingest (\`npm run bench:ingest\`) — built server, ${PG ? 'local PostgreSQL (pool)' : 'PGlite in DATA_DIR'}, journal sync ${SYNC_SHOWN}, 2 shared cores, Node ${process.versions.node.split('.')[0]}\n\n${md.join('\n\n')}\n`);
