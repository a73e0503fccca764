/**
 * Staffing plans: a requirement and the shift solution that covers it, saved, published
 * (audited) and later held against what really arrived.
 */
import { z } from 'zod';
import { desc, eq, isNotNull } from 'drizzle-orm';
import { staffingPlans } from '../../../../schemas/postgres/index';
import { audit } from '../audit';
import { authorize } from '../rbac/actor';
import { conflict, notFound } from '../errors';
import { shiftTemplates } from '../../staffing/shiftTemplates';
import { erlangCAgents } from './erlang';
import { staffedWithShrinkage } from './workload';
import { scoreForecast } from './forecast';
import { arrivalsSeries } from './history';
import { planShifts, type ShiftPlanResult, type ShiftTemplate } from './shifts';
import { requirementQuerySchema, shiftPlanInputSchema } from './schemas';
import { computeRequirement, requirementParams, type Requirement, type RequirementParams, type StaffingCtx } from './requirement';
import { parseShiftPlan, parseStaffing } from './calculate';
import type { Ctx } from '../context';
import { groups } from '../../../../schemas/postgres/index';
import { computeDeskRequirement, deskParams, deskQuerySchema, touchesByChannel, type DeskRequirement } from './desk';
import { invalid } from '../errors';
import { loadRoster, ROSTER_BOUNDS } from './roster';
import { assignShifts, rotaShifts, type Rota } from './rota';

const OT = ROSTER_BOUNDS.overtimeH;
const overtimeMsg = `overtimeH must be from ${OT.min} to ${OT.max} h per agent and week`;

async function groupExists(ctx: Ctx, id: string): Promise<void> {
	const [g] = await ctx.db.select({ id: groups.id }).from(groups).where(eq(groups.id, id));
	if (!g) throw invalid(`groupId ${id} is not a group`, 'groupId');
}

export const createPlanSchema = z.object({
	name: z
		.string({ error: 'name must be a text' })
		.trim()
		.min(1, { error: 'name must not be empty' })
		.max(200, { error: 'name must be at most 200 characters' }),
	/** the requirement's parameters, as for GET /api/staffing/requirement */
	query: z.record(z.string(), z.unknown(), { error: 'query must be an object of requirement parameters' }).optional(),
	objective: shiftPlanInputSchema.shape.objective.optional(),
	/** default: the five 8-hour templates of $lib/staffing/shiftTemplates */
	shifts: z.array(z.unknown(), { error: 'shifts must be a list of shift templates' }).optional(),
	maxPeriodConcurrency: z.number().optional(),
	maxShiftConcurrency: z.number().optional(),
	/** 'desk' (default on the page): touches per channel, Erlang C for phone/chat, workload for the rest
	 * (query = GET /api/staffing/desk parameters, with groupId for one group's plan);
	 * 'erlang': the single-channel Erlang C requirement of GET /api/staffing/requirement. */
	mode: z.enum(['erlang', 'desk'], { error: 'mode must be erlang or desk' }).optional(),
	/** desk plans: hours beyond their contract an agent may be rostered to fill a shift (default 0) */
	overtimeH: z.preprocess(
		(v) => (v === '' || v === null ? undefined : typeof v === 'string' ? Number(v) : v),
		z.number({ error: overtimeMsg }).refine((v) => Number.isFinite(v) && v >= OT.min && v <= OT.max, { error: overtimeMsg }).optional()
	)
});

export interface PlanShifts {
	objective: 'min_cost' | 'min_abs_difference';
	templates: ShiftTemplate[];
	maxPeriodConcurrency?: number;
	maxShiftConcurrency?: number;
}

export type PlanRow = typeof staffingPlans.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findPlan(ctx: Ctx, id: string): Promise<PlanRow> {
	if (!UUID.test(id)) throw notFound(`Staffing plan ${id}`);
	const [row] = await ctx.db.select().from(staffingPlans).where(eq(staffingPlans.id, id));
	if (!row) throw notFound(`Staffing plan ${id}`);
	return row;
}

