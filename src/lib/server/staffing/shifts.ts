/**
 * Shift planning as a MILP solved by HiGHS (WebAssembly). Decision x[d][s] = agents starting
 * shift s on day d. min_cost covers every period at least to its requirement at least cost;
 * min_abs_difference minimises Σ|coverage − requirement| (over- and under-staffing alike).
 * The same model shape as pyworkforce's MinRequiredResources / MinAbsDifference.
 */
import type { Highs } from 'highs';
import { DomainError } from '../errors';
import { solverPool } from './solverPool';

export interface ShiftTemplate {
	name: string;
	/** 1 where the shift is on duty, one entry per period of the day */
	coverage: (0 | 1)[];
	/** default: the number of periods covered (paid time) */
	cost?: number;
}

export interface ShiftPlanInput {
	objective: 'min_cost' | 'min_abs_difference';
	days: number;
	periodsPerDay: number;
	/** days × periods agents required */
	required: number[][];
	shifts: ShiftTemplate[];
	/** most agents on duty in any one period (seats, licences) */
	maxPeriodConcurrency?: number;
	/** most agents on any one shift on a day */
	maxShiftConcurrency?: number;
	timeLimitS?: number;
}

export interface ShiftAssignment {
	day: number;
	shift: string;
	agents: number;
}

export interface ShiftPlanResult {
	status: 'optimal' | 'feasible' | 'infeasible';
	objective: number | null;
	assignments: ShiftAssignment[];
	/** days × periods agents on duty under the plan */
	coverage: number[][];
	/** for infeasible plans: the first day/period that cannot be covered, and why */
	reason?: { day: number; period: number; required: number; message: string };
}

const HIGHS_KEY = Symbol.for('opshub.staffing.highs');
type HighsHolder = { [HIGHS_KEY]?: Promise<Highs> };

/**
 * Loads the Wasm solver on first use and keeps it on globalThis: module-level state would be
 * duplicated by dev-server reloads, and import-time loading would run inside `vite build`.
 */
export function loadHighs(): Promise<Highs> {
	const holder = globalThis as HighsHolder;
	holder[HIGHS_KEY] ??= import('highs')
		.then((mod) => mod.default())
		.catch((error: unknown) => {
			// A failed load must not poison every later call.
			delete holder[HIGHS_KEY];
			throw error;
		});
	return holder[HIGHS_KEY];
}

const costOf = (shift: ShiftTemplate) => shift.cost ?? shift.coverage.reduce<number>((n, c) => n + c, 0);
const xName = (d: number, s: number) => `x_${d}_${s}`;

interface LpScope {
	days: number[];
	/** coverage rows for periods ≤ lastPeriod only: used to find the first period that fails */
	lastPeriod: number;
}

/**
 * An LP-format linear expression from [coefficient, variable] pairs, a dozen terms per line:
 * CPLEX LP readers are not required to accept arbitrarily long lines.
 */
function expr(terms: [number, string][]): string {
	const parts = terms.map(([c, v], i) => {
		const sign = c < 0 ? '-' : i === 0 ? '' : '+';
		return `${sign} ${Math.abs(c)} ${v}`.trim();
	});
	const lines: string[] = [];
	for (let i = 0; i < parts.length; i += 12) lines.push(parts.slice(i, i + 12).join(' '));
	return lines.join('\n   ');
}

export function buildShiftLp(input: ShiftPlanInput, scope?: LpScope): string {
	const days = scope?.days ?? Array.from({ length: input.days }, (_, d) => d);
	const lastPeriod = scope?.lastPeriod ?? input.periodsPerDay - 1;
	const minCost = input.objective === 'min_cost';
	const objective: [number, string][] = [];
	const rows: string[] = [];
	const bounds: string[] = [];
	const generals: string[] = [];

	for (const d of days) {
		input.shifts.forEach((shift, s) => {
			objective.push([minCost ? costOf(shift) : 0, xName(d, s)]);
			generals.push(xName(d, s));
			if (input.maxShiftConcurrency !== undefined) bounds.push(`0 <= ${xName(d, s)} <= ${input.maxShiftConcurrency}`);
		});
		for (let p = 0; p < input.periodsPerDay; p++) {
			const onDuty = input.shifts.flatMap((shift, s): [number, string][] => (shift.coverage[p] ? [[1, xName(d, s)]] : []));
			const required = input.required[d][p];
			if (minCost) {
				if (p <= lastPeriod && onDuty.length > 0) rows.push(` cover_${d}_${p}: ${expr(onDuty)} >= ${required}`);
			} else {
				const over = `over_${d}_${p}`;
				const under = `under_${d}_${p}`;
				objective.push([1, over], [1, under]);
				rows.push(` gap_${d}_${p}: ${expr([...onDuty, [-1, over], [1, under]])} = ${required}`);
			}
			if (input.maxPeriodConcurrency !== undefined && onDuty.length > 0) {
				rows.push(` seats_${d}_${p}: ${expr(onDuty)} <= ${input.maxPeriodConcurrency}`);
			}
		}
	}
	return [
		'Minimize',
		` obj: ${expr(objective)}`,
		'Subject To',
		...(rows.length ? rows : [` none: ${xName(days[0], 0)} >= 0`]),
		'Bounds',
		...bounds,
		'Generals',
		` ${generals.join(' ')}`,
		'End'
	].join('\n');
}

/**
 * The cheap part of the diagnosis: a period needing more agents than every shift covering it
 * may hold, or than the seat cap. Catches the common mistakes (a night with no night shift)
 * without a solve and names them precisely.
 */
