/**
 * The shift solver must not hold the web thread (issue 18, K1 medium 3). An HTTP server in this
 * process answers a small JSON request every 20 ms while two hard shift solves (28 days, ~110
 * shift templates, seat caps, min_abs_difference, 8 s limit) run: on the worker pool (now) and,
 * for comparison, on the web thread (before). Target: p95 of the other requests ≤ 50 ms.
 *
 *   npm run bench:solver
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildShiftLp, loadHighs, planShifts, type ShiftPlanInput, type ShiftTemplate } from '../src/lib/server/staffing/shifts.ts';
import { solverPool } from '../src/lib/server/staffing/solverPool.ts';

const P = 48;
function hard(timeLimitS: number): ShiftPlanInput {
	const shifts: ShiftTemplate[] = [];
	for (const [len, label] of [[16, 'ft'], [8, 'pt'], [12, 'mid']] as const) {
		for (let start = 0; start + len <= P; start++) {
			shifts.push({ name: `${label}-${start}`, coverage: Array.from({ length: P }, (_, p) => (p >= start && p < start + len ? 1 : 0)) as (0 | 1)[], cost: len });
		}
	}
	let s = 7;
	const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
	const required = Array.from({ length: 28 }, () => Array.from({ length: P }, (_, p) => Math.round(3 + 20 * Math.sin((Math.PI * p) / P) + 6 * rnd())));
	return { objective: 'min_abs_difference', days: 28, periodsPerDay: P, required, shifts, maxPeriodConcurrency: 24, maxShiftConcurrency: 5, timeLimitS };
}

const server = http.createServer((_req, res) => {
	const body = JSON.stringify({ ok: true, at: Date.now() });
	res.writeHead(200, { 'content-type': 'application/json' }).end(body);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

async function probe(during: Promise<unknown>): Promise<number[]> {
	const lat: number[] = [];
	let done = false;
	void during.finally(() => (done = true));
	const inflight: Promise<void>[] = [];
	while (!done) {
		const t0 = performance.now();
		inflight.push(fetch(url).then(async (r) => void (await r.text(), lat.push(performance.now() - t0))));
		await new Promise((r) => setTimeout(r, 20));
	}
	await Promise.all(inflight);
	return lat.sort((a, b) => a - b);
}
const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;
const LIMIT_S = Number(process.env.SOLVER_LIMIT_S ?? 8);

const pooled = await probe(Promise.all([planShifts(hard(LIMIT_S)).catch((e) => e), planShifts(hard(LIMIT_S)).catch((e) => e)]));
const highs = await loadHighs();
const lp = buildShiftLp(hard(LIMIT_S));
const t0 = performance.now();
highs.solve(lp, { output_flag: false, time_limit: LIMIT_S });
const blockedMs = performance.now() - t0; // no request is even read meanwhile
const p95 = pct(pooled, 0.95);
console.log(`other requests during 2 solves on the worker pool (${solverPool().size} thread(s)): n=${pooled.length} p50 ${pct(pooled, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${pooled.at(-1)!.toFixed(1)} ms  target p95 ≤ 50 ms: ${p95 <= 50 ? 'met' : 'MISSED'}`);
console.log(`(before) one solve on the web thread blocks every request for ${blockedMs.toFixed(0)} ms`);
await solverPool().close();
server.close();
