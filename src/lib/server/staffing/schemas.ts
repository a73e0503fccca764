/**
 * Input schemas for the staffing endpoints. Every message starts with the field name so the
 * route can answer 400 with it verbatim.
 */
import { z } from 'zod';

const num = (field: string) =>
	z.number({ error: `${field} must be a finite number` }).refine(Number.isFinite, {
		error: `${field} must be a finite number`
	});
const positive = (field: string) => num(field).refine((v) => v > 0, { error: `${field} must be greater than 0` });
const nonNegative = (field: string) => num(field).refine((v) => v >= 0, { error: `${field} must not be negative` });
/** (0, 1] */
const share = (field: string) =>
	num(field).refine((v) => v > 0 && v <= 1, { error: `${field} must be greater than 0 and at most 1` });
/** (0, 1): 0 is unreachable and 1 is no limit */
const openShare = (field: string) =>
	num(field).refine((v) => v > 0 && v < 1, { error: `${field} must be between 0 and 1 (exclusive)` });

export const erlangModels = ['erlangC', 'erlangA', 'erlangB'] as const;

export const erlangInputSchema = z
	.object({
		model: z.enum(erlangModels, { error: `model must be one of ${erlangModels.join(', ')}` }),
		contacts: nonNegative('contacts').optional(),
		intervalS: positive('intervalS').optional(),
		ahtS: positive('ahtS').optional(),
		targetAnswerS: nonNegative('targetAnswerS').optional(),
		targetServiceLevel: share('targetServiceLevel').optional(),
		targetAsaS: positive('targetAsaS').optional(),
		maxOccupancy: share('maxOccupancy').optional(),
		shrinkage: num('shrinkage')
			.refine((v) => v >= 0 && v < 1, { error: 'shrinkage must be at least 0 and below 1' })
			.optional(),
		patienceS: positive('patienceS').optional(),
		maxAbandonment: openShare('maxAbandonment').optional(),
		agents: num('agents')
			.refine((v) => Number.isInteger(v) && v >= 1, { error: 'agents must be a whole number of at least 1' })
			.optional(),
		trafficErlangs: nonNegative('trafficErlangs').optional(),
		maxBlocking: openShare('maxBlocking').optional()
	})
	.superRefine((input, ctx) => {
		const need = (field: keyof typeof input, why: string) => {
			if (input[field] === undefined) {
				ctx.addIssue({ code: 'custom', path: [field], message: `${field} is required ${why}` });
			}
		};
		const hasVolume =
			input.contacts !== undefined && input.intervalS !== undefined && input.ahtS !== undefined;
		if (input.trafficErlangs === undefined && !hasVolume) {
			for (const field of ['contacts', 'intervalS', 'ahtS'] as const) {
				need(field, 'unless trafficErlangs is given');
			}
		}
		if (input.model === 'erlangB') {
			if (input.agents === undefined) need('maxBlocking', 'for erlangB unless agents is given');
			return;
		}
		need('ahtS', `for ${input.model}`);
		need('targetAnswerS', `for ${input.model}`);
		if (input.agents === undefined) need('targetServiceLevel', `for ${input.model} unless agents is given`);
		if (input.model === 'erlangA') need('patienceS', 'for erlangA');
	});

export type ErlangInput = z.infer<typeof erlangInputSchema>;

/** The first issue as "field: message", for a 400 body. */
export function firstIssue(error: z.ZodError): { field: string; message: string } {
	const issue = error.issues[0];
	return { field: issue?.path.join('.') || 'input', message: issue?.message ?? 'invalid input' };
}

const coverageFlag = z.union([z.literal(0), z.literal(1)], { error: 'coverage entries must be 0 or 1' });

