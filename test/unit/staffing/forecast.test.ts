// Forecasts on synthetic series whose weekly pattern is known exactly, so the error can be
// measured against the truth rather than against noisy observations.
import { describe, expect, it } from 'vitest';
import {
	forecastAll,
	forecastArrivals,
	forecastMethods,
	scoreForecast,
	slotsPerWeek
} from '../../../src/lib/server/staffing/forecast.ts';

/** Deterministic ±amplitude noise (a fixed LCG): reproducible without a seed library. */
function noise(amplitude: number) {
	let state = 12345;
	return () => {
		state = (state * 1103515245 + 12345) % 2 ** 31;
		return 1 + amplitude * (2 * (state / 2 ** 31) - 1);
	};
}

/** Office-hours profile: a daytime hump, quiet nights (exactly 0 when `zeroNights`), quiet weekends. */
function truth(slot: number, intervalMinutes: number, zeroNights = false): number {
	const perDay = (24 * 60) / intervalMinutes;
	const day = Math.floor(slot / perDay) % 7;
	const hour = ((slot % perDay) * intervalMinutes) / 60;
	const daytime = hour >= 7 && hour < 19 ? 30 * Math.sin((Math.PI * (hour - 7)) / 12) : 0;
	const base = zeroNights && daytime === 0 ? 0 : 4 + daytime;
	return base * (day >= 5 ? 0.4 : 1);
}

function synthetic(weeks: number, intervalMinutes: 15 | 30 | 60, opts: { noise?: number; zeroNights?: boolean } = {}) {
	const rand = noise(opts.noise ?? 0.05);
	const n = weeks * slotsPerWeek(intervalMinutes);
	return Array.from({ length: n }, (_, t) => truth(t, intervalMinutes, opts.zeroNights) * rand());
}

const nextWeekTruth = (weeks: number, intervalMinutes: 15 | 30 | 60, zeroNights = false) => {
	const season = slotsPerWeek(intervalMinutes);
	return Array.from({ length: season }, (_, h) => truth(weeks * season + h, intervalMinutes, zeroNights));
};

describe('known weekly seasonality', () => {
	// Bound: 5 % multiplicative noise; a method that learned the pattern stays well inside 8 %.
	it.each(forecastMethods.flatMap((method) => ([15, 30, 60] as const).map((intervalMinutes) => ({ method, intervalMinutes }))))(
		'$method at $intervalMinutes min: WAPE vs truth < 0.08',
		({ method, intervalMinutes }) => {
			const arrivals = synthetic(6, intervalMinutes);
			const result = forecastArrivals({ arrivals, intervalMinutes, horizon: slotsPerWeek(intervalMinutes), method });
			expect(result.method).toBe(method);
			expect(result.chosenBy).toBe('caller');
			const score = scoreForecast(result.forecast, nextWeekTruth(6, intervalMinutes));
			expect(score.wape!).toBeLessThan(0.08);
			expect(Math.abs(score.biasArrivals)).toBeLessThan(1);
		}
	);

	it('picks the best backtest score when the caller does not choose', () => {
		const result = forecastArrivals({ arrivals: synthetic(6, 30), intervalMinutes: 30, horizon: 48 });
		expect(result.chosenBy).toBe('backtest');
		expect(Object.keys(result.scores).sort()).toEqual([...forecastMethods].sort());
		const chosen = result.scores[result.method as (typeof forecastMethods)[number]]!;
		for (const score of Object.values(result.scores)) expect(chosen.wape!).toBeLessThanOrEqual(score!.wape!);
		expect(result.forecast).toHaveLength(48);
	});

	it('forecasts several series independently', () => {
		const out = forecastAll({
			voice: { arrivals: synthetic(4, 60), intervalMinutes: 60, horizon: 24 },
			email: { arrivals: synthetic(0.5, 60), intervalMinutes: 60, horizon: 24 }
		});
		expect(out.voice.chosenBy).toBe('backtest');
		expect(out.email.method).toBe('flatMean');
	});
});

