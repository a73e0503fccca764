import { describe, expect, it } from 'vitest';
import {
	addBusinessMs,
	businessMsBetween,
	isBusinessTime,
	nextBusinessInstant,
	parseBusinessCalendar,
	type BusinessCalendar
} from '$lib/server/sla/calendar';
import { CALENDAR_24X7, DEFAULT_BUSINESS_CALENDAR } from '$lib/server/sla/policies';

const H = 3_600_000;
const MIN = 60_000;
/** ISO with explicit offset, so every literal states which side of a DST change it is on. */
const at = (iso: string) => {
	const t = Date.parse(iso);
	if (Number.isNaN(t)) throw new Error(`bad literal ${iso}`);
	return t;
};
const every = (...intervals: [number, number][]) => Array.from({ length: 7 }, () => intervals);
const cal = (timeZone: string, weeklyHours: [number, number][][], holidays: string[] = []): BusinessCalendar => ({
	timeZone,
	weeklyHours,
	holidays
});

const parisDaily9to17 = cal('Europe/Paris', every([540, 1020]));
const nyDaily9to17 = cal('America/New_York', every([540, 1020]));
const paris24x7 = cal('Europe/Paris', every([0, 1440]));
const ny24x7 = cal('America/New_York', every([0, 1440]));
const parisNight0to6 = cal('Europe/Paris', every([0, 360]));
const ny01to02 = cal('America/New_York', every([60, 120]));
const ny02to03 = cal('America/New_York', every([120, 180]));
const nyNightShift = cal('America/New_York', every([0, 360], [1320, 1440]));
const office = DEFAULT_BUSINESS_CALENDAR; // Mon–Fri 08:00–18:00 Europe/Paris
const officeHolidays = cal('Europe/Paris', office.weeklyHours as [number, number][][], [
	'2025-05-01',
	'2025-12-25',
	'2026-01-01'
]);
const splitDay = cal('Europe/Paris', [[], [[480, 720], [780, 1020]], [[480, 720], [780, 1020]], [], [], [], []]);

