import { describe, it, expect } from 'vitest';
import { thresholdTone } from '../../../src/lib/boards/thresholds';
import { boardSchema, tileSchema, METRIC_VALUES, DEFAULT_BOARDS } from '../../../src/lib/server/boards/model';
import { METRICS } from '../../../src/lib/server/kpi/model';

describe('tile thresholds', () => {
	it('colours higher-is-worse values at and above each bound', () => {
		const t = { direction: 'above' as const, amber: 10, red: 20 };
		expect([5, 9.99, 10, 19, 20, 100].map((v) => thresholdTone(v, t))).toEqual(['green', 'green', 'amber', 'amber', 'red', 'red']);
	});
	it('colours lower-is-worse values at and below each bound', () => {
		const t = { direction: 'below' as const, amber: 0.9, red: 0.8 };
		expect([1, 0.95, 0.9, 0.85, 0.8, 0].map((v) => thresholdTone(v, t))).toEqual(['green', 'green', 'amber', 'amber', 'red', 'red']);
	});
	it('has no tone without thresholds or without a value', () => {
		expect(thresholdTone(5, undefined)).toBeNull();
		expect(thresholdTone(null, { direction: 'above', amber: 1, red: 2 })).toBeNull();
		expect(thresholdTone(Number.NaN, { direction: 'above', amber: 1, red: 2 })).toBeNull();
	});
	it('validates the order of the bounds, naming the field', () => {
		const tile = { id: 'x', kind: 'number', title: 'X', metric: 'backlog', value: 'total' };
		expect(tileSchema.safeParse({ ...tile, thresholds: { direction: 'above', amber: 10, red: 20 } }).success).toBe(true);
		const bad = tileSchema.safeParse({ ...tile, thresholds: { direction: 'above', amber: 20, red: 10 } });
		expect(bad.success).toBe(false);
		expect(bad.error!.issues[0].path).toEqual(['thresholds', 'red']);
		const bad2 = tileSchema.safeParse({ ...tile, thresholds: { direction: 'below', amber: 0.8, red: 0.9 } });
		expect(bad2.error!.issues[0].path).toEqual(['thresholds', 'red']);
		const bad3 = tileSchema.safeParse({ ...tile, thresholds: { direction: 'sideways', amber: 1, red: 2 } });
		expect(bad3.error!.issues[0].path).toEqual(['thresholds', 'direction']);
	});
	it('accepts tile filters on known dimensions only', () => {
		const tile = { id: 'x', kind: 'number', title: 'X', metric: 'backlog', value: 'total' };
		expect(tileSchema.safeParse({ ...tile, filters: { priority: ['P1'] } }).success).toBe(true);
		expect(tileSchema.safeParse({ ...tile, filters: { colour: ['red'] } }).success).toBe(false);
	});
});

describe('metric values catalogue', () => {
	it('covers every metric and every default board tile', () => {
		expect(Object.keys(METRIC_VALUES).sort()).toEqual([...METRICS].sort());
		for (const b of DEFAULT_BOARDS) {
			expect(boardSchema.safeParse(b).success).toBe(true);
			for (const t of b.tiles) if (t.kind === 'number') expect(METRIC_VALUES[t.metric!]).toContain(t.value);
		}
	});
});
