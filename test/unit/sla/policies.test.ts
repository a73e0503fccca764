import { describe, expect, it } from 'vitest';
import { addBusinessMs, dueAt, elapsedBusinessMs, fractionElapsed, nominalBusinessDayMs, type BusinessCalendar } from '$lib/server/sla/calendar';
import {
	CALENDAR_24X7,
	DEFAULT_BUSINESS_CALENDAR,
	DEFAULT_SLA_POLICIES,
	SLA_PRIORITIES,
	parseSlaPolicy,
	resolvePolicy,
	slaThresholdsCrossed,
	targetMs,
	type SlaThreshold
} from '$lib/server/sla/policies';

const MIN = 60_000;
const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const week = (...days: [number, number][][]): BusinessCalendar => ({ timeZone: 'UTC', weeklyHours: days, holidays: [] });

describe('default policies', () => {
	it.each([
		['P1', '24x7', 15 * MIN, 4 * H],
		['P2', '24x7', 30 * MIN, 8 * H],
		['P3', 'business', 4 * H, 30 * H], // 3 business days × 10 h
		['P4', 'business', 10 * H, 50 * H],
		['P5', 'business', null, 100 * H]
	] as const)('%s: %s calendar, response %s ms, resolution %s ms', (priority, calendarId, responseMs, resolutionMs) => {
		const policy = DEFAULT_SLA_POLICIES[priority];
		expect(policy.calendar).toBe(calendarId);
		const resolved = resolvePolicy(policy);
		expect(resolved.calendar).toBe(calendarId === '24x7' ? CALENDAR_24X7 : DEFAULT_BUSINESS_CALENDAR);
		expect(resolved.responseMs).toBe(responseMs);
		expect(resolved.resolutionMs).toBe(resolutionMs);
	});

	it('covers every priority and validates', () => {
		expect(Object.keys(DEFAULT_SLA_POLICIES)).toEqual([...SLA_PRIORITIES]);
		for (const p of Object.values(DEFAULT_SLA_POLICIES)) expect(parseSlaPolicy(p)).toEqual(p);
	});

	it.each([
		[{ priority: 'P6', calendar: '24x7', response: null, resolution: { unit: 'hours', value: 1 } }, 'priority: must be one of P1'],
		[{ priority: 'P1', calendar: 'office', response: null, resolution: { unit: 'hours', value: 1 } }, 'calendar: must be'],
		[{ priority: 'P1', calendar: '24x7', response: { unit: 'weeks', value: 1 }, resolution: { unit: 'hours', value: 1 } }, 'response.unit:'],
		[{ priority: 'P1', calendar: '24x7', response: null, resolution: { unit: 'hours', value: 0 } }, 'resolution.value: must be greater than 0']
	])('rejects %j', (input, message) => {
		expect(() => parseSlaPolicy(input)).toThrow(message);
	});

	it('P3 created Friday 17:00 Paris before spring-forward', () => {
		const { calendar, responseMs, resolutionMs } = resolvePolicy(DEFAULT_SLA_POLICIES.P3);
		const created = at('2025-03-28T17:00+01:00');
		expect(addBusinessMs(calendar, created, responseMs!)).toBe(at('2025-03-31T11:00+02:00'));
		expect(addBusinessMs(calendar, created, resolutionMs)).toBe(at('2025-04-02T17:00+02:00'));
	});

	it('P1 runs through the night and the weekend', () => {
		const { calendar, responseMs, resolutionMs } = resolvePolicy(DEFAULT_SLA_POLICIES.P1);
		const created = at('2025-03-29T23:50Z');
		expect(addBusinessMs(calendar, created, responseMs!)).toBe(at('2025-03-30T00:05Z'));
		expect(addBusinessMs(calendar, created, resolutionMs)).toBe(at('2025-03-30T03:50Z'));
	});
});

describe('business day length', () => {
	const d = (h1: number, h2: number): [number, number][] => [[h1 * 60, h2 * 60]];
	it.each([
		['default Mon–Fri 08–18', DEFAULT_BUSINESS_CALENDAR, 10],
		['24×7', CALENDAR_24X7, 24],
		['Mon–Fri 09–17', week([], d(9, 17), d(9, 17), d(9, 17), d(9, 17), d(9, 17), []), 8],
		['Mon–Thu 9 h, Fri 7 h → the usual day', week([], d(8, 17), d(8, 17), d(8, 17), d(8, 17), d(8, 15), []), 9],
		['tie → the longer', week([], d(8, 16), d(8, 16), d(8, 18), d(8, 18), [], []), 10],
		['Saturday only', week([], [], [], [], [], [], d(9, 13)), 4]
	])('%s: %d h', (_name, cal, hours) => {
		expect(nominalBusinessDayMs(cal)).toBe(hours * H);
		expect(targetMs({ unit: 'businessDays', value: 1.5 }, cal)).toBe(1.5 * hours * H);
	});
});

describe('slaThresholdsCrossed', () => {
	it.each([
		[0, 0, []],
		[0, 0.49, []],
		[0, 0.5, ['warning50']],
		[0.5, 0.6, []],
		[0.49, 0.8, ['warning50', 'warning75']],
		[0.6, 0.75, ['warning75']],
		[0, 1, ['warning50', 'warning75', 'breached']],
		[0.99, 1, ['breached']],
		[0.2, 3, ['warning50', 'warning75', 'breached']],
		[1, 1.5, []],
		[0.8, 0.3, []]
	] as [number, number, SlaThreshold[]][])('%d → %d: %j', (prev, now, expected) => {
		expect(slaThresholdsCrossed(prev, now)).toEqual(expected);
	});

	it('fires each threshold once at its exact due instant on a real clock', () => {
		const { calendar, resolutionMs } = resolvePolicy(DEFAULT_SLA_POLICIES.P3); // 30 business hours
		const start = at('2025-03-27T16:20+01:00');
		const fired: [SlaThreshold, number][] = [];
		let prev = 0;
		// A watcher ticking every 5 minutes over two weeks.
		for (let now = start; now < start + 14 * 24 * H; now += 5 * MIN) {
			const frac = fractionElapsed(elapsedBusinessMs(calendar, start, now), resolutionMs);
			for (const t of slaThresholdsCrossed(prev, frac)) fired.push([t, now]);
			prev = frac;
		}
		const expected: [SlaThreshold, number][] = ([['warning50', 0.5], ['warning75', 0.75], ['breached', 1]] as const).map(([t, f]) => [
			t,
			dueAt(calendar, start, Math.ceil(resolutionMs * f))
		]);
		expect(fired).toEqual(expected);
	});
});
