// Erlang A checked against a second, independent computation: the M/M/N+M birth–death chain
// solved numerically on a truncated state space, and the tagged caller's race (reach an agent
// vs. run out of patience) solved by uniformisation. No figure here is typed in by hand.
import { describe, expect, it } from 'vitest';
import { erlangCMetrics } from '../../../src/lib/server/staffing/erlang.ts';
import { erlangAAgents, erlangAMetrics, type ErlangAParams } from '../../../src/lib/server/staffing/erlangA.ts';

interface Reference {
	waitProbability: number;
	abandonment: number;
	serviceLevel: number;
	asaS: number;
	occupancy: number;
}

function chainReference(p: ErlangAParams): Reference {
	const { agents: n, arrivalRatePerS: lambda, ahtS, patienceS, targetAnswerS } = p;
	const mu = 1 / ahtS;
	const theta = 1 / patienceS;
	const death = (k: number) => Math.min(k, n) * mu + Math.max(k - n, 0) * theta;

	// Stationary law of the truncated chain (cut where the mass is below 1e-18).
	const pi = [1];
	for (let k = 1; ; k++) {
		pi.push((pi[k - 1] * lambda) / death(k));
		if (k > n && pi[k] < 1e-18 * pi.reduce((a, b) => a + b, 0)) break;
	}
	const total = pi.reduce((a, b) => a + b, 0);
	for (let k = 0; k < pi.length; k++) pi[k] /= total;

	let waitProbability = 0;
	let queueMean = 0;
	let busyMean = 0;
	pi.forEach((pk, k) => {
		if (k >= n) waitProbability += pk;
		queueMean += Math.max(k - n, 0) * pk;
		busyMean += Math.min(k, n) * pk;
	});
	// Abandonment rate θ·E[queue] over arrival rate λ; occupancy from busy agents.
	const abandonment = (theta * queueMean) / lambda;

	// Tagged caller with j callers ahead: ahead-queue shrinks at Nμ + jθ, own patience θ.
	// Uniformised discrete chain; h[m][j] = P(answered within m steps).
	const maxAhead = pi.length - n;
	const rate = (j: number) => n * mu + j * theta;
	const uniform = rate(maxAhead) + theta;
	let h = new Float64Array(maxAhead);
	const stepsSum = new Float64Array(maxAhead);
	let steps = 0;
	// Poisson(Λ·T) weights for the within-T probability.
	const lt = uniform * targetAnswerS;
	let logPois = -lt;
	const withinT = new Float64Array(maxAhead);
	let poisMass = 0;
	for (;;) {
		const weight = Math.exp(logPois);
		poisMass += weight;
		for (let j = 0; j < maxAhead; j++) withinT[j] += weight * h[j];
		stepsSum.forEach((_, j) => (stepsSum[j] += h[j]));
		const next = new Float64Array(maxAhead);
		let change = 0;
		for (let j = 0; j < maxAhead; j++) {
			const advance = rate(j) / uniform;
			const stay = 1 - advance - theta / uniform;
			next[j] = advance * (j === 0 ? 1 : h[j - 1]) + stay * h[j];
			change = Math.max(change, next[j] - h[j]);
		}
		h = next;
		steps++;
		logPois += Math.log(lt) - Math.log(steps);
		if (change < 1e-16 && 1 - poisMass < 1e-13) break;
	}
	let answeredInTime = 0;
	let answeredWait = 0;
	let answered = 1 - waitProbability;
	for (let j = 0; j < maxAhead; j++) {
		const arriving = pi[n + j];
		answeredInTime += arriving * withinT[j];
		// E[wait · 1{answered}] = Σ_m (h∞ − h_m) / Λ
		answeredWait += (arriving * (steps * h[j] - stepsSum[j])) / uniform;
		answered += arriving * h[j];
	}
	return {
		waitProbability,
		abandonment,
		serviceLevel: 1 - waitProbability + answeredInTime,
		asaS: answeredWait / answered,
		occupancy: busyMean / n
	};
}

