import { describe, it, expect } from 'vitest';
import { buildDeskRequirement, deskParams, deskQuerySchema, modelOf, type DeskHistory } from '../../../src/lib/server/staffing/desk';
import { parseStaffing } from '../../../src/lib/server/staffing/calculate';
import { erlangCAgents } from '../../../src/lib/server/staffing/erlang';

const WEEK30 = 7 * 48;
/** One week of history at 30 minutes: `perSlot` touches in every weekday slot 08:00–18:00 UTC. */
function week(perSlot: number): number[] {
	return Array.from({ length: WEEK30 }, (_, i) => {
		const day = Math.floor(i / 48); // history starts on a Monday
		const hh = (i % 48) / 2;
		return day < 5 && hh >= 8 && hh < 18 ? perSlot : 0;
	});
}
const params = (q: Record<string, unknown>) => deskParams(parseStaffing(deskQuerySchema, { start: '2025-03-03', historyWeeks: 1, method: 'seasonalNaive', ...q }));

describe('desk requirement: touches per channel, Erlang C for queues, workload for lists', () => {
	const history: DeskHistory = {
		channels: [
			{ channel: 'phone', touches: week(6), workS: 0, nTouches: 0 },
			{ channel: 'email', touches: week(10), workS: 0, nTouches: 0 }
		],
		holidays: new Array(WEEK30).fill(false),
		futureHolidays: new Array(WEEK30).fill(false)
	};
	// AHT = agent time per touch: phone 300 s, email 600 s.
	history.channels[0].nTouches = history.channels[0].touches.reduce((a, b) => a + b, 0);
	history.channels[0].workS = history.channels[0].nTouches * 300;
	history.channels[1].nTouches = history.channels[1].touches.reduce((a, b) => a + b, 0);
	history.channels[1].workS = history.channels[1].nTouches * 600;

	it('uses Erlang C only for phone and chat', () => {
		expect(['phone', 'chat', 'email', 'portal', 'api', 'monitoring'].map((c) => modelOf(c as never))).toEqual(['erlangC', 'erlangC', 'workload', 'workload', 'workload', 'workload']);
	});

	it('phone heads equal Erlang C on touches × agent time per touch', () => {
		const req = buildDeskRequirement(params({ channels: 'phone', shrinkagePct: 0 }), history);
		expect(req.channels[0]).toMatchObject({ channel: 'phone', model: 'erlangC', ahtS: 300, ahtSource: 'measured' });
		const at10 = req.intervals[10 * 2];
		const expected = erlangCAgents({ trafficErlangs: 1, ahtS: 300, targetAnswerS: 20, targetServiceLevel: 0.8, maxOccupancy: 0.85 }).agents;
		expect(at10.agents).toBe(expected);
		expect(req.intervals[3 * 2].agents).toBe(0);
	});

	it('email heads equal an independent workload computation over the response window', () => {
		const req = buildDeskRequirement(params({ channels: 'email', shrinkagePct: 30, responseTargetH: 4, maxOccupancyPct: 85 }), history);
		// Steady state inside the day: 8 intervals × 10 touches × 600 s = 13.33 h of work per 4 h,
		// at 85 % productive → 3.92 agents → 4, ÷ 0.7 shrinkage → 6 heads.
		const noon = req.intervals[14 * 2];
		expect(req.channels[0].model).toBe('workload');
		expect(noon.byChannel[0]).toBeCloseTo((8 * 10 * 600) / 3600 / (4 * 0.85), 3);
		expect(noon.agents).toBe(4);
		expect(noon.staffed).toBe(6);
		// The moving window: work keeps needing hands until 4 h after the last arrival.
		expect(req.intervals[21 * 2].agents).toBeGreaterThan(0); // last arrivals 17:30, window to 21:30
		expect(req.intervals[21 * 2 + 1].agents).toBe(0);
		// Total work is conserved: Σ agents × interval × occupancy = work hours.
		const agentHours = req.channels[0].agents.reduce((a, b) => a + b, 0) * 0.5;
		expect(agentHours * 0.85).toBeCloseTo(req.channels[0].workHours, 1); // agents are rounded to 3 decimals
		expect(req.channels[0].workHours).toBeCloseTo((5 * 20 * 10 * 600) / 3600, 2);
	});

	it('adds the channels and grosses up once for shrinkage', () => {
		const req = buildDeskRequirement(params({ shrinkagePct: 25 }), history);
		expect(req.channels.map((c) => c.channel)).toEqual(['phone', 'email']);
		const iv = req.intervals[14 * 2];
		expect(iv.agents).toBe(Math.ceil(iv.byChannel[0] + iv.byChannel[1] - 1e-9));
		expect(iv.staffed).toBe(Math.ceil(iv.agents / 0.75 - 1e-9));
		expect(req.required[0][28]).toBe(iv.staffed);
		expect(req.totals.peakStaffed).toBe(Math.max(...req.intervals.map((x) => x.staffed)));
		expect(req.explain.join(' ')).toMatch(/Erlang C/);
		expect(req.explain.join(' ')).toMatch(/25 % shrinkage/);
	});

	it('an unknown channel with no history gets the default handling time and no demand', () => {
		const req = buildDeskRequirement(params({ channels: 'chat' }), history);
		expect(req.channels[0]).toMatchObject({ channel: 'chat', ahtSource: 'default', touches: 0 });
		expect(req.totals.peakStaffed).toBe(0);
	});

	it.each([
		['shrinkagePct', '99', 'shrinkagePct must be from 0 to 60 %'],
		['shrinkagePct', '-1', 'shrinkagePct must be from 0 to 60 %'],
		['serviceLevelPct', '0', 'serviceLevelPct must be from 1 to 99 %'],
		['serviceLevelPct', '100', 'serviceLevelPct must be from 1 to 99 %'],
		['serviceLevelPct', 'abc', 'serviceLevelPct must be from 1 to 99 %'],
		['responseTargetH', '0.1', 'responseTargetH must be from 0.5 to 72 h'],
		['chatConcurrency', '1.5', 'chatConcurrency must be a whole number from 1 to 4 chats'],
		['channels', 'phone,fax', 'channels must be among portal, email, phone, chat, api, monitoring'],
		['groupId', 'nope', 'groupId must be a group id']
	])('refuses %s=%s in page units', (field, value, message) => {
		let err: unknown;
		try {
			parseStaffing(deskQuerySchema, { [field]: value });
		} catch (e) {
			err = e;
		}
		expect(err).toMatchObject({ code: 'INVALID', field: expect.stringContaining(field), message: expect.stringContaining(message) });
	});
});