/** Computes the requirement now, solves the shifts over it, saves both. Audited. */
export async function createPlan(ctx: StaffingCtx, raw: unknown): Promise<PlanRow> {
	const actor = authorize(ctx.actor, 'staffing.plan');
	const input = parseStaffing(createPlanSchema, raw);
	const query = Object.fromEntries(
		Object.entries(input.query ?? {}).map(([k, v]) => [k, v === null || v === undefined ? undefined : Array.isArray(v) ? v.join(',') : String(v)])
	);
	let requirement: Requirement | DeskRequirement;
	let days: number;
	if (input.mode === 'desk') {
		const dp = deskParams(parseStaffing(deskQuerySchema, query));
		if (dp.groupId) await groupExists(ctx, dp.groupId);
		requirement = await computeDeskRequirement(ctx, dp);
		days = dp.days;
	} else {
		const params = requirementParams(parseStaffing(requirementQuerySchema, query));
		requirement = await computeRequirement(ctx, params);
		days = params.days;
	}
	const shiftInput = parseShiftPlan({
		objective: input.objective ?? 'min_cost',
		days,
		periodsPerDay: requirement.periodsPerDay,
		required: requirement.required,
		shifts: input.shifts ?? shiftTemplates(requirement.periodsPerDay),
		...(input.maxPeriodConcurrency !== undefined ? { maxPeriodConcurrency: input.maxPeriodConcurrency } : {}),
		...(input.maxShiftConcurrency !== undefined ? { maxShiftConcurrency: input.maxShiftConcurrency } : {})
	});
	const solution = await planShifts(shiftInput);
	// Desk plans name the people: the group's members (or every agent) on the solver's counts.
	let rota: Rota | null = null;
	if (input.mode === 'desk' && solution.status !== 'infeasible') {
		const dp = requirement.params as { start: string; groupId: string | null };
		rota = assignShifts(await loadRoster(ctx.db, { groupId: dp.groupId }), solution.assignments, {
			start: dp.start.slice(0, 10),
			days,
			groupId: dp.groupId ?? null,
			shifts: rotaShifts(shiftInput.shifts, requirement.periodsPerDay),
			maxOvertimeH: input.overtimeH ?? OT.default
		});
	}
	const shifts: PlanShifts = {
		objective: shiftInput.objective,
		templates: shiftInput.shifts,
		maxPeriodConcurrency: shiftInput.maxPeriodConcurrency,
		maxShiftConcurrency: shiftInput.maxShiftConcurrency
	};
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(staffingPlans)
			.values({ name: input.name, createdBy: actor.accountId, inputs: requirement.params, requirement, shifts, solution, rota })
			.returning();
		await audit(tx, actor, {
			action: 'staffing.plan.create',
			entityType: 'staffing_plan',
			entityId: row.id,
			after: { name: row.name, inputs: row.inputs, status: solution.status, objective: solution.objective, ...(rota ? { rota: rota.totals } : {}) }
		});
		return row;
	});
}

export interface PlanSummary {
	id: string;
	name: string;
	createdAt: Date;
	publishedAt: Date | null;
	start: string;
	end: string;
	channel: string;
	intervalMin: number;
	status: ShiftPlanResult['status'];
	forecastContacts: number;
	staffedHours: number;
	/** 'desk' plans: touches per channel; 'erlang': one channel's arrivals */
	mode: 'desk' | 'erlang';
	groupId: string | null;
	peakStaffed: number;
	/** desk plans: the named shifts' places filled and uncovered, and overtime hours */
	named: Pick<Rota['totals'], 'places' | 'filled' | 'uncovered' | 'overtimeHours'> | null;
}

function summary(row: PlanRow): PlanSummary {
	const req = row.requirement as Requirement;
	const sol = row.solution as ShiftPlanResult;
	return {
		id: row.id,
		name: row.name,
		createdAt: row.createdAt,
		publishedAt: row.publishedAt,
		start: req.params.start,
		end: req.params.end,
		channel: req.params.channel,
		intervalMin: req.params.intervalMin,
		status: sol.status,
		forecastContacts: req.totals.contacts,
		staffedHours: req.totals.staffedHours,
		mode: (req as { kind?: string }).kind === 'desk' ? 'desk' : 'erlang',
		groupId: (req.params as { groupId?: string | null }).groupId ?? null,
		peakStaffed: req.totals.peakStaffed,
		named: row.rota ? (({ places, filled, uncovered, overtimeHours }) => ({ places, filled, uncovered, overtimeHours }))((row.rota as Rota).totals) : null
	};
}

