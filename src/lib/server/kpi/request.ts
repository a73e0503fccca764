/**
 * parseKpiRequest: query string → KpiRequest. Pure; every rejection is a DomainError INVALID
 * (400) naming the parameter at fault.
 */
import { invalid } from '../errors';
import { CATEGORIES, CHANNELS, PRIORITIES, TIERS } from '../../../../schemas/events';
import {
	DIMENSIONS,
	INSTANT_METRICS,
	METRICS,
	TIME_GRAINS,
	type Dimension,
	type KpiFilters,
	type KpiRequest,
	type Metric,
	type TimeGrain
} from './model';

const DAY_MS = 86_400_000;
/** Longest window: a year plus a margin for year-over-year boards; beyond it raw scans get slow. */
export const MAX_SPAN_DAYS = 400;
/** Hour grouping yields one point per hour: 31 days is 744 points, enough for a chart. */
export const MAX_HOUR_SPAN_DAYS = 31;
/** Guards the IN lists and the number of groups. */
const MAX_FILTER_VALUES = 200;
const MAX_GROUP_DIMENSIONS = 3;

const ENUMS: Partial<Record<Dimension, readonly string[]>> = {
	category: CATEGORIES,
	priority: PRIORITIES,
	tier: TIERS,
	channel: CHANNELS
};
/** Group, agent and department ids: uuids or slugs. */
const ID_RE = /^[A-Za-z0-9_.:@-]{1,100}$/;
/** A date (UTC midnight) or a date-time with an explicit Z or offset: no local-time guessing. */
const TIME_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

const KNOWN = new Set<string>(['metrics', 'from', 'to', 'groupBy', ...DIMENSIONS]);

type Input = URLSearchParams | Record<string, string | undefined>;

function entries(input: Input): Map<string, string> {
	const out = new Map<string, string>();
	if (input instanceof URLSearchParams) {
		for (const key of new Set(input.keys())) out.set(key, input.getAll(key).join(','));
	} else {
		for (const [k, v] of Object.entries(input)) if (v !== undefined) out.set(k, String(v));
	}
	return out;
}

function list(raw: string | undefined): string[] {
	if (raw === undefined) return [];
	return raw
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s !== '');
}

/** Date rolls 2025-02-31 over to March: reject calendar dates that do not exist. */
function realDate(s: string): boolean {
	const [y, m, d] = s.slice(0, 10).split('-').map(Number);
	const t = new Date(Date.UTC(y, m - 1, d));
	return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function parseTime(raw: string | undefined, field: 'from' | 'to'): Date {
	if (raw === undefined || raw.trim() === '') throw invalid(`${field} is required (ISO-8601 UTC, e.g. 2025-01-31T00:00:00Z)`, field);
	const s = raw.trim();
	const d = new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
	if (!TIME_RE.test(s) || Number.isNaN(d.getTime()) || !realDate(s)) {
		throw invalid(`${field} must be an ISO-8601 date or date-time with Z or an offset, got "${s}"`, field);
	}
	return d;
}

export function parseKpiRequest(query: Input): KpiRequest {
	const q = entries(query);
	for (const key of q.keys()) {
		if (!KNOWN.has(key)) throw invalid(`unknown parameter "${key}"`, key);
	}

	const metricNames = list(q.get('metrics'));
	if (metricNames.length === 0) throw invalid(`metrics is required: one or more of ${METRICS.join(', ')}`, 'metrics');
	const metrics: Metric[] = [];
	for (const m of metricNames) {
		if (!(METRICS as readonly string[]).includes(m)) {
			throw invalid(`unknown metric "${m}"; expected one of ${METRICS.join(', ')}`, 'metrics');
		}
		if (!metrics.includes(m as Metric)) metrics.push(m as Metric);
	}

	const from = parseTime(q.get('from'), 'from');
	const to = parseTime(q.get('to'), 'to');
	if (to.getTime() <= from.getTime()) throw invalid('to must be after from (the window is [from, to))', 'to');
	const spanMs = to.getTime() - from.getTime();
	if (spanMs > MAX_SPAN_DAYS * DAY_MS) throw invalid(`the window may span at most ${MAX_SPAN_DAYS} days`, 'to');

	const filters: KpiFilters = {};
	for (const dim of DIMENSIONS) {
		if (!q.has(dim)) continue;
		const values = [...new Set(list(q.get(dim)))];
		if (values.length === 0) throw invalid(`${dim} needs at least one value`, dim);
		if (values.length > MAX_FILTER_VALUES) throw invalid(`${dim} accepts at most ${MAX_FILTER_VALUES} values`, dim);
		const allowed = ENUMS[dim];
		for (const v of values) {
			if (allowed ? !allowed.includes(v) : !ID_RE.test(v)) {
				throw invalid(
					allowed ? `unknown ${dim} "${v}"; expected one of ${allowed.join(', ')}` : `invalid ${dim} id "${v}"`,
					dim
				);
			}
		}
		filters[dim] = values;
	}

	const dimensions: Dimension[] = [];
	let time: TimeGrain | null = null;
	for (const g of list(q.get('groupBy'))) {
		if ((TIME_GRAINS as readonly string[]).includes(g)) {
			if (time !== null) throw invalid('groupBy accepts one time grain (hour, day or week)', 'groupBy');
			time = g as TimeGrain;
		} else if ((DIMENSIONS as readonly string[]).includes(g)) {
			if (dimensions.includes(g as Dimension)) throw invalid(`groupBy repeats "${g}"`, 'groupBy');
			dimensions.push(g as Dimension);
		} else {
			throw invalid(`cannot group by "${g}"; expected ${[...DIMENSIONS, ...TIME_GRAINS].join(', ')}`, 'groupBy');
		}
	}
	if (dimensions.length > MAX_GROUP_DIMENSIONS) {
		throw invalid(`groupBy accepts at most ${MAX_GROUP_DIMENSIONS} dimensions`, 'groupBy');
	}
	if (time === 'hour' && spanMs > MAX_HOUR_SPAN_DAYS * DAY_MS) {
		throw invalid(`hour grouping allows a window of at most ${MAX_HOUR_SPAN_DAYS} days`, 'groupBy');
	}
	const instant = metrics.find((m) => INSTANT_METRICS.has(m));
	if (time !== null && instant) {
		throw invalid(`${instant} is measured at one instant (to): group it by dimensions only`, 'groupBy');
	}

	return { metrics, from, to, filters, groupBy: { dimensions, time } };
}
