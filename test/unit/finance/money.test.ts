import { describe, it, expect } from 'vitest';
import {
	allocateLargestRemainder,
	cardInForce,
	periodWindow,
	periodRange,
	addPeriods,
	priceCents,
	ticketRate,
	variance,
	formatCents,
	sumCents,
	centsString
} from '../../../src/lib/server/finance/money';

describe('allocateLargestRemainder', () => {
	it.each([
		{ total: 100, weights: [1, 1, 1], out: [34, 33, 33] },
		{ total: 10000, weights: [1, 1, 1], out: [3334, 3333, 3333] },
		{ total: 1, weights: [1, 1, 1], out: [1, 0, 0] },
		{ total: 2, weights: [1, 1, 1], out: [1, 1, 0] },
		{ total: 100, weights: [50, 30, 20], out: [50, 30, 20] },
		{ total: 101, weights: [50, 30, 20], out: [51, 30, 20] },
		{ total: 999, weights: [3, 3, 1], out: [428, 428, 143] },
		{ total: 1000, weights: [0, 0, 0], out: [334, 333, 333] },
		{ total: 1000, weights: [0, 1, 0], out: [0, 1000, 0] },
		{ total: 7, weights: [1, 2], out: [2, 5] },
		{ total: 10, weights: [33.333333, 33.333333, 33.333334], out: [3, 3, 4] },
		{ total: -100, weights: [1, 1, 1], out: [-34, -33, -33] },
		{ total: 0, weights: [1, 2], out: [0, 0] }
	])('$total over $weights → $out', ({ total, weights, out }) => {
		const parts = allocateLargestRemainder(total, weights);
		expect(parts).toEqual(out);
		expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
	});

	it('ties break to the larger weight, then the lower index (deterministic)', () => {
		// remainders equal (1/3 each): weights equal → index order
		expect(allocateLargestRemainder(2, [5, 5, 5])).toEqual([1, 1, 0]);
		// 5 over [1,2,2]: exact 1, 2, 2
		expect(allocateLargestRemainder(5, [1, 2, 2])).toEqual([1, 2, 2]);
		// 1 cent over [2,1,1] (remainders 2/4, 1/4, 1/4) → the biggest remainder
		expect(allocateLargestRemainder(1, [2, 1, 1])).toEqual([1, 0, 0]);
		// 2 cents over [1,2,1]: remainders 2/4, 4/4→ exact 1, 2/4: tie between idx 0 and 2 → idx 0
		expect(allocateLargestRemainder(2, [1, 2, 1])).toEqual([1, 1, 0]);
	});

	it('sums exactly for many random cases and large totals', () => {
		let seed = 42;
		const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
		for (let k = 0; k < 500; k++) {
			const n = 1 + Math.floor(rnd() * 20);
			const w = Array.from({ length: n }, () => Math.floor(rnd() * 1000));
			const total = Math.floor(rnd() * 1e12);
			const parts = allocateLargestRemainder(total, w);
			expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
			// each part within 1 cent of the exact share
			const sum = w.reduce((a, b) => a + b, 0) || n;
			parts.forEach((p, i) => expect(Math.abs(p - (total * (sum === n && !w.some((x) => x > 0) ? 1 : w[i])) / sum)).toBeLessThan(1.0001));
		}
	});

	it('refuses negative weights and non-integer totals', () => {
		expect(() => allocateLargestRemainder(100, [1, -1])).toThrow(RangeError);
		expect(() => allocateLargestRemainder(1.5, [1])).toThrow(RangeError);
		expect(() => allocateLargestRemainder(1, [])).toThrow(RangeError);
		expect(allocateLargestRemainder(0, [])).toEqual([]);
	});
});

