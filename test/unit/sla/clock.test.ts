import { describe, expect, it } from 'vitest';
import {
	dueAt,
	elapsedBusinessMs,
	fractionElapsed,
	isPaused,
	normalizePauses,
	percentElapsed,
	slaClock,
	type PauseInterval
} from '$lib/server/sla/calendar';
import { DEFAULT_BUSINESS_CALENDAR as office } from '$lib/server/sla/policies';

const H = 3_600_000;
const at = (iso: string) => {
	const t = Date.parse(iso);
	if (Number.isNaN(t)) throw new Error(`bad literal ${iso}`);
	return t;
};
const pause = (start: string, end: string | null): PauseInterval => ({ startMs: at(start), endMs: end === null ? null : at(end) });

// Office calendar: Mon–Fri 08:00–18:00 Europe/Paris. 2025-03-03 is a Monday (CET, +01:00).
const MON_9 = '2025-03-03T09:00+01:00';

describe('elapsedBusinessMs', () => {
	it.each([
		['no pause', MON_9, '2025-03-03T12:00+01:00', [], 3],
		['clock not started yet', MON_9, '2025-03-03T08:00+01:00', [], 0],
		['pause across the night', MON_9, '2025-03-04T12:00+01:00', [pause('2025-03-03T17:00+01:00', '2025-03-04T10:00+01:00')], 10],
		['pause only at night changes nothing', MON_9, '2025-03-04T12:00+01:00', [pause('2025-03-03T19:00+01:00', '2025-03-04T07:00+01:00')], 13],
		['pause across the weekend', '2025-03-07T09:00+01:00', '2025-03-10T12:00+01:00', [pause('2025-03-07T15:00+01:00', '2025-03-10T11:00+01:00')], 7],
		['pause across the weekend and spring-forward', '2025-03-28T09:00+01:00', '2025-03-31T12:00+02:00', [pause('2025-03-28T15:00+01:00', '2025-03-31T11:00+02:00')], 7],
		['still pending: open pause runs to now', MON_9, '2025-03-04T12:00+01:00', [pause('2025-03-03T10:00+01:00', null)], 1],
		['overlapping pauses are merged', MON_9, '2025-03-03T14:00+01:00', [pause('2025-03-03T10:00+01:00', '2025-03-03T12:00+01:00'), pause('2025-03-03T11:00+01:00', '2025-03-03T13:00+01:00')], 2],
		['pause starting before the clock is clipped', MON_9, '2025-03-03T12:00+01:00', [pause('2025-03-02T10:00+01:00', '2025-03-03T10:00+01:00')], 2],
		['pause ending after now is clipped', MON_9, '2025-03-03T12:00+01:00', [pause('2025-03-03T11:00+01:00', '2025-03-05T10:00+01:00')], 2],
		['two pending cycles over two weeks', MON_9, '2025-03-14T18:00+01:00', [pause('2025-03-04T08:00+01:00', '2025-03-05T08:00+01:00'), pause('2025-03-07T12:00+01:00', '2025-03-11T12:00+01:00')], 100 - 1 - 10 - 6 - 10 - 4]
	])('%s', (_name, start, now, pauses, hours) => {
		expect(elapsedBusinessMs(office, at(start), at(now), pauses)).toBe(hours * H);
	});
});

