import { describe, expect, it } from 'vitest';
import { erlangCAgents } from '../../../src/lib/server/staffing/erlang.ts';
import { backlogAgents, chatAgents, headsWithShrinkage, safeCeil, staffedWithShrinkage } from '../../../src/lib/server/staffing/workload.ts';

describe('shrinkage', () => {
	it.each([
		// [agents, shrinkage, staffed]
		[21, 0.3, 30], // 21/0.7 is 30.000000000000004 in doubles
		[14, 0.3, 20],
		[17, 0.3, 25],
		[10, 0, 10],
		[7, 0.125, 8],
		[42, 0.3, 60], // 60.00000000000001
		[3, 0.35, 5],
		[0, 0.3, 0]
	])('%i agents at %f shrinkage → %i staffed', (agents, shrinkage, staffed) => {
		expect(staffedWithShrinkage(agents, shrinkage)).toBe(staffed);
	});

	it('still rounds a real fraction up', () => {
		expect(safeCeil(30.001)).toBe(31);
		expect(safeCeil(29.9999)).toBe(30);
	});
});

describe('chat', () => {
	it.each([
		[1, 1],
		[2, 0.5],
		[3, 1 / 3]
	])('concurrency %i sizes slots with Erlang C and divides', (concurrency) => {
		const input = { contacts: 120, intervalS: 1800, ahtS: 600, concurrency, targetAnswerS: 60, targetServiceLevel: 0.8 };
		const result = chatAgents(input);
		const slots = erlangCAgents({ trafficErlangs: 40, ahtS: 600, targetAnswerS: 60, targetServiceLevel: 0.8 }).agents;
		expect(result.slots).toBe(slots);
		expect(result.agents).toBe(Math.ceil(slots / concurrency));
		expect(result.occupancy).toBeLessThanOrEqual(1);
	});
});

describe('email and portal backlog', () => {
	it.each([
		// [items, ahtS, windowS, productiveShare, agents]
		[120, 300, 8 * 3600, 0.85, 2], // 10 h of work ÷ 6.8 productive h
		[96, 600, 8 * 3600, 1, 2], // exactly 16 h ÷ 8 h
		[0, 600, 3600, 0.85, 0],
		[21, 3600, 3600, 0.7, 30] // 21 h ÷ 0.7 h is 30.000000000000004 in doubles
	])('%i items × %i s in %i s at %f productive → %i agents', (items, ahtS, windowS, productiveShare, agents) => {
		expect(backlogAgents({ items, ahtS, windowS, productiveShare }).agents).toBe(agents);
	});
});

describe('headsWithShrinkage: one rounding, after the gross-up (stf2)', () => {
	it('rounds the unrounded workload once', () => {
		// 2.1 productive agents at 30 % shrinkage: 2.1 ÷ 0.7 = 3 heads; rounding first gave ⌈3 ÷ 0.7⌉ = 5.
		expect(headsWithShrinkage(2.1, 0.3)).toBe(3);
		expect(staffedWithShrinkage(safeCeil(2.1), 0.3)).toBe(5);
		expect(headsWithShrinkage(0.196, 0.3)).toBe(1);
		expect(headsWithShrinkage(21, 0.3)).toBe(30); // 30.000000000000004 is 30
		expect(headsWithShrinkage(0, 0.3)).toBe(0);
		expect(headsWithShrinkage(1e-13, 0.3)).toBe(0);
		expect(headsWithShrinkage(3.5, 0)).toBe(4);
	});
});
