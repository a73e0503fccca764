/**
 * Shrinkage and the non-voice channels: chat (concurrent sessions) and deferred work
 * (email, portal tickets) that is staffed by hours of work, not by a queueing model.
 */
import { erlangCAgents, trafficErlangs } from './erlang';

// Quotients like 21/(1−0.3) land a few ulps above the integer (30.000000000000004);
// anything this close to an integer is that integer, a real fraction of an agent is far bigger.
const INTEGER_SNAP = 1e-9;

/** ceil that does not turn 30.000000000000004 into 31. */
export function safeCeil(value: number): number {
	const nearest = Math.round(value);
	if (Math.abs(value - nearest) <= INTEGER_SNAP * Math.max(1, Math.abs(value))) return nearest;
	return Math.ceil(value);
}

/**
 * Whole heads to schedule for `productive` agents' worth of work (fractional, summed over the
 * channels) after shrinkage s (0 ≤ s < 1): one rounding, after the gross-up. ⌈2.1 ÷ 0.7⌉ = 3,
 * where rounding first gives ⌈⌈2.1⌉ ÷ 0.7⌉ = ⌈4.29⌉ = 5.
 */
export function headsWithShrinkage(productive: number, shrinkage = 0): number {
	if (!(productive > 0)) return 0;
	return safeCeil(shrinkage > 0 ? productive / (1 - shrinkage) : productive);
}

/** Heads to schedule so that `agents` are productive after shrinkage s (0 ≤ s < 1). */
export function staffedWithShrinkage(agents: number, shrinkage = 0): number {
	if (shrinkage <= 0) return agents;
	return safeCeil(agents / (1 - shrinkage));
}

export interface ChatInput {
	contacts: number;
	intervalS: number;
	/** handle time of one chat as the agent experiences it while juggling `concurrency` chats */
	ahtS: number;
	concurrency: number;
	targetAnswerS: number;
	targetServiceLevel: number;
	maxOccupancy?: number;
}

/**
 * Treats every agent as `concurrency` independent chat slots, sizes the slots with Erlang C
 * and rounds up to whole agents. The slot view is the usual approximation; it is optimistic
 * only when the handle time is measured single-threaded, hence the AHT definition above.
 */
export function chatAgents(input: ChatInput): { slots: number; agents: number; occupancy: number } {
	const load = trafficErlangs(input.contacts, input.intervalS, input.ahtS);
	const { agents: slots } = erlangCAgents({
		trafficErlangs: load,
		ahtS: input.ahtS,
		targetAnswerS: input.targetAnswerS,
		targetServiceLevel: input.targetServiceLevel,
		maxOccupancy: input.maxOccupancy
	});
	const agents = safeCeil(slots / input.concurrency);
	return { slots, agents, occupancy: agents > 0 ? load / (agents * input.concurrency) : 0 };
}

export interface BacklogInput {
	/** items that must be worked within the window (arrivals plus carried backlog) */
	items: number;
	ahtS: number;
	/** the time allowed to clear them, e.g. the response-time target or the shift */
	windowS: number;
	/** share of an agent's time in the window that is hands-on work (default 0.85) */
	productiveShare?: number;
}

/** Email and portal work waits in a list, so hours of work ÷ productive hours is the whole model. */
export function backlogAgents(input: BacklogInput): { workHours: number; productiveHoursPerAgent: number; agents: number } {
	const workHours = (input.items * input.ahtS) / 3600;
	const productiveHoursPerAgent = (input.windowS / 3600) * (input.productiveShare ?? 0.85);
	return {
		workHours,
		productiveHoursPerAgent,
		agents: workHours <= 0 ? 0 : safeCeil(workHours / productiveHoursPerAgent)
	};
}