describe('businessMsBetween', () => {
	it.each([
		// DST: local wall-clock hours, so a 09:00–17:00 day is 8 h on change days; the night gap moves
		['Paris spring-forward Sunday, 09–17', parisDaily9to17, '2025-03-30T00:00+01:00', '2025-03-31T00:00+02:00', 8],
		['Paris fall-back Sunday, 09–17', parisDaily9to17, '2025-10-26T00:00+02:00', '2025-10-27T00:00+01:00', 8],
		['Paris Sat noon → Sun noon across spring-forward (23 h wall)', parisDaily9to17, '2025-03-29T12:00+01:00', '2025-03-30T12:00+02:00', 8],
		['Paris Sat 17:00 → Sun 09:00: the night is closed', parisDaily9to17, '2025-03-29T17:00+01:00', '2025-03-30T09:00+02:00', 0],
		['New York spring-forward Sunday, 09–17', nyDaily9to17, '2025-03-09T00:00-05:00', '2025-03-10T00:00-04:00', 8],
		['New York fall-back Sunday, 09–17', nyDaily9to17, '2025-11-02T00:00-04:00', '2025-11-03T00:00-05:00', 8],
		['Paris 24×7 spring-forward day is 23 h', paris24x7, '2025-03-30T00:00+01:00', '2025-03-31T00:00+02:00', 23],
		['Paris 24×7 fall-back day is 25 h', paris24x7, '2025-10-26T00:00+02:00', '2025-10-27T00:00+01:00', 25],
		['New York 24×7 spring-forward day is 23 h', ny24x7, '2025-03-09T00:00-05:00', '2025-03-10T00:00-04:00', 23],
		['New York 24×7 fall-back day is 25 h', ny24x7, '2025-11-02T00:00-04:00', '2025-11-03T00:00-05:00', 25],
		['UTC 24×7 = wall clock', CALENDAR_24X7, '2025-03-30T00:00Z', '2025-04-02T06:30Z', 78.5],
		['Paris 00–06 on spring-forward day: 02:00–03:00 never happens', parisNight0to6, '2025-03-30T00:00+01:00', '2025-03-30T12:00+02:00', 5],
		['Paris 00–06 on fall-back day: 02:00–03:00 happens twice', parisNight0to6, '2025-10-26T00:00+02:00', '2025-10-26T12:00+01:00', 7],
		['New York 01–02 on fall-back day counts twice', ny01to02, '2025-11-02T00:00-04:00', '2025-11-03T00:00-05:00', 2],
		['New York 02–03 on spring-forward day is empty', ny02to03, '2025-03-09T00:00-05:00', '2025-03-10T00:00-04:00', 0],
		['New York night shift 22–06 across fall-back', nyNightShift, '2025-11-01T12:00-04:00', '2025-11-02T12:00-05:00', 9],
		['New York night shift 22–06 across spring-forward', nyNightShift, '2025-03-08T12:00-05:00', '2025-03-09T12:00-04:00', 7],
		// holidays and weekends
		['Christmas week with 25 Dec off', officeHolidays, '2025-12-24T00:00+01:00', '2025-12-27T00:00+01:00', 20],
		['Christmas week without holidays', office, '2025-12-24T00:00+01:00', '2025-12-27T00:00+01:00', 30],
		['weekend only', office, '2025-03-08T00:00+01:00', '2025-03-10T00:00+01:00', 0],
		['created at night, measured next noon', office, '2025-03-04T22:00+01:00', '2025-03-05T12:00+01:00', 4],
		['split day with lunch break', splitDay, '2025-03-03T07:00+01:00', '2025-03-03T14:00+01:00', 5],
		// spans
		['5 weeks across spring-forward', office, '2025-03-03T00:00+01:00', '2025-04-07T00:00+02:00', 250],
		['calendar year 2025 (261 weekdays)', office, '2025-01-01T00:00Z', '2026-01-01T00:00Z', 2610],
		['calendar year 2025 minus 3 holidays on weekdays', officeHolidays, '2025-01-01T00:00Z', '2026-01-01T00:00Z', 2590],
		['empty window', office, '2025-03-03T10:00+01:00', '2025-03-03T10:00+01:00', 0],
		['reversed window', office, '2025-03-03T12:00+01:00', '2025-03-03T10:00+01:00', 0],
		['sub-minute precision', office, '2025-03-03T09:59:59.250+01:00', '2025-03-03T10:00:00.750+01:00', 1500 / H]
	])('%s', (_name, c, from, to, hours) => {
		expect(businessMsBetween(c, at(from), at(to))).toBe(Math.round(hours * H));
	});
});