describe('dueAt', () => {
	it.each([
		['no pause', MON_9, 4, [], undefined, '2025-03-03T13:00+01:00'],
		['pause across the night', MON_9, 4, [pause('2025-03-03T10:00+01:00', '2025-03-04T10:00+01:00')], undefined, '2025-03-04T13:00+01:00'],
		['pause across the weekend (1 business day)', '2025-03-07T09:00+01:00', 10, [pause('2025-03-07T15:00+01:00', '2025-03-10T11:00+01:00')], undefined, '2025-03-10T15:00+01:00'],
		['pause after the due instant is irrelevant', MON_9, 4, [pause('2025-03-03T14:00+01:00', '2025-03-04T14:00+01:00')], undefined, '2025-03-03T13:00+01:00'],
		['pause starting exactly at the due instant', MON_9, 4, [pause('2025-03-03T13:00+01:00', '2025-03-04T14:00+01:00')], undefined, '2025-03-03T13:00+01:00'],
		['created at night while pending', '2025-03-03T22:00+01:00', 2, [pause('2025-03-03T22:00+01:00', '2025-03-04T09:00+01:00')], undefined, '2025-03-04T11:00+01:00'],
		['open pause: due if it ended now', MON_9, 4, [pause('2025-03-03T10:00+01:00', null)], '2025-03-04T09:00+01:00', '2025-03-04T12:00+01:00'],
		['open pause now out of hours: due counts from next opening', MON_9, 4, [pause('2025-03-03T10:00+01:00', null)], '2025-03-03T21:00+01:00', '2025-03-04T11:00+01:00'],
		['zero target on Saturday → Monday opening', '2025-03-08T10:00+01:00', 0, [], undefined, '2025-03-10T08:00+01:00'],
		['zero target, paused at Monday opening', '2025-03-08T10:00+01:00', 0, [pause('2025-03-10T07:00+01:00', '2025-03-10T09:00+01:00')], undefined, '2025-03-10T09:00+01:00'],
		['3 business weeks with a pending week in the middle', MON_9, 150, [pause('2025-03-10T08:00+01:00', '2025-03-17T08:00+01:00')], undefined, '2025-03-31T09:00+02:00']
	])('%s', (_name, start, hours, pauses, now, expected) => {
		const due = dueAt(office, at(start), hours * H, pauses, now === undefined ? undefined : at(now));
		expect(new Date(due).toISOString()).toBe(new Date(at(expected)).toISOString());
	});

	it('agrees with elapsedBusinessMs: the clock reads exactly the target at the due instant', () => {
		const pauses = [pause('2025-03-03T17:00+01:00', '2025-03-04T10:00+01:00'), pause('2025-03-06T12:00+01:00', '2025-03-10T09:30+01:00')];
		for (const hours of [1, 8, 9, 20, 26.5, 40]) {
			const due = dueAt(office, at(MON_9), hours * H, pauses);
			expect(elapsedBusinessMs(office, at(MON_9), due, pauses)).toBe(hours * H);
			expect(elapsedBusinessMs(office, at(MON_9), due - 1, pauses)).toBe(hours * H - 1);
		}
	});

	it('needs nowMs for an open pause', () => {
		expect(() => dueAt(office, at(MON_9), H, [pause('2025-03-03T10:00+01:00', null)])).toThrow(/still open/);
	});

	it('rejects a pause that ends before it starts', () => {
		expect(() => elapsedBusinessMs(office, at(MON_9), at(MON_9) + H, [pause('2025-03-03T11:00+01:00', '2025-03-03T10:00+01:00')])).toThrow(
			/ends before it starts/
		);
	});
});

describe('pause helpers', () => {
	it('normalizePauses sorts, clips and merges', () => {
		const start = at(MON_9);
		expect(normalizePauses([{ startMs: start + 50, endMs: start + 60 }, { startMs: start - 10, endMs: start + 5 }, { startMs: start + 55, endMs: null }, { startMs: start + 5, endMs: start + 7 }], start, start + 100)).toEqual([
			[start, start + 7],
			[start + 50, start + 100]
		]);
	});

	it.each([
		['before', '2025-03-03T09:59+01:00', false],
		['at start', '2025-03-03T10:00+01:00', true],
		['at end (half-open)', '2025-03-03T11:00+01:00', true],
		['after closed pause', '2025-03-03T10:30+01:00', true]
	])('isPaused %s', (_name, now, expected) => {
		expect(isPaused([pause('2025-03-03T10:00+01:00', '2025-03-03T10:45+01:00'), pause('2025-03-03T11:00+01:00', null)], at(now))).toBe(expected);
	});
});

describe('fractions', () => {
	it.each([
		[0, 4 * H, 0],
		[2 * H, 4 * H, 50],
		[3 * H, 4 * H, 75],
		[4 * H, 4 * H, 100],
		[6 * H, 4 * H, 150]
	])('percentElapsed(%i, %i) = %d', (elapsed, target, pct) => {
		expect(percentElapsed(elapsed, target)).toBe(pct);
		expect(fractionElapsed(elapsed, target)).toBe(pct / 100);
	});

	it('rejects a zero target', () => {
		expect(() => fractionElapsed(1, 0)).toThrow(RangeError);
	});

	it('slaClock summarises a pending ticket', () => {
		const state = slaClock(office, {
			startMs: at(MON_9),
			targetMs: 4 * H,
			nowMs: at('2025-03-04T09:00+01:00'),
			pauses: [pause('2025-03-03T12:00+01:00', null)]
		});
		expect(state).toEqual({
			elapsedMs: 3 * H,
			remainingMs: H,
			fraction: 0.75,
			dueMs: at('2025-03-04T10:00+01:00'),
			paused: true,
			breached: false
		});
	});
});
