/** Finance inputs (zod). Money is integer cents; a period is 'YYYY-MM'. */
import { z } from 'zod';
import { parseInput } from '../validate';
import { CATEGORIES, PRIORITIES, TICKET_TYPES, TIERS } from '../../../../schemas/events';

export const COST_TYPES = ['tickets', 'labor', 'ci', 'services', 'overhead'] as const;
export type CostType = (typeof COST_TYPES)[number];

export const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a period YYYY-MM');

/** A period from a path or query parameter: 400 naming `field` (a bare schema would name none). */
export function parsePeriod(raw: unknown, field = 'period'): string {
	return parseInput(z.object({ [field]: period }), { [field]: raw })[field];
}
const cents = z.number().int('must be integer cents').min(0, 'must be ≥ 0').max(Number.MAX_SAFE_INTEGER);
const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
	.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a valid date');

export const settingsInput = z.object({
	currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like EUR').optional(),
	mode: z.enum(['showback', 'chargeback']).optional()
});

const ticketEntry = z.object({
	kind: z.literal('ticket'),
	category: z.enum(CATEGORIES).nullable().default(null),
	priority: z.enum(PRIORITIES).nullable().default(null),
	ticketType: z.enum(TICKET_TYPES).nullable().default(null),
	unitRateCents: cents
});
const hourEntry = z.object({ kind: z.literal('agent_hour'), tier: z.enum(TIERS), unitRateCents: cents });
const ciEntry = z.object({ kind: z.literal('ci_month'), ciClass: z.string().min(1).max(100), unitRateCents: cents });
const feeEntry = z.object({
	kind: z.literal('service_fee'),
	service: z.string().trim().min(1).max(200),
	departmentId: z.uuid('must be a department id').nullable().default(null),
	unitRateCents: cents
});
export const rateEntry = z.discriminatedUnion('kind', [ticketEntry, hourEntry, ciEntry, feeEntry]);
export type RateEntryInput = z.infer<typeof rateEntry>;

export const rateCardInput = z.object({
	effectiveFrom: isoDate,
	note: z.string().max(500).default(''),
	entries: z.array(rateEntry).min(1, 'needs at least one rate').max(5000)
});

export const copyRateCardInput = z.object({ effectiveFrom: isoDate, note: z.string().max(500).optional() });

export const budgetInput = z.object({
	departmentId: z.uuid('must be a department id'),
	period,
	costType: z.enum(COST_TYPES),
	amountCents: cents
});
export const budgetsInput = z.object({ budgets: z.array(budgetInput).min(1).max(10000) });

export const POOL_RULES = ['even', 'tickets', 'work_hours', 'fixed_pct'] as const;
export const costPoolInput = z
	.object({
		name: z.string().trim().min(1, 'is required').max(200),
		period,
		amountCents: cents,
		rule: z.enum(POOL_RULES),
		/** fixed_pct only: { departmentId: percent }, percents > 0 summing to 100 (2 decimals). */
		percentages: z.record(z.uuid('keys must be department ids'), z.number().positive('must be > 0').max(100)).optional()
	})
	.superRefine((v, ctx) => {
		if (v.rule === 'fixed_pct') {
			const pct = v.percentages;
			if (!pct || Object.keys(pct).length === 0) {
				ctx.addIssue({ code: 'custom', path: ['percentages'], message: 'is required for rule fixed_pct' });
				return;
			}
			// Compare in hundredths of a percent so 33.33 + 33.33 + 33.34 is exactly 100.
			const sum = Object.values(pct).reduce((a, b) => a + Math.round(b * 100), 0);
			if (sum !== 10000) {
				ctx.addIssue({
					code: 'custom',
					path: ['percentages'],
					message: `must sum to 100 (they sum to ${sum / 100})`
				});
			}
		} else if (v.percentages !== undefined) {
			ctx.addIssue({ code: 'custom', path: ['percentages'], message: `only applies to rule fixed_pct, not ${v.rule}` });
		}
	});
export type CostPoolInput = z.infer<typeof costPoolInput>;
