/**
 * The one verb behind the Erlang endpoint: validated input in, staffing figures out.
 * With `agents` given it evaluates that headcount; otherwise it searches the smallest one.
 */
import type { ErlangInput } from './schemas';
import {
	erlangB,
	erlangBAgents,
	erlangCAgents,
	erlangCMetrics,
	trafficErlangs as offeredLoad
} from './erlang';
import { erlangAAgents, erlangAMetrics } from './erlangA';
import { staffedWithShrinkage } from './workload';

export interface ErlangOutput {
	model: ErlangInput['model'];
	trafficErlangs: number;
	agents: number;
	staffed: number;
	serviceLevel: number;
	waitProbability: number;
	/** null only when unstable (the wait grows without bound) */
	asaS: number | null;
	occupancy: number;
	abandonment?: number;
	blocking?: number;
	/** N ≤ A in Erlang C: the figures are the limits, not a steady state */
	unstable?: true;
	/** the search stopped at its cap without meeting the target */
	capped?: true;
}

function loadOf(input: ErlangInput): number {
	if (input.trafficErlangs !== undefined) return input.trafficErlangs;
	// The schema guarantees the three volume fields when trafficErlangs is absent.
	return offeredLoad(input.contacts!, input.intervalS!, input.ahtS!);
}

export function solveErlang(input: ErlangInput): ErlangOutput {
	const load = loadOf(input);
	const shrinkage = input.shrinkage ?? 0;
	const base = { model: input.model, trafficErlangs: load };

	if (input.model === 'erlangB') {
		const found =
			input.agents !== undefined
				? { agents: input.agents, blocking: erlangB(input.agents, load), capped: false }
				: load === 0
					? { agents: 0, blocking: 0, capped: false }
					: erlangBAgents(load, input.maxBlocking!);
		return {
			...base,
			agents: found.agents,
			staffed: staffedWithShrinkage(found.agents, shrinkage),
			// A loss system has no queue: a call is either answered at once or refused.
			serviceLevel: 1 - found.blocking,
			waitProbability: 0,
			asaS: 0,
			occupancy: found.agents > 0 ? (load * (1 - found.blocking)) / found.agents : 0,
			blocking: found.blocking,
			...(found.capped ? { capped: true as const } : {})
		};
	}

	const ahtS = input.ahtS!;
	const targetAnswerS = input.targetAnswerS!;

	if (load === 0 && input.agents === undefined) {
		return {
			...base,
			agents: 0,
			staffed: 0,
			serviceLevel: 1,
			waitProbability: 0,
			asaS: 0,
			occupancy: 0,
			...(input.model === 'erlangA' ? { abandonment: 0 } : {})
		};
	}

	if (input.model === 'erlangA') {
		const arrivalRatePerS = load / ahtS;
		const patienceS = input.patienceS!;
		const found =
			input.agents !== undefined
				? {
						agents: input.agents,
						metrics: erlangAMetrics({ agents: input.agents, arrivalRatePerS, ahtS, patienceS, targetAnswerS }),
						capped: false
					}
				: erlangAAgents({
						arrivalRatePerS,
						ahtS,
						patienceS,
						targetAnswerS,
						targetServiceLevel: input.targetServiceLevel!,
						targetAsaS: input.targetAsaS,
						maxOccupancy: input.maxOccupancy,
						maxAbandonment: input.maxAbandonment
					});
		const m = found.metrics;
		return {
			...base,
			agents: found.agents,
			staffed: staffedWithShrinkage(found.agents, shrinkage),
			serviceLevel: m.serviceLevel,
			waitProbability: m.waitProbability,
			asaS: m.asaS,
			occupancy: m.occupancy,
			abandonment: m.abandonment,
			...(found.capped ? { capped: true as const } : {})
		};
	}

	const found =
		input.agents !== undefined
			? { agents: input.agents, metrics: erlangCMetrics(input.agents, load, ahtS, targetAnswerS), capped: false }
			: erlangCAgents({
					trafficErlangs: load,
					ahtS,
					targetAnswerS,
					targetServiceLevel: input.targetServiceLevel!,
					targetAsaS: input.targetAsaS,
					maxOccupancy: input.maxOccupancy
				});
	const m = found.metrics;
	return {
		...base,
		agents: found.agents,
		staffed: staffedWithShrinkage(found.agents, shrinkage),
		serviceLevel: m.serviceLevel,
		waitProbability: m.waitProbability,
		asaS: m.asaS,
		occupancy: m.occupancy,
		...(m.unstable ? { unstable: true as const } : {}),
		...(found.capped ? { capped: true as const } : {})
	};
}
