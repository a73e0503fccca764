import { describe, it, expect } from 'vitest';
import { thresholdLevel } from '../../../src/lib/boards/threshold';

describe('thresholdLevel', () => {
	it('higher is worse: reaching amber warns, reaching red is critical', () => {
		const t = { amber: 50, red: 100, direction: 'above' as const };
		expect(thresholdLevel(10, t)).toBe('ok');
		expect(thresholdLevel(49.9, t)).toBe('ok');
		expect(thresholdLevel(50, t)).toBe('warn');
		expect(thresholdLevel(99, t)).toBe('warn');
		expect(thresholdLevel(100, t)).toBe('crit');
		expect(thresholdLevel(1e6, t)).toBe('crit');
	});

	it('lower is worse (SLA rates as fractions)', () => {
		const t = { amber: 0.95, red: 0.9, direction: 'below' as const };
		expect(thresholdLevel(0.99, t)).toBe('ok');
		expect(thresholdLevel(0.95, t)).toBe('warn');
		expect(thresholdLevel(0.91, t)).toBe('warn');
		expect(thresholdLevel(0.9, t)).toBe('crit');
		expect(thresholdLevel(0, t)).toBe('crit');
	});

	it('one limit alone is enough', () => {
		expect(thresholdLevel(5, { red: 3, direction: 'above' })).toBe('crit');
		expect(thresholdLevel(2, { red: 3, direction: 'above' })).toBe('ok');
		expect(thresholdLevel(5, { amber: 3, red: null, direction: 'above' })).toBe('warn');
	});

	it('no value or no limit: no level', () => {
		expect(thresholdLevel(null, { amber: 1, red: 2, direction: 'above' })).toBeNull();
		expect(thresholdLevel(undefined, { amber: 1, direction: 'above' })).toBeNull();
		expect(thresholdLevel(Number.NaN, { amber: 1, direction: 'above' })).toBeNull();
		expect(thresholdLevel(5, null)).toBeNull();
		expect(thresholdLevel(5, { direction: 'below' })).toBeNull();
	});
});