describe('addBusinessMs', () => {
	it.each([
		// created outside hours
		['created at night', office, '2025-03-04T22:00+01:00', 4 * H, '2025-03-05T12:00+01:00'],
		['created before opening', office, '2025-03-05T06:30+01:00', 4 * H, '2025-03-05T12:00+01:00'],
		['created on Saturday', office, '2025-03-08T10:00+01:00', 4 * H, '2025-03-10T12:00+01:00'],
		['created Friday 16:00, runs into Monday', office, '2025-03-07T16:00+01:00', 4 * H, '2025-03-10T10:00+01:00'],
		['used up exactly at closing: due at closing, not next opening', office, '2025-03-07T16:00+01:00', 2 * H, '2025-03-07T18:00+01:00'],
		['lunch break skipped', splitDay, '2025-03-03T11:00+01:00', 2 * H, '2025-03-03T14:00+01:00'],
		// DST
		['office Friday → Monday across spring-forward', office, '2025-03-28T17:00+01:00', 4 * H, '2025-03-31T11:00+02:00'],
		['office Friday → Monday across fall-back', office, '2025-10-24T17:00+02:00', 4 * H, '2025-10-27T11:00+01:00'],
		['Paris daily Sat 16:00 + 2 h across spring-forward', parisDaily9to17, '2025-03-29T16:00+01:00', 2 * H, '2025-03-30T10:00+02:00'],
		['Paris daily Sat 16:00 + 2 h across fall-back', parisDaily9to17, '2025-10-25T16:00+02:00', 2 * H, '2025-10-26T10:00+01:00'],
		['New York daily Sat 16:00 + 2 h across spring-forward', nyDaily9to17, '2025-03-08T16:00-05:00', 2 * H, '2025-03-09T10:00-04:00'],
		['New York daily Sat 16:00 + 2 h across fall-back', nyDaily9to17, '2025-11-01T16:00-04:00', 2 * H, '2025-11-02T10:00-05:00'],
		['Paris 24×7 + 24 h across spring-forward = next day 13:00 local', paris24x7, '2025-03-29T12:00+01:00', 24 * H, '2025-03-30T13:00+02:00'],
		['New York 24×7 + 24 h across fall-back = next day 11:00 local', ny24x7, '2025-11-01T12:00-04:00', 24 * H, '2025-11-02T11:00-05:00'],
		['New York 01–02 on fall-back: second 01:00–02:00 counts', ny01to02, '2025-11-02T01:30-04:00', H, '2025-11-02T01:30-05:00'],
		['24×7 P1 resolution 4 h', CALENDAR_24X7, '2025-07-14T23:10Z', 4 * H, '2025-07-15T03:10Z'],
		// holidays
		['Christmas Eve 17:00 + 2 h skips the 25th', officeHolidays, '2025-12-24T17:00+01:00', 2 * H, '2025-12-26T09:00+01:00'],
		['New Year’s Eve 17:00 + 2 h skips 1 Jan', officeHolidays, '2025-12-31T17:00+01:00', 2 * H, '2026-01-02T09:00+01:00'],
		['created on a holiday', officeHolidays, '2025-05-01T10:00+02:00', 3 * H, '2025-05-02T11:00+02:00'],
		// multi-week
		['100 h from Monday 08:00 = Friday next week 18:00', office, '2025-03-03T08:00+01:00', 100 * H, '2025-03-14T18:00+01:00'],
		['3 weeks across spring-forward', office, '2025-03-24T08:00+01:00', 150 * H, '2025-04-11T18:00+02:00'],
		['a whole business year', office, '2025-01-01T00:00Z', 2610 * H, '2025-12-31T18:00+01:00'],
		['a whole business year with holidays', officeHolidays, '2025-01-01T00:00Z', 2590 * H, '2025-12-31T18:00+01:00'],
		// zero duration
		['0 in hours → now', office, '2025-03-05T10:17+01:00', 0, '2025-03-05T10:17+01:00'],
		['0 at opening → now', office, '2025-03-05T08:00+01:00', 0, '2025-03-05T08:00+01:00'],
		['0 at closing → next opening (half-open)', office, '2025-03-05T18:00+01:00', 0, '2025-03-06T08:00+01:00'],
		['0 at night → next opening', office, '2025-03-05T23:00+01:00', 0, '2025-03-06T08:00+01:00'],
		['0 on Saturday → Monday opening', office, '2025-03-08T10:00+01:00', 0, '2025-03-10T08:00+01:00'],
		['0 on a holiday → next day', officeHolidays, '2025-12-25T10:00+01:00', 0, '2025-12-26T08:00+01:00'],
		['0 in the lunch break → 13:00', splitDay, '2025-03-03T12:30+01:00', 0, '2025-03-03T13:00+01:00'],
		['1 ms at closing - 1 ms', office, '2025-03-05T17:59:59.999+01:00', 1, '2025-03-05T18:00+01:00'],
		['1 ms at closing', office, '2025-03-05T18:00+01:00', 1, '2025-03-06T08:00:00.001+01:00']
	])('%s', (_name, c, from, d, expected) => {
		expect(new Date(addBusinessMs(c, at(from), d)).toISOString()).toBe(new Date(at(expected)).toISOString());
	});

	it('is the inverse of businessMsBetween for a due date', () => {
		const from = at('2025-03-27T15:43:12.345+01:00');
		for (const d of [1, MIN, 37 * MIN, 10 * H, 61 * H + 17, 400 * H]) {
			const due = addBusinessMs(officeHolidays, from, d);
			expect(businessMsBetween(officeHolidays, from, due)).toBe(d);
			expect(businessMsBetween(officeHolidays, from, due - 1)).toBe(d - 1);
		}
	});

	it('answers far queries in either direction (lazy build extends both ways)', () => {
		const c = cal('Europe/Paris', every([540, 1020]));
		const mid = at('2025-06-15T12:00+02:00');
		expect(businessMsBetween(c, mid, mid + 7 * 86_400_000)).toBe(7 * 8 * H);
		expect(businessMsBetween(c, at('2020-06-15T00:00+02:00'), at('2020-06-16T00:00+02:00'))).toBe(8 * H);
		expect(businessMsBetween(c, at('2030-06-15T00:00+02:00'), at('2030-06-16T00:00+02:00'))).toBe(8 * H);
		expect(addBusinessMs(c, at('2019-12-31T17:00+01:00'), H)).toBe(at('2020-01-01T10:00+01:00'));
	});
});