export async function listPlans(ctx: Ctx, limit = 50): Promise<PlanSummary[]> {
	authorize(ctx.actor, 'staffing.read');
	const rows = await ctx.db.select().from(staffingPlans).orderBy(desc(staffingPlans.createdAt)).limit(limit);
	return rows.map(summary);
}

export async function getPlan(ctx: Ctx, id: string): Promise<PlanRow> {
	authorize(ctx.actor, 'staffing.read');
	return findPlan(ctx, id);
}

/**
 * A group (or the whole desk) has one schedule of record per week: publishing a second desk plan
 * for the same group and start is refused, naming the one in force.
 */
async function refuseSecondDeskPlan(db: Ctx['db'], row: PlanRow): Promise<void> {
	const req = row.requirement as { kind?: string; params: { start: string; groupId?: string | null } };
	if (req.kind !== 'desk') return;
	const published = await db
		.select({ id: staffingPlans.id, name: staffingPlans.name, requirement: staffingPlans.requirement, publishedAt: staffingPlans.publishedAt })
		.from(staffingPlans)
		.where(isNotNull(staffingPlans.publishedAt));
	const clash = published.find((o) => {
		const r = o.requirement as typeof req;
		return o.id !== row.id && r.kind === 'desk' && r.params.start === req.params.start && (r.params.groupId ?? null) === (req.params.groupId ?? null);
	});
	if (clash) {
		throw conflict(`Plan "${clash.name}" is already published for this ${req.params.groupId ? 'group' : 'desk'} and week (${req.params.start.slice(0, 10)})`);
	}
}

/** Publishing makes the plan the schedule of record; once only. Audited. */
export async function publishPlan(ctx: Ctx, id: string): Promise<PlanRow> {
	const actor = authorize(ctx.actor, 'staffing.plan');
	return ctx.db.transaction(async (tx) => {
		const row = await findPlan({ ...ctx, db: tx }, id);
		if (row.publishedAt) throw conflict(`Staffing plan ${id} was already published at ${row.publishedAt.toISOString()}`);
		if ((row.solution as ShiftPlanResult).status === 'infeasible') {
			throw conflict(`Staffing plan ${id} has no feasible shift solution to publish`);
		}
		await refuseSecondDeskPlan(tx, row);
		const [updated] = await tx
			.update(staffingPlans)
			.set({ publishedAt: new Date() })
			.where(eq(staffingPlans.id, id))
			.returning();
		await audit(tx, actor, {
			action: 'staffing.plan.publish',
			entityType: 'staffing_plan',
			entityId: id,
			before: { publishedAt: null },
			after: { publishedAt: updated.publishedAt!.toISOString() }
		});
		return updated;
	});
}

export interface ComparisonInterval {
	start: string;
	forecast: number;
	/** null while the interval has not ended */
	actual: number | null;
	/** heads the plan required */
	required: number;
	/** heads the published shifts put on duty */
	scheduled: number;
	/** heads the actual arrivals would have required (same AHT, targets, shrinkage) */
	requiredActual: number | null;
}

