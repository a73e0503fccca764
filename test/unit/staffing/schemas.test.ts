import { describe, expect, it } from 'vitest';
import { erlangInputSchema, firstIssue, shiftPlanInputSchema } from '../../../src/lib/server/staffing/schemas.ts';

const valid = { model: 'erlangC', contacts: 100, intervalS: 1800, ahtS: 180, targetAnswerS: 20, targetServiceLevel: 0.8 };

describe('erlangInputSchema', () => {
	it('accepts a complete request', () => {
		expect(erlangInputSchema.safeParse(valid).success).toBe(true);
	});

	it.each([
		['intervalS', { intervalS: 0 }],
		['ahtS', { ahtS: -5 }],
		['targetServiceLevel', { targetServiceLevel: 1.2 }],
		['shrinkage', { shrinkage: 1 }],
		['maxOccupancy', { maxOccupancy: 0 }],
		['contacts', { contacts: Number.NaN }],
		['agents', { agents: 2.5 }],
		['model', { model: 'erlangX' }],
		['targetServiceLevel', { targetServiceLevel: undefined }],
		['patienceS', { model: 'erlangA' }],
		['maxBlocking', { model: 'erlangB', maxBlocking: 0 }]
	])('rejects a bad %s and names it', (field, patch) => {
		const result = erlangInputSchema.safeParse({ ...valid, ...patch });
		expect(result.success).toBe(false);
		const issue = firstIssue(result.error!);
		expect(issue.field).toBe(field);
		expect(issue.message.startsWith(field)).toBe(true);
	});

	it('takes trafficErlangs instead of the volume fields', () => {
		expect(erlangInputSchema.safeParse({ model: 'erlangB', trafficErlangs: 10, maxBlocking: 0.02 }).success).toBe(true);
		const missing = erlangInputSchema.safeParse({ model: 'erlangB', maxBlocking: 0.02 });
		expect(missing.success).toBe(false);
		expect(firstIssue(missing.error!).field).toBe('contacts');
	});
});

describe('shiftPlanInputSchema', () => {
	it('names a coverage row of the wrong length', () => {
		const result = shiftPlanInputSchema.safeParse({
			objective: 'min_cost',
			days: 1,
			periodsPerDay: 3,
			required: [[1, 1, 1]],
			shifts: [{ name: 'a', coverage: [1, 1] }]
		});
		expect(result.success).toBe(false);
		expect(firstIssue(result.error!).field).toBe('shifts.0.coverage');
	});
});