const scenarios = [
	// contacts/interval, intervalS, ahtS, patienceS, targetAnswerS, agents
	[100, 1800, 180, 120, 20, 8],
	[100, 1800, 180, 120, 20, 10],
	[100, 1800, 180, 600, 20, 12],
	[300, 3600, 240, 60, 30, 22],
	[50, 900, 300, 30, 10, 15],
	[400, 1800, 200, 90, 15, 30]
].map(([contacts, intervalS, ahtS, patienceS, targetAnswerS, agents]) => ({
	label: `λ=${contacts}/${intervalS}s AHT ${ahtS}s patience ${patienceS}s N=${agents}`,
	params: { agents, arrivalRatePerS: contacts / intervalS, ahtS, patienceS, targetAnswerS }
}));

describe('Erlang A vs the truncated birth–death chain', () => {
	const fields = ['waitProbability', 'abandonment', 'serviceLevel', 'asaS', 'occupancy'] as const;
	it.each(scenarios)('$label', ({ params }) => {
		const got = erlangAMetrics(params);
		const ref = chainReference(params);
		expect(got.truncated).toBe(false);
		for (const field of fields) {
			const tolerance = field === 'asaS' ? 1e-7 * Math.max(1, ref.asaS) : 1e-9;
			expect(Math.abs(got[field] - ref[field]), field).toBeLessThan(tolerance);
		}
	});
});

describe('Erlang A → Erlang C as patience → ∞', () => {
	const n = 14;
	const a = 10;
	const c = erlangCMetrics(n, a, 180, 20);
	// The gap closes like 1/patience (first order in θ); 1000 s/patience bounds every figure.
	it.each([1e5, 1e6, 1e8, 1e10].map((patienceS) => [patienceS, 1000 / patienceS]))(
		'patience %s s: within %s of Erlang C',
		(patienceS, tolerance) => {
		const m = erlangAMetrics({ agents: n, arrivalRatePerS: a / 180, ahtS: 180, patienceS, targetAnswerS: 20 });
		expect(Math.abs(m.waitProbability - c.waitProbability)).toBeLessThan(tolerance);
		expect(Math.abs(m.serviceLevel - c.serviceLevel)).toBeLessThan(tolerance);
		expect(Math.abs(m.asaS - c.asaS!) / c.asaS!).toBeLessThan(tolerance);
		expect(Math.abs(m.occupancy - c.occupancy)).toBeLessThan(tolerance);
		expect(m.abandonment).toBeLessThan(tolerance);
		}
	);
});

describe('Erlang A at scale and under overload', () => {
	it('N=1000, A=950 is finite', () => {
		const m = erlangAMetrics({ agents: 1000, arrivalRatePerS: 950 / 180, ahtS: 180, patienceS: 300, targetAnswerS: 20 });
		for (const v of Object.values(m)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
		expect(m.truncated).toBe(false);
	});

	it('N < A stays stable: abandonment absorbs the excess', () => {
		const m = erlangAMetrics({ agents: 5, arrivalRatePerS: 100 / 180, ahtS: 180, patienceS: 300, targetAnswerS: 20 });
		// Five agents can answer at most 5 of every 100 offered.
		expect(m.abandonment).toBeCloseTo(0.95, 6);
		expect(m.occupancy).toBeCloseTo(1, 6);
		expect(Number.isFinite(m.asaS)).toBe(true);
	});
});

describe('required agents under Erlang A', () => {
	it.each([
		{ targetServiceLevel: 0.8 },
		{ targetServiceLevel: 0.8, maxAbandonment: 0.005 },
		{ targetServiceLevel: 0.5, maxOccupancy: 0.75 },
		{ targetServiceLevel: 0.9, targetAsaS: 2 }
	])('is the smallest N meeting %o', (limits) => {
		const base = { arrivalRatePerS: 200 / 1800, ahtS: 180, patienceS: 120, targetAnswerS: 20 };
		const found = erlangAAgents({ ...base, ...limits });
		const meets = (n: number) => {
			const m = erlangAMetrics({ ...base, agents: n });
			return (
				m.serviceLevel >= limits.targetServiceLevel &&
				(limits.maxAbandonment === undefined || m.abandonment <= limits.maxAbandonment) &&
				(limits.maxOccupancy === undefined || m.occupancy <= limits.maxOccupancy) &&
				(limits.targetAsaS === undefined || m.asaS <= limits.targetAsaS)
			);
		};
		expect(found.capped).toBe(false);
		expect(meets(found.agents)).toBe(true);
		expect(meets(found.agents - 1)).toBe(false);
	});
});
