/**
 * Erlang B and Erlang C (M/M/N/N and M/M/N) as pure functions.
 *
 * Everything goes through the Erlang B recursion B_k = A·B_{k-1} / (k + A·B_{k-1}):
 * the textbook A^N/N! form overflows long before realistic contact-centre sizes
 * (N=200, A=180 is already NaN in doubles), the recursion stays in [0, 1].
 */

/** Offered load in Erlangs: contacts arriving in the interval times the work each one brings. */
export function trafficErlangs(contacts: number, intervalS: number, ahtS: number): number {
	return (contacts * ahtS) / intervalS;
}

/** Blocking probability of an M/M/N/N loss system. */
export function erlangB(agents: number, trafficErlangs: number): number {
	let blocking = 1;
	for (let k = 1; k <= agents; k++) {
		blocking = (trafficErlangs * blocking) / (k + trafficErlangs * blocking);
	}
	return blocking;
}

/** Advance B(N-1) to B(N) without restarting the recursion (searches walk N upward). */
export function erlangBStep(prevBlocking: number, agents: number, trafficErlangs: number): number {
	return (trafficErlangs * prevBlocking) / (agents + trafficErlangs * prevBlocking);
}

/** Smallest N with blocking ≤ maxBlocking. */
export function erlangBAgents(
	trafficErlangs: number,
	maxBlocking: number,
	maxAgents = defaultAgentCap(trafficErlangs)
): { agents: number; blocking: number; capped: boolean } {
	let blocking = 1;
	for (let n = 1; n <= maxAgents; n++) {
		blocking = erlangBStep(blocking, n, trafficErlangs);
		if (blocking <= maxBlocking) return { agents: n, blocking, capped: false };
	}
	return { agents: maxAgents, blocking, capped: true };
}

export interface ErlangCMetrics {
	/** N ≤ A: the queue grows without bound, every figure below is a limit, not a steady state. */
	unstable: boolean;
	waitProbability: number;
	serviceLevel: number;
	/** null when unstable: the average wait is unbounded. */
	asaS: number | null;
	occupancy: number;
	immediateAnswer: number;
}

/** Erlang C wait probability from the matching Erlang B value (avoids a second recursion). */
export function erlangCFromB(agents: number, trafficErlangs: number, blocking: number): number {
	if (agents <= trafficErlangs) return 1;
	return (agents * blocking) / (agents - trafficErlangs * (1 - blocking));
}

export function erlangC(agents: number, trafficErlangs: number): number {
	return erlangCFromB(agents, trafficErlangs, erlangB(agents, trafficErlangs));
}

export function erlangCMetricsFromB(
	agents: number,
	trafficErlangs: number,
	blocking: number,
	ahtS: number,
	targetAnswerS: number
): ErlangCMetrics {
	if (agents <= trafficErlangs) {
		return {
			unstable: true,
			waitProbability: 1,
			serviceLevel: 0,
			asaS: null,
			occupancy: 1,
			immediateAnswer: 0
		};
	}
	const waitProbability = erlangCFromB(agents, trafficErlangs, blocking);
	const spare = agents - trafficErlangs;
	return {
		unstable: false,
		waitProbability,
		serviceLevel: 1 - waitProbability * Math.exp((-spare * targetAnswerS) / ahtS),
		asaS: (waitProbability * ahtS) / spare,
		occupancy: trafficErlangs / agents,
		immediateAnswer: 1 - waitProbability
	};
}

export function erlangCMetrics(
	agents: number,
	trafficErlangs: number,
	ahtS: number,
	targetAnswerS: number
): ErlangCMetrics {
	return erlangCMetricsFromB(
		agents,
		trafficErlangs,
		erlangB(agents, trafficErlangs),
		ahtS,
		targetAnswerS
	);
}

export interface ErlangCTarget {
	trafficErlangs: number;
	ahtS: number;
	targetAnswerS: number;
	targetServiceLevel: number;
	targetAsaS?: number;
	maxOccupancy?: number;
	maxAgents?: number;
}

/**
 * Smallest N meeting every stated limit. Starts at floor(A)+1: N = A divides ASA by zero
 * and anything below is unstable, so there is nothing to find there.
 */
export function erlangCAgents(
	target: ErlangCTarget
): { agents: number; metrics: ErlangCMetrics; capped: boolean } {
	const { trafficErlangs: a, ahtS, targetAnswerS } = target;
	const maxAgents = target.maxAgents ?? defaultAgentCap(a);
	const start = Math.max(1, Math.floor(a) + 1);
	let blocking = erlangB(start, a);
	let metrics = erlangCMetricsFromB(start, a, blocking, ahtS, targetAnswerS);
	for (let n = start; ; n++) {
		if (n > start) {
			blocking = erlangBStep(blocking, n, a);
			metrics = erlangCMetricsFromB(n, a, blocking, ahtS, targetAnswerS);
		}
		if (meetsCTarget(metrics, target)) return { agents: n, metrics, capped: false };
		if (n >= maxAgents) return { agents: n, metrics, capped: true };
	}
}

function meetsCTarget(m: ErlangCMetrics, t: ErlangCTarget): boolean {
	if (m.unstable) return false;
	if (m.serviceLevel < t.targetServiceLevel) return false;
	if (t.targetAsaS !== undefined && (m.asaS ?? Infinity) > t.targetAsaS) return false;
	if (t.maxOccupancy !== undefined && m.occupancy > t.maxOccupancy) return false;
	return true;
}

/**
 * Where a search gives up. A target of exactly 1 (or a blocking of 1e-300) is only reached
 * when doubles round, which can be far away; a cap keeps a bad request from spinning.
 */
export function defaultAgentCap(trafficErlangs: number): number {
	return Math.ceil(trafficErlangs) + Math.max(1000, Math.ceil(10 * Math.sqrt(trafficErlangs)) * 10);
}