export interface PlanComparison {
	plan: PlanSummary;
	intervals: ComparisonInterval[];
	days: { date: string; forecast: number; actual: number | null; errorPct: number | null; understaffedIntervals: number }[];
	totals: {
		forecast: number;
		actual: number;
		/** over the elapsed intervals only */
		elapsedIntervals: number;
		wape: number | null;
		biasPerInterval: number;
		/** elapsed intervals where the schedule was below what the actual arrivals needed */
		understaffedIntervals: number;
	};
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** The plan's forecast against the arrivals ClickHouse recorded over the plan's dates. */
export async function comparePlan(ctx: StaffingCtx, id: string, now = Date.now()): Promise<PlanComparison> {
	authorize(ctx.actor, 'staffing.read');
	const row = await findPlan(ctx, id);
	const req = row.requirement as Requirement;
	const sol = row.solution as ShiftPlanResult;
	const p = req.params as unknown as RequirementParams & { start: string; end: string };
	const intervalMs = p.intervalMin * 60_000;
	const startMs = Date.parse(p.start);
	const isDesk = (req as { kind?: string }).kind === 'desk';
	const window = { from: new Date(startMs), to: new Date(Date.parse(p.end)), intervalMin: p.intervalMin };
	let actualAll: number[];
	if (isDesk) {
		// Desk plans forecast touches of their channels: compare with the touches logged.
		const dp = req.params as unknown as { groupId: string | null };
		const planned = new Set((req as unknown as DeskRequirement).channels.map((c) => c.channel));
		const n = Math.round((window.to.getTime() - startMs) / intervalMs);
		actualAll = new Array<number>(n).fill(0);
		for (const c of await touchesByChannel(ctx.ch, { ...window, groupId: dp.groupId })) {
			if (planned.has(c.channel)) c.touches.forEach((v, i) => (actualAll[i] += v));
		}
	} else {
		actualAll = await arrivalsSeries(ctx.ch, { ...window, channel: p.channel === 'all' ? null : p.channel });
	}
	const intervals: ComparisonInterval[] = req.intervals.map((iv, i) => {
		const elapsed = startMs + (i + 1) * intervalMs <= now;
		const actual = elapsed ? actualAll[i] : null;
		let requiredActual: number | null = null;
		if (actual !== null && !isDesk) {
			const load = (actual * iv.ahtS) / (p.intervalMin * 60);
			const agents =
				load > 0
					? erlangCAgents({
							trafficErlangs: load,
							ahtS: iv.ahtS,
							targetAnswerS: p.targetAnswerS,
							targetServiceLevel: p.targetServiceLevel,
							maxOccupancy: p.maxOccupancy
						}).agents
					: 0;
			requiredActual = staffedWithShrinkage(agents, p.shrinkage);
		}
		return {
			start: iv.start,
			forecast: iv.contacts,
			actual,
			required: iv.staffed,
			scheduled: sol.coverage[iv.day]?.[iv.period] ?? 0,
			requiredActual
		};
	});
	const elapsed = intervals.filter((iv) => iv.actual !== null);
	const score = scoreForecast(
		elapsed.map((iv) => iv.forecast),
		elapsed.map((iv) => iv.actual!)
	);
	const under = (iv: ComparisonInterval) => iv.requiredActual !== null && iv.scheduled < iv.requiredActual;
	const days = Array.from({ length: p.days }, (_, d) => {
		const slice = intervals.slice(d * req.periodsPerDay, (d + 1) * req.periodsPerDay);
		const forecast = slice.reduce((s, iv) => s + iv.forecast, 0);
		const done = slice.every((iv) => iv.actual !== null);
		const actual = done ? slice.reduce((s, iv) => s + iv.actual!, 0) : null;
		return {
			date: new Date(startMs + d * 86_400_000).toISOString().slice(0, 10),
			forecast: round3(forecast),
			actual,
			errorPct: actual !== null && actual > 0 ? round3(((forecast - actual) / actual) * 100) : null,
			understaffedIntervals: slice.filter(under).length
		};
	});
	return {
		plan: summary(row),
		intervals,
		days,
		totals: {
			forecast: round3(intervals.reduce((s, iv) => s + iv.forecast, 0)),
			actual: elapsed.reduce((s, iv) => s + iv.actual!, 0),
			elapsedIntervals: elapsed.length,
			// Nothing elapsed yet: no error to report, not a perfect 0%.
			wape: elapsed.length === 0 || score.wape === null ? null : round3(score.wape),
			biasPerInterval: round3(score.biasArrivals),
			understaffedIntervals: intervals.filter(under).length
		}
	};
}