describe('periods', () => {
	it.each([
		['2026-01', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
		['2026-12', '2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
		['2024-02', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']
	])('%s → [%s, %s)', (p, from, to) => {
		const w = periodWindow(p);
		expect(w.from.toISOString()).toBe(from);
		expect(w.to.toISOString()).toBe(to);
	});
	it('rejects bad periods; ranges and steps across years', () => {
		expect(() => periodWindow('2026-13')).toThrow();
		expect(() => periodWindow('2026-1')).toThrow();
		expect(addPeriods('2026-01', -1)).toBe('2025-12');
		expect(periodRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
	});
});

describe('cardInForce (rate versions at period boundaries)', () => {
	const cards = [
		{ id: 'a', effectiveFrom: '2026-01-01' },
		{ id: 'b', effectiveFrom: '2026-03-01' },
		{ id: 'c', effectiveFrom: '2026-04-15' }
	];
	it.each([
		['2025-12', null],
		['2026-01', 'a'],
		['2026-02', 'a'],
		['2026-03', 'b'], // effective exactly on the period's first day
		['2026-04', 'b'], // mid-month card: not yet in force at the period start
		['2026-05', 'c']
	])('%s → %s', (period, id) => {
		expect(cardInForce(cards, period)?.id ?? null).toBe(id);
	});
});

describe('ticketRate specificity', () => {
	const rates = [
		{ category: null, priority: null, ticketType: null, unitRateCents: 1 },
		{ category: 'hardware', priority: null, ticketType: null, unitRateCents: 2 },
		{ category: 'hardware', priority: 'P1', ticketType: null, unitRateCents: 3 },
		{ category: 'hardware', priority: 'P1', ticketType: 'incident', unitRateCents: 4 }
	];
	it.each([
		[{ category: 'hardware', priority: 'P1', ticketType: 'incident' }, 4],
		[{ category: 'hardware', priority: 'P1', ticketType: 'service_request' }, 3],
		[{ category: 'hardware', priority: 'P3', ticketType: 'incident' }, 2],
		[{ category: 'network', priority: 'P1', ticketType: 'incident' }, 1]
	])('%o → %d', (key, rate) => {
		expect(ticketRate(rates, key)?.unitRateCents).toBe(rate);
	});
	it('no match → null', () => {
		expect(ticketRate(rates.slice(1), { category: 'network', priority: 'P1', ticketType: 'incident' })).toBeNull();
	});
});

describe('pricing, variance, formatting', () => {
	it.each([
		[90, 6000, 60, 9000], // 90 minutes at 60.00/h
		[1, 6000, 60, 100],
		[1, 1, 60, 0],
		[30, 1, 60, 1] // 0.5 rounds half up
	])('%d units × %d / %d = %d', (u, r, per, out) => expect(priceCents(u, r, per)).toBe(out));
	it('variance', () => {
		expect(variance(10000, 12500)).toEqual({ varianceCents: 2500, variancePct: 25 });
		expect(variance(30000, 10000)).toEqual({ varianceCents: -20000, variancePct: -66.67 });
		expect(variance(0, 500)).toEqual({ varianceCents: 500, variancePct: null });
	});
	it('formatCents', () => {
		expect(formatCents(123456789, 'EUR')).toBe('1,234,567.89 EUR');
		expect(formatCents(-5)).toBe('-0.05');
		expect(formatCents(9007199254740993n)).toBe('90,071,992,547,409.93'); // exact past 2^53
		expect(formatCents('-18014398509481987', 'EUR')).toBe('-180,143,985,094,819.87 EUR');
	});
	it('a line is priced exactly in BigInt and refused past 2^53 cents', () => {
		expect(priceCents(2, 2 ** 51)).toBe(2 ** 52);
		expect(priceCents(3, 3_002_399_751_580_330)).toBe(9_007_199_254_740_990);
		expect(priceCents(1800, Number.MAX_SAFE_INTEGER, 3600)).toBe(4_503_599_627_370_496); // product past 2^53, exact; x.5 rounds up
		expect(() => priceCents(2, Number.MAX_SAFE_INTEGER)).toThrow(RangeError);
	});
	it('sums and variance of totals in BigInt', () => {
		expect(sumCents([Number.MAX_SAFE_INTEGER, 2, '1', null, 3n])).toBe(9007199254740997n);
		expect(centsString(2n ** 60n)).toBe('1152921504606846976');
		expect(variance(9007199254740991n, 9007199254740993n)).toEqual({ varianceCents: 2n, variancePct: 0 });
		expect(variance(30000n, 10000n)).toEqual({ varianceCents: -20000n, variancePct: -66.67 });
		expect(variance(0n, 5n)).toEqual({ varianceCents: 5n, variancePct: null });
	});
});