export function firstUncoverablePeriod(input: ShiftPlanInput): ShiftPlanResult['reason'] {
	for (let d = 0; d < input.days; d++) {
		for (let p = 0; p < input.periodsPerDay; p++) {
			const required = input.required[d][p];
			if (required <= 0) continue;
			const covering = input.shifts.filter((shift) => shift.coverage[p]);
			if (covering.length === 0) {
				return { day: d, period: p, required, message: `no shift covers day ${d} period ${p}` };
			}
			const shiftCap = input.maxShiftConcurrency === undefined ? Infinity : covering.length * input.maxShiftConcurrency;
			const cap = Math.min(shiftCap, input.maxPeriodConcurrency ?? Infinity);
			if (required > cap) {
				return {
					day: d,
					period: p,
					required,
					message: `day ${d} period ${p} needs ${required} agents but at most ${cap} can be on duty`
				};
			}
		}
	}
	return undefined;
}

const solveOptions = (input: ShiftPlanInput) => ({
	output_flag: false,
	time_limit: input.timeLimitS ?? 10
});

async function isInfeasible(input: ShiftPlanInput, scope: LpScope): Promise<boolean> {
	return (await solverPool().solve(buildShiftLp(input, scope), solveOptions(input))).solution.Status === 'Infeasible';
}

/** The LP relaxation of a model (its integrality section dropped): its optimum bounds the MILP's. */
export function relaxationOf(lp: string): string {
	const lines = lp.split('\n');
	const at = lines.indexOf('Generals');
	return at < 0 ? lp : [...lines.slice(0, at), ...lines.slice(at + 2)].join('\n');
}

/**
 * Days are independent in this model, so the first infeasible day is found day by day and
 * the first failing period by bisecting on how many of that day's periods must be covered.
 */
async function locateInfeasibility(input: ShiftPlanInput): Promise<ShiftPlanResult['reason']> {
	for (let d = 0; d < input.days; d++) {
		if (!(await isInfeasible(input, { days: [d], lastPeriod: input.periodsPerDay - 1 }))) continue;
		let lo = -1;
		let hi = input.periodsPerDay - 1;
		while (hi - lo > 1) {
			const mid = Math.floor((lo + hi) / 2);
			if (await isInfeasible(input, { days: [d], lastPeriod: mid })) hi = mid;
			else lo = mid;
		}
		return {
			day: d,
			period: hi,
			required: input.required[d][hi],
			message: `day ${d} period ${hi} cannot be covered together with the earlier periods within the concurrency limits`
		};
	}
	return undefined;
}

export async function planShifts(input: ShiftPlanInput): Promise<ShiftPlanResult> {
	const emptyCoverage = () => input.required.map((row) => row.map(() => 0));
	if (input.objective === 'min_cost') {
		const reason = firstUncoverablePeriod(input);
		if (reason) return { status: 'infeasible', objective: null, assignments: [], coverage: emptyCoverage(), reason };
	}
	// On a worker thread (solverPool.ts): a solve may take its whole time limit.
	const lp = buildShiftLp(input);
	const { solution, bound } = await solverPool().solve(lp, solveOptions(input), relaxationOf(lp));

	if (solution.Status === 'Infeasible') {
		return {
			status: 'infeasible',
			objective: null,
			assignments: [],
			coverage: emptyCoverage(),
			reason: (await locateInfeasibility(input)) ?? {
				day: 0,
				period: 0,
				required: input.required[0]?.[0] ?? 0,
				message: 'the solver proved the plan infeasible but no single day reproduces it'
			}
		};
	}
	const hasSolution = solution.Status === 'Optimal' || (solution.Status === 'Time limit reached' && Object.keys(solution.Columns).length > 0 && Number.isFinite(solution.ObjectiveValue));
	if (!hasSolution) {
		const limit = input.timeLimitS ?? 10;
		const best = bound === null ? 'no bound known' : `best bound ${roundNoise(bound)} (LP relaxation)`;
		if (solution.Status === 'Time limit reached') {
			throw new DomainError('UNAVAILABLE', `No shift plan found within the ${limit} s time limit; ${best}. Raise timeLimitS or shorten the horizon`, 'timeLimitS', bound === null ? undefined : { 'x-best-bound': String(roundNoise(bound)) });
		}
		throw new DomainError('UNPROCESSABLE', `The shift solver could not solve this plan (status: ${solution.Status})`);
	}

	const assignments: ShiftAssignment[] = [];
	const coverage = emptyCoverage();
	let costTotal = 0;
	for (let d = 0; d < input.days; d++) {
		input.shifts.forEach((shift, s) => {
			const column = solution.Columns[xName(d, s)];
			const agents = column && 'Primal' in column ? Math.round(column.Primal) : 0;
			if (agents <= 0) return;
			assignments.push({ day: d, shift: shift.name, agents });
			costTotal += agents * costOf(shift);
			shift.coverage.forEach((on, p) => {
				if (on) coverage[d][p] += agents;
			});
		});
	}
	return {
		status: solution.Status === 'Optimal' ? 'optimal' : 'feasible',
		// Recomputed from the rounded integers: the solver's value carries tolerance noise.
		objective: roundNoise(input.objective === 'min_cost' ? costTotal : totalGap(input, coverage)),
		assignments,
		coverage
	};
}

function totalGap(input: ShiftPlanInput, coverage: number[][]): number {
	let gap = 0;
	for (let d = 0; d < input.days; d++) {
		for (let p = 0; p < input.periodsPerDay; p++) gap += Math.abs(coverage[d][p] - input.required[d][p]);
	}
	return gap;
}

/** Sums of decimal costs (1.1 × n) pick up binary noise; nobody budgets below a billionth. */
const roundNoise = (value: number) => Math.round(value * 1e9) / 1e9;
