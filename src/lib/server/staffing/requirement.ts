/**
 * The staffing requirement: history from ClickHouse → forecast per interval → Erlang C agents
 * per interval for the service-level target, grossed up for shrinkage.
 *
 * Intervals are UTC. History is whole weeks ending where the forecast starts, so slot i of the
 * history and slot i of the forecast fall on the same weekday and time (the forecast's season
 * is index mod slots-per-week). Holidays come from the business calendar, read in its zone.
 */
import type { Ctx } from '../context';
import type { ClickHouse } from '../analytics/clickhouse';
import { authorize } from '../rbac/actor';
import { loadSlaConfig } from '../tickets/slaConfig';
import { erlangCAgents } from './erlang';
import { staffedWithShrinkage } from './workload';
import { forecastArrivals, slotsPerWeek, type ForecastMethod, type ForecastResult } from './forecast';
import { arrivalsSeries, handlingBuckets, type HandlingBucket } from './history';
import { requirementQuerySchema, type RequirementQuery } from './schemas';
import { parseStaffing, MAX_TRAFFIC_ERLANGS } from './calculate';

export type StaffingCtx = Ctx & { ch: ClickHouse };

const DAY_MS = 86_400_000;
/** With no resolved ticket to learn from: ten minutes, a common desk handle time. */
export const DEFAULT_AHT_S = 600;
/** A slot's own mean needs this many resolved tickets; below it the channel mean is steadier. */
export const MIN_AHT_SAMPLES = 5;

export interface RequirementParams {
	start: Date;
	days: number;
	intervalMin: 15 | 30 | 60;
	channel: string;
	historyWeeks: number;
	method?: ForecastMethod;
	targetServiceLevel: number;
	targetAnswerS: number;
	shrinkage: number;
	maxOccupancy?: number;
	volumePct: number;
	/** what-if: one AHT for every interval instead of the measured ones */
	ahtS?: number;
}

export function requirementParams(q: RequirementQuery, now = Date.now()): RequirementParams {
	const start = q.start ? new Date(`${q.start}T00:00:00Z`) : new Date(Math.floor(now / DAY_MS) * DAY_MS);
	return {
		start,
		days: q.days ?? 7,
		intervalMin: (q.intervalMin ?? 30) as 15 | 30 | 60,
		channel: q.channel ?? 'all',
		historyWeeks: q.historyWeeks ?? 8,
		method: q.method,
		targetServiceLevel: q.targetServiceLevel ?? 0.8,
		targetAnswerS: q.targetAnswerS ?? 20,
		shrinkage: q.shrinkage ?? 0.3,
		maxOccupancy: q.maxOccupancy,
		volumePct: q.volumePct ?? 0,
		ahtS: q.ahtS
	};
}

export interface History {
	/** arrivals per interval, oldest first, whole weeks ending at params.start */
	arrivals: number[];
	/** true where the history slot is on a calendar holiday */
	holidays: boolean[];
	/** mean handling seconds per slot of the week (measured or fallen back) */
	ahtBySlot: number[];
	/** where ahtBySlot came from, for the screen */
	ahtSource: 'slot' | 'mean' | 'default' | 'mixed';
	meanAhtS: number;
	/** true where the forecast slot is on a calendar holiday */
	futureHolidays: boolean[];
}

export interface RequirementInterval {
	/** ISO start of the interval */
	start: string;
	day: number;
	period: number;
	/** forecast arrivals after the volume what-if */
	contacts: number;
	ahtS: number;
	trafficErlangs: number;
	/** productive agents Erlang C asks for */
	agents: number;
	/** heads to schedule after shrinkage */
	staffed: number;
	serviceLevel: number;
	occupancy: number;
	holiday: boolean;
	capped?: true;
}

export interface Requirement {
	params: Omit<RequirementParams, 'start'> & { start: string; end: string };
	periodsPerDay: number;
	forecast: Pick<ForecastResult, 'method' | 'chosenBy' | 'scores' | 'notes'> & { historyIntervals: number };
	aht: { meanS: number; source: History['ahtSource'] };
	intervals: RequirementInterval[];
	/** days × periods heads to schedule: the shift solver's `required` */
	required: number[][];
	totals: { contacts: number; agentHours: number; staffedHours: number; peakStaffed: number };
}

/** Per slot of the week: its own mean with enough samples, else the overall mean, else the default. */
export function ahtPerSlot(buckets: HandlingBucket[], historyStartMs: number, intervalMin: number): Pick<History, 'ahtBySlot' | 'ahtSource' | 'meanAhtS'> {
	const season = slotsPerWeek(intervalMin);
	const intervalMs = intervalMin * 60_000;
	const count = new Array<number>(season).fill(0);
	const work = new Array<number>(season).fill(0);
	let n = 0;
	let total = 0;
	for (const b of buckets) {
		const slot = ((Math.floor((b.bucketMs - historyStartMs) / intervalMs) % season) + season) % season;
		count[slot] += b.resolved;
		work[slot] += b.workS;
		n += b.resolved;
		total += b.workS;
	}
	const meanAhtS = n > 0 ? total / n : DEFAULT_AHT_S;
	let own = 0;
	const ahtBySlot = count.map((c, s) => {
		if (c >= MIN_AHT_SAMPLES) {
			own++;
			return work[s] / c;
		}
		return meanAhtS;
	});
	const ahtSource = n === 0 ? 'default' : own === season ? 'slot' : own === 0 ? 'mean' : 'mixed';
	return { ahtBySlot, ahtSource, meanAhtS };
}

