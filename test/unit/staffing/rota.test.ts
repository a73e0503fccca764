import { describe, it, expect } from 'vitest';
import { assignShifts, isoWeekday, rotaShifts, type RosterAgent, type ShiftCount, type RotaWeek } from '../../../src/lib/server/staffing/rota';
import { shiftTemplates } from '../../../src/lib/staffing/shiftTemplates';

const G = 'g-desk';
const OTHER = 'g-other';
// 2025-03-03 is a Monday.
const shifts = rotaShifts(shiftTemplates(48), 48);
const week = (over: Partial<RotaWeek> = {}): RotaWeek => ({ start: '2025-03-03', days: 7, groupId: G, shifts, ...over });
const agent = (n: number, over: Partial<RosterAgent> = {}): RosterAgent => ({
	accountId: `a-${String(n).padStart(2, '0')}`,
	name: `Agent ${String(n).padStart(2, '0')}`,
	groups: [G],
	contractedHours: 40,
	weekdaysOff: [],
	leave: [],
	...over
});
/** `perDay` agents on the Day shift (08–16) every day of the week. */
const dayShifts = (perDay: number, days = 7): ShiftCount[] => Array.from({ length: days }, (_, day) => ({ day, shift: 'Day 08–16', agents: perDay }));

describe('assignShifts: the shift solution given to named people', () => {
	it('reads shift hours from the templates', () => {
		expect(shifts.map((s) => [s.name, s.startHour, s.endHour, s.hours])).toEqual([
			['Night 00–08', 0, 8, 8],
			['Early 06–14', 6, 14, 8],
			['Day 08–16', 8, 16, 8],
			['Mid 12–20', 12, 20, 8],
			['Late 16–24', 16, 24, 8]
		]);
		expect(isoWeekday('2025-03-03')).toBe(1);
		expect(isoWeekday('2025-03-09')).toBe(7);
	});

	it('covers every place when the roster has the hours, within every contract', () => {
		// 7 days × 3 places × 8 h = 168 h; 5 agents × 40 h = 200 h available.
		const roster = [1, 2, 3, 4, 5].map((n) => agent(n, { weekdaysOff: [((n - 1) % 7) + 1, (n % 7) + 1] }));
		const rota = assignShifts(roster, dayShifts(3), week());
		expect(rota.totals).toMatchObject({ places: 21, filled: 21, uncovered: 0, overtimeHours: 0 });
		expect(rota.uncovered).toEqual([]);
		for (const a of rota.agents) expect(a.assignedHours).toBeLessThanOrEqual(a.contractedHours);
		for (const s of rota.slots) expect(new Set(s.people.map((p) => p.accountId)).size).toBe(s.people.length);
	});

	it('never puts anyone on a weekday off or a day of leave, and says so', () => {
		const roster = [
			agent(1, { weekdaysOff: [6, 7] }),
			agent(2, { weekdaysOff: [1, 2], leave: ['2025-03-05'] }),
			agent(3, { weekdaysOff: [3, 4] }),
			agent(4, { weekdaysOff: [5, 6], leave: ['2025-03-03', '2025-03-04'] })
		];
		const rota = assignShifts(roster, dayShifts(3), week());
		for (const a of rota.agents) {
			const off = new Set(a.daysOff.map((d) => d.day));
			for (const s of a.shifts) expect(off.has(s.day)).toBe(false);
		}
		const two = rota.agents.find((a) => a.accountId === 'a-02')!;
		expect(two.daysOff).toEqual([
			{ day: 0, date: '2025-03-03', reason: 'weekday' },
			{ day: 1, date: '2025-03-04', reason: 'weekday' },
			{ day: 2, date: '2025-03-05', reason: 'leave' }
		]);
		// Monday: agent 2 off, agent 4 on leave: two people for three places.
		expect(rota.slots.find((s) => s.day === 0)).toMatchObject({ needed: 3, uncovered: 1 });
		expect(rota.uncovered).toContainEqual({ day: 0, date: '2025-03-03', shift: 'Day 08–16', missing: 1 });
	});

	it('keeps hours within the contract, lowered pro rata for leave, and reports the shortfall', () => {
		const roster = [agent(1, { contractedHours: 40 }), agent(2, { contractedHours: 24 }), agent(3, { contractedHours: 40, leave: ['2025-03-03', '2025-03-04'] })];
		const rota = assignShifts(roster, dayShifts(3), week());
		const by = Object.fromEntries(rota.agents.map((a) => [a.accountId, a]));
		expect(by['a-01'].assignedHours).toBe(40);
		expect(by['a-02'].assignedHours).toBe(24);
		// No weekdays off: 7 working days, 2 of leave → 40 × 5/7 = 28.57 h, so 3 shifts of 8 h.
		expect(by['a-03'].targetHours).toBeCloseTo(28.57, 2);
		expect(by['a-03'].assignedHours).toBe(24);
		expect(rota.totals.overtimeHours).toBe(0);
		expect(rota.totals.uncovered).toBe(21 - 5 - 3 - 3);
	});

	it('spreads hours evenly (fairness) and gives overtime only when allowed', () => {
		const roster = [1, 2, 3, 4].map((n) => agent(n));
		const even = assignShifts(roster, dayShifts(2), week());
		// 14 places of 8 h over four 40 h agents: 3 or 4 shifts each, never 5 while another has 3.
		const hours = even.agents.map((a) => a.assignedHours).sort();
		expect(hours[hours.length - 1] - hours[0]).toBeLessThanOrEqual(8);
		expect(hours.reduce((a, b) => a + b, 0)).toBe(14 * 8);

		const short = [agent(1, { contractedHours: 16 }), agent(2, { contractedHours: 16 })];
		const none = assignShifts(short, dayShifts(1), week());
		expect(none.totals).toMatchObject({ uncovered: 3, overtimeHours: 0 });
		const ot = assignShifts(short, dayShifts(1), week({ maxOvertimeH: 8 }));
		expect(ot.totals).toMatchObject({ uncovered: 1, overtimeHours: 16 });
		expect(ot.agents.map((a) => a.overtimeHours)).toEqual([8, 8]);
	});

	it('assigns only members of the plan group (skills)', () => {
		const roster = [agent(1), agent(2, { groups: [OTHER] }), agent(3, { groups: [OTHER, G] })];
		const rota = assignShifts(roster, dayShifts(2), week());
		expect(rota.agents.map((a) => a.accountId)).toEqual(['a-01', 'a-03']);
		expect(rota.slots.flatMap((s) => s.people.map((p) => p.accountId))).not.toContain('a-02');
		const desk = assignShifts(roster, dayShifts(2), week({ groupId: null }));
		expect(desk.agents).toHaveLength(3);
	});

	it('keeps 11 hours of rest: no Early shift the morning after a Late one', () => {
		const counts: ShiftCount[] = [
			{ day: 0, shift: 'Late 16–24', agents: 1 },
			{ day: 1, shift: 'Early 06–14', agents: 1 }
		];
		const rota = assignShifts([agent(1)], counts, week());
		expect(rota.totals).toMatchObject({ places: 2, filled: 1, uncovered: 1 });
		const two = assignShifts([agent(1), agent(2)], counts, week());
		expect(two.totals.uncovered).toBe(0);
		expect(two.slots[0].people[0].accountId).not.toBe(two.slots[1].people[0].accountId);
	});

	it('is deterministic: the same input (in any roster order) gives the same rota', () => {
		const roster = Array.from({ length: 9 }, (_, k) => agent(k + 1, { weekdaysOff: [(k % 7) + 1], contractedHours: k % 3 === 0 ? 24 : 38 }));
		const counts: ShiftCount[] = [...dayShifts(2), ...Array.from({ length: 7 }, (_, day) => ({ day, shift: 'Late 16–24', agents: 2 }))];
		const a = assignShifts(roster, counts, week());
		const b = assignShifts(roster.slice().reverse(), counts.slice().reverse(), week());
		expect(b).toEqual(a);
	});

	it('weekly contracts hold per 7-day block over a two-week plan', () => {
		const rota = assignShifts([agent(1, { contractedHours: 16 })], dayShifts(1, 14), week({ days: 14 }));
		const firstWeek = rota.agents[0].shifts.filter((s) => s.day < 7).length;
		expect(rota.agents[0].assignedHours).toBe(32);
		expect(firstWeek).toBe(2);
	});
});
