/**
 * Erlang A: the Palm / Garnett–Mandelbaum–Reiman M/M/N+M queue (exponential patience).
 *
 * With λ arrivals/s, μ = 1/AHT, θ = 1/patience, x = Nμ/θ and y = λ/θ, the stationary
 * probabilities above N agents are π_{N+j} = π_N·w_j with w_j = y^j / Π_{i=1..j}(x+i).
 * A caller who finds j others queued ahead is answered with probability x/(x+j+1) and,
 * if answered, after an expected Σ_{i=0..j} 1/(θ(x+i+1)). The service level uses the
 * closed form of the offered-wait law, P(V > t | wait) = γ(x, y·e^{-θt}) / γ(x, y),
 * written with the same series J(a, z) = Σ_k z^k / Π_{i=1..k}(a+i) so that it stays in
 * log space (y reaches the thousands: e^y overflows).
 *
 * Service level here is "answered within T ÷ offered": a contact that abandons counts as
 * missed even when it hung up before T. That is the strict reading and it converges to
 * Erlang C as patience → ∞.
 */
import { erlangB } from './erlang';

export interface ErlangAParams {
	agents: number;
	/** arrivals per second */
	arrivalRatePerS: number;
	ahtS: number;
	patienceS: number;
	targetAnswerS: number;
}

export interface ErlangAMetrics {
	waitProbability: number;
	abandonment: number;
	serviceLevel: number;
	/** mean wait of answered contacts, the ones answered at once included */
	asaS: number;
	occupancy: number;
	/** true when the series hit its iteration cap: figures are then approximate */
	truncated: boolean;
}

// Enough terms for y in the millions (patience of days at thousands of contacts an hour);
// beyond that the model is not describing a real queue anyway.
const MAX_TERMS = 5_000_000;
// Relative size below which further terms cannot change a double.
const TAIL_EPS = 1e-17;

/** log Σ_k z^k / Π_{i=1..k}(a+i), summed with rescaling so neither overflow nor underflow bites. */
export function logSeriesJ(a: number, z: number): { logJ: number; truncated: boolean } {
	if (z <= 0) return { logJ: 0, truncated: false };
	const logZ = Math.log(z);
	let logTerm = 0;
	let scale = 0;
	let sum = 1;
	for (let k = 1; k <= MAX_TERMS; k++) {
		logTerm += logZ - Math.log(a + k);
		if (logTerm > scale) {
			sum = sum * Math.exp(scale - logTerm) + 1;
			scale = logTerm;
		} else {
			const rel = Math.exp(logTerm - scale);
			sum += rel;
			// Terms fall once k > z − a and then faster than geometrically.
			if (k > z - a && rel < TAIL_EPS * sum) return { logJ: scale + Math.log(sum), truncated: false };
		}
	}
	return { logJ: scale + Math.log(sum), truncated: true };
}

interface QueueSums {
	logJ: number;
	servedGivenWait: number;
	abandonGivenWait: number;
	/** E[wait · 1{answered} | wait], seconds */
	answeredWaitGivenWaitS: number;
	truncated: boolean;
}

/** One pass over the queue states collecting every conditional quantity at once. */
function queueSums(x: number, y: number, patienceS: number): QueueSums {
	const logY = Math.log(y);
	let logW = 0;
	let scale = 0;
	let sumW = 0;
	let sumServed = 0;
	let sumAbandon = 0;
	let sumAnsweredWait = 0;
	let harmonic = 0;
	let truncated = true;
	for (let j = 0; j < MAX_TERMS; j++) {
		if (j > 0) logW += logY - Math.log(x + j);
		if (logW > scale) {
			const f = Math.exp(scale - logW);
			sumW *= f;
			sumServed *= f;
			sumAbandon *= f;
			sumAnsweredWait *= f;
			scale = logW;
		}
		const w = Math.exp(logW - scale);
		harmonic += 1 / (x + j + 1);
		const served = x / (x + j + 1);
		sumW += w;
		sumServed += w * served;
		sumAbandon += (w * (j + 1)) / (x + j + 1);
		sumAnsweredWait += w * served * harmonic;
		if (j > y - x && w < TAIL_EPS * sumW) {
			truncated = false;
			break;
		}
	}
	return {
		logJ: scale + Math.log(sumW),
		servedGivenWait: sumServed / sumW,
		abandonGivenWait: sumAbandon / sumW,
		answeredWaitGivenWaitS: (patienceS * sumAnsweredWait) / sumW,
		truncated
	};
}