export const shiftPlanInputSchema = z
	.object({
		objective: z.enum(['min_cost', 'min_abs_difference'], {
			error: 'objective must be min_cost or min_abs_difference'
		}),
		days: num('days').refine((v) => Number.isInteger(v) && v >= 1, { error: 'days must be a whole number of at least 1' }),
		periodsPerDay: num('periodsPerDay').refine((v) => Number.isInteger(v) && v >= 1, {
			error: 'periodsPerDay must be a whole number of at least 1'
		}),
		required: z.array(z.array(nonNegative('required'))),
		shifts: z
			.array(
				z.object({
					name: z.string().min(1, { error: 'shifts.name must not be empty' }),
					coverage: z.array(coverageFlag),
					cost: nonNegative('shifts.cost').optional()
				})
			)
			.min(1, { error: 'shifts must list at least one shift' }),
		maxPeriodConcurrency: nonNegative('maxPeriodConcurrency').optional(),
		maxShiftConcurrency: nonNegative('maxShiftConcurrency').optional(),
		timeLimitS: positive('timeLimitS').optional()
	})
	.superRefine((input, ctx) => {
		if (input.required.length !== input.days) {
			ctx.addIssue({ code: 'custom', path: ['required'], message: `required must have ${input.days} rows (days)` });
		}
		input.required.forEach((row, d) => {
			if (row.length !== input.periodsPerDay) {
				ctx.addIssue({
					code: 'custom',
					path: ['required', d],
					message: `required[${d}] must have ${input.periodsPerDay} periods`
				});
			}
		});
		input.shifts.forEach((shift, s) => {
			if (shift.coverage.length !== input.periodsPerDay) {
				ctx.addIssue({
					code: 'custom',
					path: ['shifts', s, 'coverage'],
					message: `shifts[${s}].coverage must have ${input.periodsPerDay} entries`
				});
			}
		});
	});

/** Query-string number: '' and absent are "not given", anything else must parse as a number. */
const queryNum = (field: string) =>
	z.preprocess(
		(v) => (v === '' || v === undefined || v === null ? undefined : typeof v === 'string' ? Number(v) : v),
		num(field).optional()
	);

export const REQUIREMENT_CHANNELS = ['all', 'portal', 'email', 'phone', 'chat', 'api', 'monitoring'] as const;

export const requirementQuerySchema = z.object({
	/** first forecast day (UTC date); default today */
	start: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'start must be a date YYYY-MM-DD' })
		.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), { error: 'start must be a real date' })
		.optional(),
	days: queryNum('days').refine((v) => v === undefined || (Number.isInteger(v) && v >= 1 && v <= 28), {
		error: 'days must be a whole number from 1 to 28'
	}),
	intervalMin: queryNum('intervalMin').refine((v) => v === undefined || v === 15 || v === 30 || v === 60, {
		error: 'intervalMin must be 15, 30 or 60'
	}),
	channel: z.enum(REQUIREMENT_CHANNELS, { error: `channel must be one of ${REQUIREMENT_CHANNELS.join(', ')}` }).optional(),
	historyWeeks: queryNum('historyWeeks').refine((v) => v === undefined || (Number.isInteger(v) && v >= 1 && v <= 26), {
		error: 'historyWeeks must be a whole number from 1 to 26'
	}),
	method: z.enum(['seasonalNaive', 'weightedAverage', 'holtWintersAdditive', 'holtWintersMultiplicative'], {
		error: 'method must be seasonalNaive, weightedAverage, holtWintersAdditive or holtWintersMultiplicative'
	}).optional(),
	targetServiceLevel: queryNum('targetServiceLevel').refine((v) => v === undefined || (v > 0 && v < 1), {
		error: 'targetServiceLevel must be between 0 and 1 (exclusive)'
	}),
	targetAnswerS: queryNum('targetAnswerS').refine((v) => v === undefined || v >= 0, {
		error: 'targetAnswerS must not be negative'
	}),
	shrinkage: queryNum('shrinkage').refine((v) => v === undefined || (v >= 0 && v < 1), {
		error: 'shrinkage must be at least 0 and below 1'
	}),
	maxOccupancy: queryNum('maxOccupancy').refine((v) => v === undefined || (v > 0 && v <= 1), {
		error: 'maxOccupancy must be greater than 0 and at most 1'
	}),
	volumePct: queryNum('volumePct').refine((v) => v === undefined || (v >= -100 && v <= 1000), {
		error: 'volumePct must be between -100 and 1000'
	}),
	ahtS: queryNum('ahtS').refine((v) => v === undefined || (v > 0 && v <= 86_400), {
		error: 'ahtS must be greater than 0 and at most 86400'
	})
});

export type RequirementQuery = z.infer<typeof requirementQuerySchema>;
