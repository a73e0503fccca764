/**
 * The calculator verbs behind POST /api/staffing/erlang and /api/staffing/shifts/solve:
 * authorize, validate (400 naming the field), call the pure math.
 */
import type { z } from 'zod';
import type { Ctx } from '../context';
import { authorize } from '../rbac/actor';
import { invalid } from '../errors';
import { erlangInputSchema, firstIssue, shiftPlanInputSchema } from './schemas';
import { solveErlang, type ErlangOutput } from './solveErlang';
import { planShifts, type ShiftPlanInput, type ShiftPlanResult } from './shifts';
import { trafficErlangs } from './erlang';

/**
 * Beyond this the agent search would walk millions of headcounts (and at 1e16 n++ stops
 * changing n): no desk has a hundred thousand agents on one queue.
 */
export const MAX_TRAFFIC_ERLANGS = 100_000;
/** Keeps one request's MILP to seconds: two months of 5-minute periods, 200 shift templates. */
const MAX_DAYS = 62;
const MAX_PERIODS = 288;
const MAX_SHIFTS = 200;

/**
 * zod → DomainError('INVALID') with the field. The staffing schemas' messages already start
 * with the field name; zod's own type errors ("expected array") get the path in front.
 */
export function parseStaffing<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('Request body must be a JSON object');
	const result = schema.safeParse(raw);
	if (result.success) return result.data;
	const { field, message } = firstIssue(result.error);
	const root = field.split('.')[0];
	throw invalid(message.startsWith(root) ? message : `${field}: ${message}`, field);
}

export function erlangFromInput(raw: unknown): ErlangOutput {
	const input = parseStaffing(erlangInputSchema, raw);
	const load =
		input.trafficErlangs ??
		(input.contacts !== undefined && input.intervalS !== undefined && input.ahtS !== undefined
			? trafficErlangs(input.contacts, input.intervalS, input.ahtS)
			: 0);
	if (!(load <= MAX_TRAFFIC_ERLANGS)) {
		const field = input.trafficErlangs !== undefined ? 'trafficErlangs' : 'contacts';
		throw invalid(`${field} gives ${load.toPrecision(3)} Erlangs of traffic; at most ${MAX_TRAFFIC_ERLANGS} is supported`, field);
	}
	if (input.agents !== undefined && input.agents > 10 * MAX_TRAFFIC_ERLANGS) {
		throw invalid(`agents must be at most ${10 * MAX_TRAFFIC_ERLANGS}`, 'agents');
	}
	return solveErlang(input);
}

export async function calculateErlang(ctx: Ctx, raw: unknown): Promise<ErlangOutput> {
	authorize(ctx.actor, 'staffing.read');
	return erlangFromInput(raw);
}

export function parseShiftPlan(raw: unknown): ShiftPlanInput {
	const input = parseStaffing(shiftPlanInputSchema, raw);
	if (input.days > MAX_DAYS) throw invalid(`days must be at most ${MAX_DAYS}`, 'days');
	if (input.periodsPerDay > MAX_PERIODS) throw invalid(`periodsPerDay must be at most ${MAX_PERIODS}`, 'periodsPerDay');
	if (input.shifts.length > MAX_SHIFTS) throw invalid(`shifts must list at most ${MAX_SHIFTS} shifts`, 'shifts');
	const names = new Set<string>();
	input.shifts.forEach((s, i) => {
		if (names.has(s.name)) throw invalid(`shifts[${i}].name "${s.name}" is used twice`, `shifts.${i}.name`);
		names.add(s.name);
	});
	return { ...input, timeLimitS: Math.min(input.timeLimitS ?? 10, 30) } as ShiftPlanInput;
}

export async function solveShifts(ctx: Ctx, raw: unknown): Promise<ShiftPlanResult> {
	authorize(ctx.actor, 'staffing.plan');
	return planShifts(parseShiftPlan(raw));
}