export function erlangAMetrics(p: ErlangAParams): ErlangAMetrics {
	const { agents: n, arrivalRatePerS: lambda, ahtS, patienceS, targetAnswerS } = p;
	const traffic = lambda * ahtS;
	if (lambda <= 0) {
		return { waitProbability: 0, abandonment: 0, serviceLevel: 1, asaS: 0, occupancy: 0, truncated: false };
	}
	const x = (n * patienceS) / ahtS;
	const y = lambda * patienceS;
	const q = queueSums(x, y, patienceS);

	// π below N relative to π_N is 1/E − 1 with E the Erlang B value of the loss system.
	const blocking = erlangB(n, traffic);
	const waitProbability =
		blocking <= 0 ? 0 : 1 / (1 + Math.exp(Math.log1p(-blocking) - Math.log(blocking) - q.logJ));

	const thetaT = targetAnswerS / patienceS;
	const shrunk = y * Math.exp(-thetaT);
	const tail = logSeriesJ(x + 1, shrunk);
	const lateAnsweredGivenWait =
		(x / (x + 1)) * Math.exp(-(x + 1) * thetaT + y * -Math.expm1(-thetaT) + tail.logJ - q.logJ);
	const answeredInTimeGivenWait = Math.max(0, q.servedGivenWait - lateAnsweredGivenWait);

	const abandonment = waitProbability * q.abandonGivenWait;
	const answered = 1 - abandonment;
	return {
		waitProbability,
		abandonment,
		serviceLevel: 1 - waitProbability + waitProbability * answeredInTimeGivenWait,
		asaS: answered > 0 ? (waitProbability * q.answeredWaitGivenWaitS) / answered : 0,
		occupancy: Math.min(1, (traffic * answered) / n),
		truncated: q.truncated || tail.truncated
	};
}

export interface ErlangATarget {
	arrivalRatePerS: number;
	ahtS: number;
	patienceS: number;
	targetAnswerS: number;
	targetServiceLevel: number;
	targetAsaS?: number;
	maxOccupancy?: number;
	maxAbandonment?: number;
	maxAgents?: number;
}

function meetsATarget(m: ErlangAMetrics, t: ErlangATarget): boolean {
	if (m.serviceLevel < t.targetServiceLevel) return false;
	if (t.targetAsaS !== undefined && m.asaS > t.targetAsaS) return false;
	if (t.maxOccupancy !== undefined && m.occupancy > t.maxOccupancy) return false;
	if (t.maxAbandonment !== undefined && m.abandonment > t.maxAbandonment) return false;
	return true;
}

/**
 * Smallest N meeting every limit. Abandonment keeps the queue stable at any N, so the search
 * cannot start at A as in Erlang C; every metric is monotone in N, so double then bisect
 * (a few dozen evaluations instead of one per agent at N ≈ 1000).
 */
export function erlangAAgents(
	t: ErlangATarget
): { agents: number; metrics: ErlangAMetrics; capped: boolean } {
	const maxAgents = t.maxAgents ?? Math.ceil(t.arrivalRatePerS * t.ahtS) + 1000;
	const evalAt = (n: number) =>
		erlangAMetrics({
			agents: n,
			arrivalRatePerS: t.arrivalRatePerS,
			ahtS: t.ahtS,
			patienceS: t.patienceS,
			targetAnswerS: t.targetAnswerS
		});
	let lo = 0;
	let hi = Math.max(1, Math.ceil(t.arrivalRatePerS * t.ahtS));
	let hiMetrics = evalAt(hi);
	while (!meetsATarget(hiMetrics, t)) {
		if (hi >= maxAgents) return { agents: hi, metrics: hiMetrics, capped: true };
		lo = hi;
		hi = Math.min(maxAgents, hi * 2);
		hiMetrics = evalAt(hi);
	}
	while (hi - lo > 1) {
		const mid = Math.floor((lo + hi) / 2);
		const m = evalAt(mid);
		if (meetsATarget(m, t)) {
			hi = mid;
			hiMetrics = m;
		} else lo = mid;
	}
	return { agents: hi, metrics: hiMetrics, capped: false };
}
