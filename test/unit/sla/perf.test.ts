/**
 * Throughput guard: 1e5 calls over 30-day spans must stay well under a second. The bounds are
 * loose (shared CI cores); the measured figures are printed for bench notes.
 */
import { describe, expect, it } from 'vitest';
import { addBusinessMs, businessMsBetween, dueAt, type BusinessCalendar } from '$lib/server/sla/calendar';

const DAY = 86_400_000;
const H = 3_600_000;
const N = 100_000;

function calendar(): BusinessCalendar {
	const office: [number, number][] = [[480, 720], [780, 1080]];
	return {
		timeZone: 'Europe/Paris',
		weeklyHours: [[], office, office, office, office, office, []],
		holidays: ['2025-01-01', '2025-04-21', '2025-05-01', '2025-05-08', '2025-05-29', '2025-06-09', '2025-07-14', '2025-08-15', '2025-11-01', '2025-11-11', '2025-12-25']
	};
}

function time(fn: () => void): number {
	const t0 = performance.now();
	fn();
	return performance.now() - t0;
}

describe('performance', () => {
	it(`${N} calls over 30-day spans`, () => {
		const cal = calendar(); // fresh object: includes compiling and building the year table
		const base = Date.UTC(2025, 0, 1);
		const froms = Array.from({ length: N }, (_, i) => base + ((i * 7_919_993) % (330 * DAY)));
		let sink = 0;
		const between = time(() => {
			for (const f of froms) sink += businessMsBetween(cal, f, f + 30 * DAY);
		});
		const add = time(() => {
			for (const f of froms) sink += addBusinessMs(cal, f, 200 * H); // ~21 business days
		});
		const pauses = [{ startMs: 0, endMs: 0 }];
		const due = time(() => {
			for (const f of froms) {
				pauses[0] = { startMs: f + 2 * DAY, endMs: f + 9 * DAY };
				sink += dueAt(cal, f, 100 * H, pauses);
			}
		});
		console.log(`sla perf: ${N}× businessMsBetween ${between.toFixed(0)} ms, addBusinessMs ${add.toFixed(0)} ms, dueAt+pause ${due.toFixed(0)} ms`);
		expect(sink).toBeGreaterThan(0);
		expect(between).toBeLessThan(1000);
		expect(add).toBeLessThan(1000);
		expect(due).toBeLessThan(2000);
	});

	it('a 50-year span on a cold calendar', () => {
		const cal = calendar();
		const ms = time(() => {
			expect(businessMsBetween(cal, Date.UTC(2000, 0, 1), Date.UTC(2050, 0, 1))).toBeGreaterThan(0);
		});
		const warm = time(() => {
			for (let i = 0; i < 10_000; i++) businessMsBetween(cal, Date.UTC(2000, 0, 1) + i * H, Date.UTC(2049, 0, 1) - i * H);
		});
		console.log(`sla perf: 50-year span cold ${ms.toFixed(0)} ms; 1e4 warm ${warm.toFixed(0)} ms`);
		expect(ms).toBeLessThan(2000);
		expect(warm).toBeLessThan(500);
	});
});
