/**
 * The shift solution given to named people. The solver (shifts.ts) says how many agents start
 * each shift on each day; `assignShifts` puts names on those places from the roster:
 *
 * - skills: only members of the plan's group (any agent for a whole-desk plan);
 * - days off are never violated: no one works a weekday they have off or a day of leave;
 * - one shift a day, and at least `minRestH` hours (default 11) between two shifts;
 * - hours: each agent's week (each 7-day block from the start) stays within their contract
 *   (leave days lower it pro rata), and overtime only up to `maxOvertimeH` a week when a place
 *   would otherwise stay empty;
 * - fairness: each place goes to the eligible agent furthest below their own target (the
 *   share of it already given), so hours spread evenly; ties by name, then id (deterministic).
 *
 * Places nobody can take are reported as uncovered, hours beyond a contract as overtime.
 * Pure: no I/O, no clock.
 */

export interface RosterAgent {
	accountId: string;
	name: string;
	/** group ids the agent is a member of (their skills) */
	groups: string[];
	/** contracted hours per week */
	contractedHours: number;
	/** ISO weekdays off every week: 1 = Monday … 7 = Sunday */
	weekdaysOff: number[];
	/** dated days off (leave), YYYY-MM-DD */
	leave: string[];
}

export interface ShiftCount {
	day: number;
	shift: string;
	agents: number;
}

export interface RotaShift {
	name: string;
	/** hours from the day's midnight */
	startHour: number;
	endHour: number;
	/** paid hours */
	hours: number;
}

export interface RotaWeek {
	/** first day, YYYY-MM-DD (UTC) */
	start: string;
	days: number;
	/** the plan's group: only its members are assigned; null = the whole desk */
	groupId: string | null;
	shifts: RotaShift[];
	/** hours beyond the target an agent may be given to fill an empty place (default 0) */
	maxOvertimeH?: number;
	/** least hours between the end of one shift and the start of the next (default 11) */
	minRestH?: number;
}

export interface RotaPerson {
	accountId: string;
	name: string;
}

export interface RotaSlot {
	day: number;
	date: string;
	shift: string;
	needed: number;
	people: RotaPerson[];
	uncovered: number;
}

export interface RotaAgent extends RotaPerson {
	contractedHours: number;
	/** hours this agent should work over the plan: the contract, less leave, for the plan's days */
	targetHours: number;
	assignedHours: number;
	overtimeHours: number;
	shifts: { day: number; date: string; shift: string }[];
	daysOff: { day: number; date: string; reason: 'weekday' | 'leave' }[];
}

export interface Rota {
	start: string;
	days: number;
	groupId: string | null;
	dates: string[];
	shifts: RotaShift[];
	slots: RotaSlot[];
	agents: RotaAgent[];
	uncovered: { day: number; date: string; shift: string; missing: number }[];
	totals: { places: number; filled: number; uncovered: number; assignedHours: number; targetHours: number; overtimeHours: number };
	maxOvertimeH: number;
	minRestH: number;
}

const DAY_MS = 86_400_000;
const round2 = (v: number) => Math.round(v * 100) / 100;

/** Shift start/end/hours from a template's coverage over `periodsPerDay` periods. */
export function rotaShifts(templates: { name: string; coverage: (0 | 1)[] }[], periodsPerDay: number): RotaShift[] {
	const h = 24 / periodsPerDay;
	return templates.map((t) => {
		const first = t.coverage.indexOf(1);
		const last = t.coverage.lastIndexOf(1);
		const on = t.coverage.reduce<number>((a, b) => a + b, 0);
		return { name: t.name, startHour: first < 0 ? 0 : first * h, endHour: last < 0 ? 0 : (last + 1) * h, hours: on * h };
	});
}

export const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