describe('zeros and gaps', () => {
	it.each(forecastMethods)('%s on a series with zero nights and a dead day: finite, no blow-up', (method) => {
		const arrivals = synthetic(5, 30, { zeroNights: true });
		// A feed outage: one whole day missing, given as zeros.
		arrivals.fill(0, 2 * 336 + 48, 2 * 336 + 96);
		const result = forecastArrivals({ arrivals, intervalMinutes: 30, horizon: 336, method });
		expect(result.forecast.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
		for (const score of Object.values(result.scores)) {
			expect(Number.isFinite(score!.wape!)).toBe(true);
			expect(score!.wape!).toBeLessThan(0.5);
		}
		const truthWape = scoreForecast(result.forecast, nextWeekTruth(5, 30, true)).wape!;
		expect(truthWape).toBeLessThan(0.15);
	});

	it.each([
		// [forecast, actual, wape, mae, bias]
		[[0, 0, 0], [0, 0, 0], 0, 0, 0],
		[[1, 0, 1], [0, 0, 0], null, 2 / 3, 2 / 3],
		[[2, 0, 4], [0, 0, 4], 0.5, 2 / 3, 2 / 3],
		[[9, 11], [10, 10], 0.1, 1, 0]
	])('WAPE handles zero actuals: %j vs %j', (forecast, actual, wape, mae, bias) => {
		const score = scoreForecast(forecast, actual);
		if (wape === null) expect(score.wape).toBeNull();
		else expect(score.wape).toBeCloseTo(wape, 12);
		expect(score.maeArrivals).toBeCloseTo(mae, 12);
		expect(score.biasArrivals).toBeCloseTo(bias, 12);
	});
});

describe('holidays', () => {
	const season = 336;
	const arrivals = synthetic(5, 30);
	// Monday of the last week was a public holiday: nobody called.
	const holidays = arrivals.map((_, t) => t >= 4 * season && t < 4 * season + 48);
	for (let t = 4 * season; t < 4 * season + 48; t++) arrivals[t] = 0;

	it.each(['seasonalNaive', 'weightedAverage', 'holtWintersAdditive', 'holtWintersMultiplicative'] as const)(
		'%s does not learn that Mondays are empty',
		(method) => {
			const result = forecastArrivals({ arrivals, holidays, intervalMinutes: 30, horizon: 48, method });
			const mondayTruth = nextWeekTruth(5, 30).slice(0, 48);
			expect(scoreForecast(result.forecast, mondayTruth).wape!).toBeLessThan(0.1);
		}
	);

	it('unflagged, the same day drags seasonal naive to zero (the contrast)', () => {
		const result = forecastArrivals({ arrivals, intervalMinutes: 30, horizon: 48, method: 'seasonalNaive' });
		expect(Math.max(...result.forecast)).toBe(0);
	});

	it('holiday slots are not scored', () => {
		expect(scoreForecast([5, 100], [5, 0], [false, true])).toEqual({ wape: 0, maeArrivals: 0, biasArrivals: 0 });
	});
});

describe('short histories', () => {
	it('under one week: flat mean, and says so', () => {
		const arrivals = synthetic(3 / 7, 30);
		const result = forecastArrivals({ arrivals, intervalMinutes: 30, horizon: 10, method: 'holtWintersAdditive' });
		expect(result.method).toBe('flatMean');
		expect(result.chosenBy).toBe('fallback');
		expect(result.notes.join(' ')).toMatch(/flat mean/);
		const mean = arrivals.reduce((a, b) => a + b, 0) / arrivals.length;
		expect(result.forecast).toEqual(Array(10).fill(mean));
	});

	it('Holt-Winters asked for with 1.5 weeks: weighted average instead, and says why', () => {
		const result = forecastArrivals({ arrivals: synthetic(1.5, 30), intervalMinutes: 30, horizon: 48, method: 'holtWintersMultiplicative' });
		expect(result.method).toBe('weightedAverage');
		expect(result.chosenBy).toBe('fallback');
		expect(result.notes.join(' ')).toMatch(/holtWintersMultiplicative needs 2 weeks/);
	});

	it('too short to backtest: unscored fallback, noted', () => {
		const result = forecastArrivals({ arrivals: synthetic(1.5, 30), intervalMinutes: 30, horizon: 48 });
		expect(result.scores).toEqual({});
		expect(result.method).toBe('weightedAverage');
		expect(result.notes.join(' ')).toMatch(/too short to hold out/);
	});

	it('2.5 weeks: simple methods scored, Holt-Winters left out and noted', () => {
		const result = forecastArrivals({ arrivals: synthetic(2.5, 30), intervalMinutes: 30, horizon: 48 });
		expect(Object.keys(result.scores).sort()).toEqual(['seasonalNaive', 'weightedAverage']);
		expect(result.notes.join(' ')).toMatch(/Holt-Winters not backtested/);
	});
});
