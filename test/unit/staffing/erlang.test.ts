// Erlang B/C against the published reference cases (kept as data in
// test/fixtures/staffing/erlang_cases.json so the suite is self-contained).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	erlangB,
	erlangBAgents,
	erlangC,
	erlangCAgents,
	erlangCMetrics
} from '../../../src/lib/server/staffing/erlang.ts';
import { erlangInputSchema } from '../../../src/lib/server/staffing/schemas.ts';
import { solveErlang } from '../../../src/lib/server/staffing/solveErlang.ts';

type Case = Record<string, unknown> & { expect: Record<string, number> };
const cases = JSON.parse(
	readFileSync(new URL('./fixtures/erlang_cases.json', import.meta.url), 'utf8')
) as { erlangC: Case[]; erlangB: Case[] };

/** "To the stated decimals": as many as the published figure carries. */
const decimalsOf = (v: number) => (String(v).split('.')[1] ?? '').length;

const fixtureRows = [
	...cases.erlangC.map((c, i) => ['erlangC', i, c] as const),
	...cases.erlangB.map((c, i) => ['erlangB', i, c] as const)
].flatMap(([model, i, c]) =>
	Object.entries(c.expect).map(([field, expected]) => ({ model, i, c, field, expected }))
);

describe('published reference cases', () => {
	it.each(fixtureRows)('$model case $i: $field = $expected', ({ model, c, field, expected }) => {
		const { expect: _expected, note: _note, ...rest } = c;
		const input = erlangInputSchema.parse({ model, ...rest });
		const out = solveErlang(input) as unknown as Record<string, number>;
		if (Number.isInteger(expected)) expect(out[field]).toBe(expected);
		else expect(out[field]).toBeCloseTo(expected, decimalsOf(expected));
	});
});

describe('Erlang B recursion', () => {
	// Small cases by the closed form A^N/N! / Σ A^k/k!, which is exact where it does not overflow.
	const direct = (n: number, a: number) => {
		let term = 1;
		let sum = 1;
		for (let k = 1; k <= n; k++) {
			term *= a / k;
			sum += term;
		}
		return term / sum;
	};
	it.each([
		[1, 1],
		[5, 3],
		[10, 10],
		[17, 10],
		[30, 25.5]
	])('B(%i, %f) matches the closed form', (n, a) => {
		expect(erlangB(n, a)).toBeCloseTo(direct(n, a), 14);
	});

	it.each([
		[200, 180],
		[1000, 950],
		[5000, 4900]
	])('stays finite where A^N/N! overflows (N=%i, A=%i)', (n, a) => {
		const b = erlangB(n, a);
		const c = erlangC(n, a);
		expect(Number.isFinite(b) && b > 0 && b < 1).toBe(true);
		expect(Number.isFinite(c) && c > 0 && c < 1).toBe(true);
	});

	it.each([
		[10, 0.02, 17],
		[14.346, 0.15, 16],
		[0.5, 0.01, 4]
	])('A=%f, blocking ≤ %f needs %i lines', (a, maxBlocking, agents) => {
		const found = erlangBAgents(a, maxBlocking);
		expect(found.agents).toBe(agents);
		expect(found.blocking).toBeLessThanOrEqual(maxBlocking);
		expect(erlangB(agents - 1, a)).toBeGreaterThan(maxBlocking);
	});
});