export function assignShifts(roster: RosterAgent[], shiftCounts: ShiftCount[], week: RotaWeek): Rota {
	const maxOvertimeH = week.maxOvertimeH ?? 0;
	const minRestH = week.minRestH ?? 11;
	const startMs = Date.parse(`${week.start}T00:00:00Z`);
	const dates = Array.from({ length: week.days }, (_, d) => new Date(startMs + d * DAY_MS).toISOString().slice(0, 10));
	const shiftByName = new Map(week.shifts.map((s, i) => [s.name, { ...s, index: i }]));

	const people = roster
		.filter((a) => week.groupId === null || a.groups.includes(week.groupId))
		.slice()
		.sort((a, b) => a.name.localeCompare(b.name, 'en') || (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));

	/** per agent: day → why off (or undefined) */
	const offOf = people.map((a) => {
		const leave = new Set(a.leave);
		const wk = new Set(a.weekdaysOff);
		return dates.map((date): 'weekday' | 'leave' | undefined => (wk.has(isoWeekday(date)) ? 'weekday' : leave.has(date) ? 'leave' : undefined));
	});
	/**
	 * The target per agent: per 7-day block, the contract × (days in block ÷ 7), less the share of
	 * working days taken as leave (a 40 h agent with one day of leave in a five-day week owes 32 h).
	 */
	const blocks = Math.ceil(week.days / 7);
	const blockTarget = people.map((a, i) =>
		Array.from({ length: blocks }, (_, k) => {
			const b = k * 7;
			const len = Math.min(7, week.days - b);
			const block = offOf[i].slice(b, b + len);
			const normal = block.filter((r) => r !== 'weekday').length;
			const available = block.filter((r) => r === undefined).length;
			return normal > 0 ? a.contractedHours * (len / 7) * (available / normal) : 0;
		})
	);
	const target = blockTarget.map((t) => t.reduce((a, b) => a + b, 0));
	const blockAssigned = people.map(() => new Array<number>(blocks).fill(0));
	const assigned = people.map(() => 0);
	/** per agent and day: the shift index worked, or -1 */
	const worked = people.map(() => new Array<number>(week.days).fill(-1));

	const counts = new Map<string, number>();
	for (const c of shiftCounts) {
		if (c.day < 0 || c.day >= week.days || !shiftByName.has(c.shift) || c.agents <= 0) continue;
		const key = `${c.day}|${c.shift}`;
		counts.set(key, (counts.get(key) ?? 0) + Math.round(c.agents));
	}
	const slots: (RotaSlot & { shiftIndex: number; eligible: number })[] = [...counts.entries()].map(([key, needed]) => {
		const [d, name] = [Number(key.split('|')[0]), key.slice(key.indexOf('|') + 1)];
		const eligible = people.filter((_, i) => offOf[i][d] === undefined).length;
		return { day: d, date: dates[d], shift: name, needed, people: [], uncovered: 0, shiftIndex: shiftByName.get(name)!.index, eligible };
	});
	slots.sort((a, b) => a.day - b.day || a.shiftIndex - b.shiftIndex);
	/** the scarcest places first (fewest people free that day), so the easy days do not use up everyone's hours */
	const order = slots.slice().sort((a, b) => a.eligible / a.needed - b.eligible / b.needed || a.day - b.day || a.shiftIndex - b.shiftIndex);

	const restOk = (i: number, d: number, s: RotaShift) => {
		const prev = d > 0 ? worked[i][d - 1] : -1;
		const next = d + 1 < week.days ? worked[i][d + 1] : -1;
		if (prev >= 0 && 24 + s.startHour - week.shifts[prev].endHour < minRestH) return false;
		if (next >= 0 && 24 + week.shifts[next].startHour - s.endHour < minRestH) return false;
		return true;
	};
	const pick = (slot: RotaSlot, s: RotaShift & { index: number }, allowance: number): number => {
		let best = -1;
		let bestKey = Infinity;
		for (let i = 0; i < people.length; i++) {
			if (offOf[i][slot.day] !== undefined || worked[i][slot.day] >= 0) continue;
			const k = Math.floor(slot.day / 7);
			if (blockAssigned[i][k] + s.hours > blockTarget[i][k] + allowance + 1e-9) continue;
			if (!restOk(i, slot.day, s)) continue;
			// The share of the target already given (overtime: the hours beyond it); lowest first.
			const key = allowance === 0 ? (target[i] > 0 ? assigned[i] / target[i] : Infinity) : assigned[i] - target[i];
			if (key < bestKey - 1e-9) {
				best = i;
				bestKey = key;
			}
		}
		return best;
	};
	const give = (slot: RotaSlot, s: RotaShift & { index: number }, i: number) => {
		worked[i][slot.day] = s.index;
		assigned[i] += s.hours;
		blockAssigned[i][Math.floor(slot.day / 7)] += s.hours;
		slot.people.push({ accountId: people[i].accountId, name: people[i].name });
	};
	// Within contracts first, one place at a time round the slots so each day gets its share.
	for (const allowance of maxOvertimeH > 0 ? [0, maxOvertimeH] : [0]) {
		let progress = true;
		while (progress) {
			progress = false;
			for (const slot of order) {
				if (slot.people.length >= slot.needed) continue;
				const s = shiftByName.get(slot.shift)!;
				const i = pick(slot, s, allowance);
				if (i < 0) continue;
				give(slot, s, i);
				progress = true;
			}
		}
	}
	for (const slot of slots) {
		slot.uncovered = slot.needed - slot.people.length;
		slot.people.sort((a, b) => a.name.localeCompare(b.name, 'en'));
	}

	const agents: RotaAgent[] = people.map((a, i) => ({
		accountId: a.accountId,
		name: a.name,
		contractedHours: a.contractedHours,
		targetHours: round2(target[i]),
		assignedHours: round2(assigned[i]),
		overtimeHours: round2(blockAssigned[i].reduce((n, h, k) => n + Math.max(0, h - blockTarget[i][k]), 0)),
		shifts: worked[i].flatMap((s, d) => (s >= 0 ? [{ day: d, date: dates[d], shift: week.shifts[s].name }] : [])),
		daysOff: offOf[i].flatMap((r, d) => (r ? [{ day: d, date: dates[d], reason: r }] : []))
	}));
	const cleanSlots: RotaSlot[] = slots.map(({ day, date, shift, needed, people: p, uncovered }) => ({ day, date, shift, needed, people: p, uncovered }));
	const places = cleanSlots.reduce((n, s) => n + s.needed, 0);
	const uncovered = cleanSlots.filter((s) => s.uncovered > 0).map((s) => ({ day: s.day, date: s.date, shift: s.shift, missing: s.uncovered }));
	return {
		start: week.start,
		days: week.days,
		groupId: week.groupId,
		dates,
		shifts: week.shifts,
		slots: cleanSlots,
		agents,
		uncovered,
		totals: {
			places,
			filled: places - uncovered.reduce((n, u) => n + u.missing, 0),
			uncovered: uncovered.reduce((n, u) => n + u.missing, 0),
			assignedHours: round2(assigned.reduce((a, b) => a + b, 0)),
			targetHours: round2(target.reduce((a, b) => a + b, 0)),
			overtimeHours: round2(agents.reduce((n, a) => n + a.overtimeHours, 0))
		},
		maxOvertimeH,
		minRestH
	};
}
