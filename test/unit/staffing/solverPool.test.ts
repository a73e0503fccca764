// Issue 18 (K1, medium 3): HiGHS runs on worker threads, never on the web thread; a full queue is
// 429, a time-limited solve without a solution is a clear 503 with the best bound, never a 500.
import { afterAll, describe, expect, it } from 'vitest';
import { planShifts, type ShiftPlanInput, type ShiftTemplate } from '../../../src/lib/server/staffing/shifts.ts';
import { SolverPool, solverPool } from '../../../src/lib/server/staffing/solverPool.ts';
import { buildShiftLp } from '../../../src/lib/server/staffing/shifts.ts';

const P = 48;
function templates(): ShiftTemplate[] {
	const out: ShiftTemplate[] = [];
	for (const [len, label] of [[16, 'ft'], [8, 'pt'], [12, 'mid']] as const) {
		for (let start = 0; start + len <= P; start += 1) {
			out.push({ name: `${label}-${start}`, coverage: Array.from({ length: P }, (_, p) => (p >= start && p < start + len ? 1 : 0)) as (0 | 1)[], cost: len * (label === 'pt' ? 1.1 : 1) + (start % 3) * 0.01 });
		}
	}
	return out;
}
/** A plan HiGHS does not finish in a few seconds: many days, ragged requirements, seat caps. */
function hard(days: number, timeLimitS: number): ShiftPlanInput {
	let s = 7;
	const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
	const required = Array.from({ length: days }, () => Array.from({ length: P }, (_, p) => Math.round(3 + 20 * Math.sin((Math.PI * p) / P) + 6 * rnd())));
	return { objective: 'min_abs_difference', days, periodsPerDay: P, required, shifts: templates(), maxPeriodConcurrency: 24, maxShiftConcurrency: 5, timeLimitS };
}

describe('shift solver pool', () => {
	const pools: SolverPool[] = [];
	afterAll(async () => {
		await Promise.all(pools.map((p) => p.close()));
		await solverPool().close();
	});

	it('solves on a worker: the web thread stays idle (event-loop utilisation < 25 %) during a 3 s solve', async () => {
		// Utilisation, not timer lag: six agents share two cores here, so lag measures the machine.
		const elu0 = performance.eventLoopUtilization();
		const t0 = performance.now();
		// A plan, or (this machine is shared) a 503 for no plan within the limit: never the thread.
		const r = await planShifts(hard(28, 3)).catch((e) => e);
		const elu = performance.eventLoopUtilization(elu0);
		expect(r instanceof Error ? (r as { code: string }).code : r.status).toMatch(/^(optimal|feasible|UNAVAILABLE)$/);
		expect(performance.now() - t0).toBeGreaterThan(500); // it did work for a while…
		expect(elu.utilization).toBeLessThan(0.25); // …and the thread was free all along (on it: 1.0)
	}, 60_000);

	it('answers 429 with Retry-After when every worker is busy and the queue is full', async () => {
		const pool = new SolverPool({ size: 1, queueMax: 1 });
		pools.push(pool);
		const lp = buildShiftLp(hard(28, 2));
		const a = pool.solve(lp, { output_flag: false, time_limit: 2 });
		const b = pool.solve(lp, { output_flag: false, time_limit: 2 });
		await expect(pool.solve(lp, { output_flag: false, time_limit: 2 })).rejects.toMatchObject({ code: 'RATE_LIMITED', headers: { 'retry-after': '10' } });
		await Promise.all([a, b]);
		await expect(pool.solve(lp, { output_flag: false, time_limit: 1 })).resolves.toMatchObject({ solution: expect.any(Object) });
	}, 60_000);

	it('a time-limited solve without a solution is a 503 naming the best bound, not a 500', async () => {
		const err = await planShifts(hard(7, 0.001)).catch((e) => e);
		expect(err).toMatchObject({ name: 'DomainError', code: 'UNAVAILABLE', field: 'timeLimitS' });
		expect(err.message, err.message).toMatch(/No shift plan found within the 0.001 s time limit; best bound [\d.]+ \(LP relaxation\)/);
	}, 60_000);
});