/** Local date of an instant in a zone, 'YYYY-MM-DD'. */
function localDates(timeZone: string) {
	const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
	return (ms: number) => fmt.format(ms);
}

/** One flag per interval from `fromMs`: its start falls on a holiday of the calendar. */
export function holidayFlags(fromMs: number, n: number, intervalMin: number, calendar: { timeZone: string; holidays: readonly string[] } | undefined): boolean[] {
	if (!calendar || calendar.holidays.length === 0) return new Array<boolean>(n).fill(false);
	const set = new Set(calendar.holidays);
	const dateOf = localDates(calendar.timeZone);
	return Array.from({ length: n }, (_, i) => set.has(dateOf(fromMs + i * intervalMin * 60_000)));
}

/** Pure: history and what-if parameters in, requirement out. */
export function buildRequirement(p: RequirementParams, h: History): Requirement {
	const periodsPerDay = (24 * 60) / p.intervalMin;
	const horizon = p.days * periodsPerDay;
	const season = slotsPerWeek(p.intervalMin);
	const intervalS = p.intervalMin * 60;
	const fc = forecastArrivals({
		arrivals: h.arrivals,
		holidays: h.holidays,
		intervalMinutes: p.intervalMin,
		horizon,
		method: p.method
	});
	const volume = 1 + p.volumePct / 100;
	const intervals: RequirementInterval[] = [];
	const required: number[][] = Array.from({ length: p.days }, () => new Array<number>(periodsPerDay).fill(0));
	let contactsTotal = 0;
	let agentIntervals = 0;
	let staffedIntervals = 0;
	let peakStaffed = 0;
	for (let i = 0; i < horizon; i++) {
		const day = Math.floor(i / periodsPerDay);
		const period = i % periodsPerDay;
		const contacts = Math.max(0, fc.forecast[i] * volume);
		// History is whole weeks, so forecast slot i has the season index of history slot i.
		const ahtS = p.ahtS ?? h.ahtBySlot[i % season];
		const load = Math.min((contacts * ahtS) / intervalS, MAX_TRAFFIC_ERLANGS);
		const found =
			load > 0
				? erlangCAgents({
						trafficErlangs: load,
						ahtS,
						targetAnswerS: p.targetAnswerS,
						targetServiceLevel: p.targetServiceLevel,
						maxOccupancy: p.maxOccupancy
					})
				: null;
		const agents = found?.agents ?? 0;
		const staffed = staffedWithShrinkage(agents, p.shrinkage);
		required[day][period] = staffed;
		contactsTotal += contacts;
		agentIntervals += agents;
		staffedIntervals += staffed;
		peakStaffed = Math.max(peakStaffed, staffed);
		intervals.push({
			start: new Date(p.start.getTime() + i * intervalS * 1000).toISOString(),
			day,
			period,
			contacts: round3(contacts),
			ahtS: round3(ahtS),
			trafficErlangs: round3(load),
			agents,
			staffed,
			serviceLevel: found ? round3(found.metrics.serviceLevel) : 1,
			occupancy: found ? round3(found.metrics.occupancy) : 0,
			holiday: h.futureHolidays[i] ?? false,
			...(found?.capped ? { capped: true as const } : {})
		});
	}
	const hours = p.intervalMin / 60;
	return {
		params: {
			...p,
			start: p.start.toISOString(),
			end: new Date(p.start.getTime() + p.days * DAY_MS).toISOString()
		},
		periodsPerDay,
		forecast: { method: fc.method, chosenBy: fc.chosenBy, scores: fc.scores, notes: fc.notes, historyIntervals: h.arrivals.length },
		aht: { meanS: round3(h.meanAhtS), source: h.ahtSource },
		intervals,
		required,
		totals: {
			contacts: round3(contactsTotal),
			agentHours: agentIntervals * hours,
			staffedHours: staffedIntervals * hours,
			peakStaffed
		}
	};
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** I/O: the history window before params.start, from ClickHouse and the business calendar. */
export async function loadHistory(ctx: StaffingCtx, p: RequirementParams): Promise<History> {
	const historyStartMs = p.start.getTime() - p.historyWeeks * 7 * DAY_MS;
	const window = {
		from: new Date(historyStartMs),
		to: p.start,
		intervalMin: p.intervalMin,
		channel: p.channel === 'all' ? null : p.channel
	};
	const [arrivals, buckets, sla] = await Promise.all([
		arrivalsSeries(ctx.ch, window),
		handlingBuckets(ctx.ch, window),
		loadSlaConfig(ctx.db)
	]);
	const calendar = sla.calendars.business;
	const horizon = p.days * ((24 * 60) / p.intervalMin);
	return {
		arrivals,
		holidays: holidayFlags(historyStartMs, arrivals.length, p.intervalMin, calendar),
		futureHolidays: holidayFlags(p.start.getTime(), horizon, p.intervalMin, calendar),
		...ahtPerSlot(buckets, historyStartMs, p.intervalMin)
	};
}

export async function computeRequirement(ctx: StaffingCtx, p: RequirementParams): Promise<Requirement> {
	return buildRequirement(p, await loadHistory(ctx, p));
}

/** GET /api/staffing/requirement: query string in, requirement out. */
export async function staffingRequirement(ctx: StaffingCtx, query: Record<string, string>): Promise<Requirement> {
	authorize(ctx.actor, 'staffing.read');
	return computeRequirement(ctx, requirementParams(parseStaffing(requirementQuerySchema, query)));
}