describe('isBusinessTime / nextBusinessInstant', () => {
	it.each([
		['2025-03-05T08:00+01:00', true, '2025-03-05T08:00+01:00'],
		['2025-03-05T17:59:59.999+01:00', true, '2025-03-05T17:59:59.999+01:00'],
		['2025-03-05T18:00+01:00', false, '2025-03-06T08:00+01:00'],
		['2025-03-09T12:00+01:00', false, '2025-03-10T08:00+01:00']
	])('%s', (t, open, next) => {
		expect(isBusinessTime(office, at(t))).toBe(open);
		expect(nextBusinessInstant(office, at(t))).toBe(at(next));
	});
});

describe('validation', () => {
	const good = { timeZone: 'Europe/Paris', weeklyHours: every([480, 1080]), holidays: ['2025-12-25'] };
	it.each([
		['unknown zone', { ...good, timeZone: 'Europe/Pariss' }, 'timeZone: is not a known IANA time zone'],
		['zone not a string', { ...good, timeZone: 1 }, 'timeZone: must be an IANA time zone name'],
		['6 weekdays', { ...good, weeklyHours: good.weeklyHours.slice(1) }, 'weeklyHours: must have exactly 7 entries'],
		['empty interval', { ...good, weeklyHours: [[], [[600, 600]], [], [], [], [], []] }, 'weeklyHours.1.0: interval start must be before its end'],
		['beyond midnight', { ...good, weeklyHours: [[], [[0, 1441]], [], [], [], [], []] }, 'weeklyHours.1.0.1: must be between 0 and 1440'],
		['fractional minute', { ...good, weeklyHours: [[], [[8.5, 600]], [], [], [], [], []] }, 'weeklyHours.1.0.0: must be a whole number of minutes'],
		['not a pair', { ...good, weeklyHours: [[], [[480]], [], [], [], [], []] }, 'weeklyHours.1.0'],
		['overlap', { ...good, weeklyHours: [[], [[480, 720], [700, 1000]], [], [], [], [], []] }, 'weeklyHours.1: Monday intervals [480, 720) and [700, 1000) overlap'],
		['no business time', { ...good, weeklyHours: every() }, 'weeklyHours: must contain at least one business interval'],
		['not a date', { ...good, holidays: ['25/12/2025'] }, 'holidays.0: must be a local date YYYY-MM-DD'],
		['impossible date', { ...good, holidays: ['2025-12-25', '2025-02-30'] }, 'holidays.1: is not a real calendar date'],
		['unknown key', { ...good, weekly: [] }, 'weekly']
	])('%s', (_name, input, message) => {
		let err: unknown;
		try {
			parseBusinessCalendar(input);
		} catch (e) {
			err = e;
		}
		expect(err).toMatchObject({ name: 'DomainError', code: 'INVALID' });
		expect((err as Error).message).toContain(message);
	});

	it('accepts touching and unsorted intervals, defaults holidays', () => {
		const c = parseBusinessCalendar({ timeZone: 'UTC', weeklyHours: every([720, 1080], [480, 720]) });
		expect(c.holidays).toEqual([]);
		expect(businessMsBetween(c, at('2025-03-05T00:00Z'), at('2025-03-06T00:00Z'))).toBe(10 * H);
	});

	it('rejects bad instants and durations with RangeError', () => {
		expect(() => businessMsBetween(office, 1.5, 10)).toThrow(RangeError);
		expect(() => businessMsBetween(office, Number.NaN, 10)).toThrow(RangeError);
		expect(() => addBusinessMs(office, at('2025-03-05T10:00Z'), -1)).toThrow(RangeError);
		expect(() => addBusinessMs(office, Date.UTC(2300, 0, 1), 1)).toThrow(/supported range/);
	});
});
