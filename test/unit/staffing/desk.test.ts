import { describe, it, expect } from 'vitest';
import { buildDeskRequirement, deskParams, deskQuerySchema, modelOf, queueOpenFlags, type DeskHistory } from '../../../src/lib/server/staffing/desk';
import { DEFAULT_BUSINESS_CALENDAR } from '../../../src/lib/server/sla/policies';
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

	it('adds the channels and grosses up once for shrinkage (separate teams: blend=false)', () => {
		const req = buildDeskRequirement(params({ shrinkagePct: 25, blend: 'false' }), history);
		expect(req.channels.map((c) => c.channel)).toEqual(['phone', 'email']);
		const iv = req.intervals[14 * 2];
		expect(iv.agents).toBe(Math.ceil(iv.byChannel[0] + iv.byChannel[1] - 1e-9));
		// Rule changed (stf2): the unrounded sum is grossed up, then rounded once, not ⌈⌈Σ⌉ ÷ 0.75⌉.
		expect(iv.staffed).toBe(Math.ceil((iv.byChannel[0] + iv.byChannel[1]) / 0.75 - 1e-9));
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
		['groupId', 'nope', 'groupId must be a group id'],
		['queueHours', 'nights', 'queueHours must be one of business, 24x7'],
		['blend', 'yes', 'blend must be true or false']
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

/**
 * Erlang C the textbook way, independent of erlang.ts (which uses the Erlang B recursion):
 * P(wait) = (Aᴺ/N! · N/(N−A)) ÷ (Σₖ₌₀ᴺ⁻¹ Aᵏ/k! + Aᴺ/N! · N/(N−A)), fine for the small N here.
 */
function textbookC(n: number, a: number): number {
	let term = 1;
	let sum = 0;
	for (let k = 0; k < n; k++) {
		sum += term;
		term = (term * a) / (k + 1);
	}
	const top = (term * n) / (n - a);
	return top / (sum + top);
}
function textbookAgents(a: number, ahtS: number, answerS: number, sl: number, occ: number): number {
	for (let n = Math.floor(a) + 1; ; n++) {
		if (a / n <= occ && 1 - textbookC(n, a) * Math.exp((-(n - a) * answerS) / ahtS) >= sl) return n;
	}
}

describe('desk requirement: queue hours and one rounding per interval (stf2)', () => {
	it('the textbook Erlang C agrees with the published example and with erlang.ts', () => {
		// The classic worked example: 100 calls in 30 min at 180 s = 10 Erlangs; 80 % in 20 s needs
		// 14 agents (P(wait) 17.4 %, service level 88.8 %); 13 agents give 79.6 %.
		expect(textbookC(14, 10)).toBeCloseTo(0.1741, 4);
		expect(1 - textbookC(14, 10) * Math.exp((-4 * 20) / 180)).toBeCloseTo(0.8884, 4);
		expect(1 - textbookC(13, 10) * Math.exp((-3 * 20) / 180)).toBeCloseTo(0.7956, 4);
		expect(textbookAgents(10, 180, 20, 0.8, 1)).toBe(14);
		expect(erlangCAgents({ trafficErlangs: 10, ahtS: 180, targetAnswerS: 20, targetServiceLevel: 0.8 }).agents).toBe(14);
		// The loads used below, by hand: 1 Erlang → N=2 gives 68.8 %, N=3 gives 92.0 %; 1/6 Erlang → N=1 gives 84.2 %.
		expect(textbookAgents(1, 300, 20, 0.8, 0.85)).toBe(3);
		expect(textbookAgents(1 / 6, 300, 20, 0.8, 0.85)).toBe(1);
		expect(textbookAgents(1 / 3, 600, 60, 0.8, 0.85)).toBe(2);
	});

	// Monday 2025-03-03: phone 6 touches a slot on weekdays 08–18 UTC and 1 in every other slot;
	// chat 1 touch a slot on weekdays 08–18. Lines open weekdays 08:00–18:00 UTC.
	const phone = Array.from({ length: WEEK30 }, (_, i) => week(6)[i] || 1);
	const chat = week(1);
	const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
	const open = week(1).map((v) => v > 0);
	const h: DeskHistory = {
		channels: [
			{ channel: 'phone', touches: phone, workS: sum(phone) * 300, nTouches: sum(phone) },
			{ channel: 'chat', touches: chat, workS: sum(chat) * 600, nTouches: sum(chat) }
		],
		holidays: new Array(WEEK30).fill(false),
		futureHolidays: new Array(WEEK30).fill(false),
		queueOpen: open
	};
	const at = (day: number, hh: number) => day * 48 + hh * 2;

	it('phone is Erlang C only in its hours; a call at night waits in the list', () => {
		const req = buildDeskRequirement(params({ channels: 'phone', shrinkagePct: 30 }), h);
		expect(req.params.queueHours).toBe('business');
		const ph = req.channels[0];
		// Tuesday 14:00, open (its 4-h window holds no off-hours call): 6 × 300 s / 1800 s = 1 Erlang → 3 agents (textbook), ⌈3 ÷ 0.7⌉ = 5 heads.
		const ten = req.intervals[at(1, 14)];
		expect(ten.queuesOpen).toBe(true);
		expect(ten.byChannel[0]).toBe(textbookAgents(1, 300, 20, 0.8, 0.85));
		expect(ten.staffed).toBe(5);
		expect(ten.trafficErlangs).toBeCloseTo(1, 6);
		// Tuesday 03:00, closed: the last 4 h brought 8 calls × 300 s = 0.667 h of work,
		// ÷ (4 h × 85 %) = 0.196 agents, ÷ 0.7 = 0.28 → 1 head (Erlang 24/7 gave 1 agent → 2 heads).
		const three = req.intervals[at(1, 3)];
		expect(three.queuesOpen).toBe(false);
		expect(three.byChannel[0]).toBeCloseTo((8 * 300) / 3600 / (4 * 0.85), 3);
		expect(three.staffed).toBe(1);
		expect(three.trafficErlangs).toBe(0);
		// 18:00 Tuesday, just closed: only the 18:00 call is list work, no 10:00 queue traffic.
		expect(req.intervals[at(1, 18)].byChannel[0]).toBeCloseTo(300 / 3600 / 3.4, 3);
		// 5 weekdays × 20 open slots; off-hours calls = 5 × 28 + 2 × 48 = 236.
		expect(ph.liveIntervals).toBe(100);
		expect(ph.offHoursTouches).toBe(236);
		expect(req.explain.join(' ')).toMatch(/outside them .* waits in the list/);

		// Round the clock: the same night needs Erlang's whole agent, 2 heads.
		const all = buildDeskRequirement(params({ channels: 'phone', shrinkagePct: 30, queueHours: '24x7' }), { ...h, queueOpen: undefined });
		expect(all.intervals[at(1, 3)].byChannel[0]).toBe(textbookAgents(1 / 6, 300, 20, 0.8, 0.85));
		expect(all.intervals[at(1, 3)].staffed).toBe(2);
		expect(all.channels[0].offHoursTouches).toBe(0);
		expect(all.totals.staffedHours).toBeGreaterThan(req.totals.staffedHours);
	});

	it('a chat slot is 1 ÷ concurrency of an agent, rounded with the other channels once', () => {
		const req = buildDeskRequirement(params({ shrinkagePct: 30, chatConcurrency: 4 }), h);
		const ten = req.intervals[at(1, 14)];
		// chat: 1 × 600 s / 1800 s = 1/3 Erlang → 2 slots (textbook, 60 s target) ÷ 4 = 0.5 agent.
		expect(ten.byChannel[1]).toBe(textbookAgents(1 / 3, 600, 60, 0.8, 0.85) / 4);
		// phone 3 + chat 0.5 = 3.5 productive → ⌈3.5 ÷ 0.7⌉ = 5 heads; rounding each first gave ⌈4 ÷ 0.7⌉ = 6.
		expect(ten.agents).toBe(4);
		expect(ten.staffed).toBe(5);
		expect(req.explain.join(' ')).toMatch(/rounded once/);
	});

	it('queue hours come from the SLA calendar, read on its wall clock', () => {
		// Default business calendar: Mon–Fri 08:00–18:00 Europe/Paris = 07:00–17:00 UTC in March (CET).
		const tue = Date.UTC(2025, 2, 4);
		const f = queueOpenFlags(tue, 48, 30, DEFAULT_BUSINESS_CALENDAR);
		expect(f.flatMap((v, i) => (v ? [i] : []))).toEqual(Array.from({ length: 20 }, (_, k) => 14 + k));
		expect(queueOpenFlags(Date.UTC(2025, 2, 8), 48, 30, DEFAULT_BUSINESS_CALENDAR).some(Boolean)).toBe(false); // Saturday
		expect(queueOpenFlags(tue, 3, 60, undefined)).toEqual([true, true, true]);
	});

	it('blended (default): queue agents work the list between contacts, up to the occupancy cap', () => {
		// Tuesday 14:00 of the first history, every channel open: phone 1 Erlang → 3 agents (textbook);
		// email 8 × 10 × 600 s in the 4-h window = 13.33 h ÷ 3.4 h = 3.922 agents = 3.333 busy.
		const at14 = 1 * 48 + 28;
		const ph6 = week(6);
		const em10 = week(10);
		const history: DeskHistory = {
			channels: [
				{ channel: 'phone', touches: ph6, workS: sum(ph6) * 300, nTouches: sum(ph6) },
				{ channel: 'email', touches: em10, workS: sum(em10) * 600, nTouches: sum(em10) }
			],
			holidays: new Array(WEEK30).fill(false),
			futureHolidays: new Array(WEEK30).fill(false)
		};
		const blended = buildDeskRequirement(params({ shrinkagePct: 25 }), history);
		const separate = buildDeskRequirement(params({ shrinkagePct: 25, blend: 'false' }), history);
		expect(blended.params.blend).toBe(true);
		const iv = blended.intervals[at14];
		expect(iv.byChannel[0]).toBe(textbookAgents(1, 300, 20, 0.8, 0.85));
		expect(iv.byChannel[1]).toBeCloseTo(13.3333 / 3.4, 3);
		// max(3 on the queue, (1 + 3.333) busy ÷ 0.85 = 5.098) = 5.098 → ⌈5.098 ÷ 0.75⌉ = 7 heads;
		// separate teams: 3 + 3.922 = 6.922 → ⌈9.23⌉ = 10 heads.
		expect(iv.agents).toBe(6);
		expect(iv.staffed).toBe(7);
		expect(separate.intervals[at14].staffed).toBe(10);
		// With no list work the queue's Erlang agents stand: never fewer than Erlang C asks for.
		const phoneOnly = buildDeskRequirement(params({ channels: 'phone', shrinkagePct: 0 }), history);
		expect(phoneOnly.intervals[at14].agents).toBe(3);
		expect(blended.explain.join(' ')).toMatch(/between contacts/);
	});
});