describe('Erlang C', () => {
	it('N=1000, A=950 gives finite figures', () => {
		const m = erlangCMetrics(1000, 950, 180, 20);
		for (const v of [m.waitProbability, m.serviceLevel, m.asaS!, m.occupancy]) {
			expect(Number.isFinite(v)).toBe(true);
		}
		expect(m.waitProbability).toBeGreaterThan(0);
		expect(m.waitProbability).toBeLessThan(1);
		expect(m.occupancy).toBeCloseTo(0.95, 12);
	});

	it('M/M/1 matches its textbook form (P(wait) = ρ, ASA = ρ·AHT/(1−ρ))', () => {
		const m = erlangCMetrics(1, 0.6, 100, 30);
		expect(m.waitProbability).toBeCloseTo(0.6, 14);
		expect(m.asaS).toBeCloseTo((0.6 * 100) / 0.4, 10);
		expect(m.serviceLevel).toBeCloseTo(1 - 0.6 * Math.exp(-0.4 * 0.3), 14);
		expect(m.immediateAnswer).toBeCloseTo(0.4, 14);
	});

	it.each([
		[10, 10],
		[9, 10],
		[1, 950.5]
	])('N=%i ≤ A=%f is reported unstable with finite figures', (n, a) => {
		const m = erlangCMetrics(n, a, 180, 20);
		expect(m).toEqual({
			unstable: true,
			waitProbability: 1,
			serviceLevel: 0,
			asaS: null,
			occupancy: 1,
			immediateAnswer: 0
		});
	});

	it('searches from floor(A)+1 when A is an integer (no ASA division by zero)', () => {
		const found = erlangCAgents({ trafficErlangs: 10, ahtS: 180, targetAnswerS: 20, targetServiceLevel: 0.01 });
		expect(found.agents).toBe(11);
		expect(Number.isFinite(found.metrics.asaS!)).toBe(true);
	});

	it.each([
		// [A, target SL, ASA target, max occupancy, agents]: each row binds a different limit.
		[10, 0.8, undefined, undefined, 14],
		[10, 0.8, 3, undefined, 16],
		[10, 0.5, undefined, 0.7, 15],
		[20, 0.8, undefined, 0.85, 24]
	])('A=%f, SL %f, ASA ≤ %s, occupancy ≤ %s → %i agents', (a, sl, asa, occ, agents) => {
		const target = { trafficErlangs: a, ahtS: 180, targetAnswerS: 20, targetServiceLevel: sl, targetAsaS: asa, maxOccupancy: occ };
		const found = erlangCAgents(target);
		expect(found.agents).toBe(agents);
		// The answer is the smallest: one agent fewer misses some limit.
		const fewer = erlangCMetrics(agents - 1, a, 180, 20);
		const missesOne =
			fewer.unstable ||
			fewer.serviceLevel < sl ||
			(asa !== undefined && fewer.asaS! > asa) ||
			(occ !== undefined && fewer.occupancy > occ);
		expect(missesOne).toBe(true);
	});

	it('a target of exactly 1 ends (doubles round SL to 1) instead of spinning', () => {
		const found = erlangCAgents({ trafficErlangs: 10, ahtS: 180, targetAnswerS: 20, targetServiceLevel: 1 });
		expect(found.metrics.serviceLevel).toBe(1);
		expect(found.agents).toBeLessThan(200);
	});
});

describe('solveErlang', () => {
	it('evaluates a given N instead of searching, unstable without NaN', () => {
		const out = solveErlang(
			erlangInputSchema.parse({ model: 'erlangC', contacts: 100, intervalS: 1800, ahtS: 180, targetAnswerS: 20, agents: 9 })
		);
		expect(out.unstable).toBe(true);
		expect(out.agents).toBe(9);
		expect(out.asaS).toBeNull();
		expect(JSON.stringify(out)).not.toContain('NaN');
		expect(Object.values(out).every((v) => v === null || typeof v !== 'number' || Number.isFinite(v))).toBe(true);
	});

	it('zero contacts need zero agents', () => {
		const out = solveErlang(
			erlangInputSchema.parse({ model: 'erlangC', contacts: 0, intervalS: 1800, ahtS: 180, targetAnswerS: 20, targetServiceLevel: 0.8 })
		);
		expect(out).toMatchObject({ agents: 0, staffed: 0, serviceLevel: 1, waitProbability: 0, asaS: 0 });
	});

	it('Erlang B reports blocking and the carried-load occupancy', () => {
		const out = solveErlang(erlangInputSchema.parse({ model: 'erlangB', trafficErlangs: 10, agents: 17 }));
		expect(out.blocking).toBeCloseTo(erlangB(17, 10), 15);
		expect(out.occupancy).toBeCloseTo((10 * (1 - out.blocking!)) / 17, 15);
		expect(out.waitProbability).toBe(0);
	});

	it('Erlang A through the API meets its abandonment limit', () => {
		const out = solveErlang(
			erlangInputSchema.parse({
				model: 'erlangA',
				contacts: 100,
				intervalS: 1800,
				ahtS: 180,
				targetAnswerS: 20,
				targetServiceLevel: 0.8,
				patienceS: 120,
				maxAbandonment: 0.01,
				shrinkage: 0.3
			})
		);
		expect(out.abandonment!).toBeLessThanOrEqual(0.01);
		expect(out.serviceLevel).toBeGreaterThanOrEqual(0.8);
		expect(out.staffed).toBe(Math.ceil(out.agents / 0.7 - 1e-9));
	});
});
