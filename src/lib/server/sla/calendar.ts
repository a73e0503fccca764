/**
 * Business-time engine for SLA clocks. Pure: no I/O, no clock reads; every instant is epoch ms
 * UTC and every window is half-open [from, to).
 *
 * Model. A calendar says, per local weekday, which local wall-clock minutes are business time,
 * minus holiday dates. An instant is business time when the wall clock *in the calendar's zone*
 * at that instant reads a business minute on a non-holiday date. Durations are real elapsed
 * milliseconds over those instants. Consequences on DST days:
 *   - 09:00–17:00 is 8 h on both change days (the jump happens at night; the night gap is 1 h
 *     shorter/longer);
 *   - a 24×7 calendar counts a spring-forward day as 23 h and a fall-back day as 25 h;
 *   - wall-clock minutes skipped by spring-forward are simply never business time, and minutes
 *     repeated by fall-back count twice (they really happen twice).
 *
 * Efficiency. Each calendar is compiled once (memoised per calendar object) into a sorted list of
 * UTC business intervals with prefix sums, built lazily in 32-day chunks around the instants
 * asked for. After that, businessMsBetween is two binary searches and addBusinessMs three,
 * whatever the span: no per-day or per-week loop at query time. Building costs one Intl call per
 * day of covered range (~1 ms per year), paid once per calendar object.
 */
import { z } from 'zod';
import { parseInput } from '../validate';
import { DAY_MS, MINUTE_MS, isValidTimeZone, offsetSegments } from './tz';

// ---------------------------------------------------------------------------------------------
// Calendar definition and validation

/** [startMinute, endMinute) of a local day, 0 ≤ start < end ≤ 1440. */
export type LocalInterval = readonly [startMinute: number, endMinute: number];

export interface BusinessCalendar {
	/** IANA zone, e.g. 'Europe/Paris'. Business hours and holidays are read on its wall clock. */
	timeZone: string;
	/** Index = weekday, 0 = Sunday … 6 = Saturday; 24×7 = seven times [[0, 1440]]. */
	weeklyHours: readonly (readonly LocalInterval[])[];
	/** Local dates 'YYYY-MM-DD' with no business time at all. */
	holidays: readonly string[];
}

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const minuteOfDay = z
	.number({ error: 'must be a number of minutes since local midnight' })
	.int('must be a whole number of minutes')
	.min(0, 'must be between 0 and 1440 (minutes since local midnight)')
	.max(1440, 'must be between 0 and 1440 (minutes since local midnight)');

const localInterval = z
	.tuple([minuteOfDay, minuteOfDay], { error: 'must be a [startMinute, endMinute] pair' })
	.refine(([s, e]) => s < e, 'interval start must be before its end');

function isRealDate(s: string): boolean {
	const [y, m, d] = s.split('-').map(Number);
	const t = new Date(Date.UTC(y, m - 1, d));
	return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export const businessCalendarSchema = z
	.object({
		timeZone: z
			.string({ error: 'must be an IANA time zone name such as Europe/Paris' })
			.refine(isValidTimeZone, 'is not a known IANA time zone (e.g. Europe/Paris)'),
		weeklyHours: z
			.array(z.array(localInterval, { error: 'must be a list of [startMinute, endMinute] pairs' }), {
				error: 'must be a list of 7 weekdays (0 = Sunday)'
			})
			.length(7, 'must have exactly 7 entries, index 0 = Sunday … 6 = Saturday')
			.superRefine((days, ctx) => {
				days.forEach((intervals, wd) => {
					const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
					for (let i = 1; i < sorted.length; i++) {
						if (sorted[i][0] < sorted[i - 1][1]) {
							ctx.addIssue({
								code: 'custom',
								path: [wd],
								message: `${WEEKDAY_NAMES[wd]} intervals [${sorted[i - 1].join(', ')}) and [${sorted[i].join(', ')}) overlap`
							});
						}
					}
				});
				if (days.every((d) => d.length === 0)) {
					ctx.addIssue({ code: 'custom', message: 'must contain at least one business interval in the week' });
				}
			}),
		holidays: z
			.array(
				z
					.string({ error: 'must be a local date YYYY-MM-DD' })
					.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a local date YYYY-MM-DD')
					.refine(isRealDate, 'is not a real calendar date')
			)
			.default([])
	})
	.strict();

/** Validate an untrusted calendar; throws DomainError('INVALID') naming the field, e.g. `weeklyHours.1.0: …`. */
export function parseBusinessCalendar(input: unknown): BusinessCalendar {
	return parseInput(businessCalendarSchema, input);
}

// ---------------------------------------------------------------------------------------------
// Compiled calendar

/** Supported instants: [1900-01-01, 2200-01-01) UTC. Keeps lazily built tables bounded. */
export const MIN_INSTANT_MS = Date.UTC(1900, 0, 1);
export const MAX_INSTANT_MS = Date.UTC(2200, 0, 1);
/** Build granularity: small enough that a first query costs < 0.1 ms of Intl work per chunk day. */
const CHUNK_MS = 32 * DAY_MS;
const WEEK_MS = 7 * DAY_MS;

const mod = (a: number, n: number) => ((a % n) + n) % n;

function checkInstant(name: string, t: number): void {
	if (!Number.isSafeInteger(t)) throw new RangeError(`${name} must be an integer epoch-ms instant, got ${t}`);
	if (t < MIN_INSTANT_MS || t > MAX_INSTANT_MS)
		throw new RangeError(`${name} ${new Date(t).toISOString()} is outside the supported range 1900–2200`);
}

function checkDuration(name: string, d: number): void {
	if (!Number.isSafeInteger(d) || d < 0) throw new RangeError(`${name} must be a non-negative integer of ms, got ${d}`);
}

function localDayNumber(date: string): number {
	const [y, m, d] = date.split('-').map(Number);
	return Date.UTC(y, m - 1, d) / DAY_MS;
}

/**
 * A validated calendar plus its lazily built interval table. Treat the source calendar as an
 * immutable value: the table is memoised per object.
 */
export class CompiledCalendar {
	readonly calendar: BusinessCalendar;
	/** Per weekday, merged sorted local minutes flattened as [s0, e0, s1, e1, …]. */
	private readonly weekly: number[][];
	private readonly holidayDays: Set<number>;
	/** Business ms in a week without holidays (nominal wall-clock minutes). */
	readonly weeklyBusinessMs: number;

	// Built UTC range [lo, hi) and its business intervals (sorted, disjoint, non-touching).
	private lo = 0;
	private hi = 0;
	private built = false;
	private starts: number[] = [];
	private ends: number[] = [];
	/** cum[k] = business ms in [lo, starts[k]). */
	private cum: number[] = [];
	private total = 0;

	constructor(calendar: BusinessCalendar) {
		this.calendar = calendar;
		this.weekly = calendar.weeklyHours.map((day) => {
			const sorted = [...day].sort((a, b) => a[0] - b[0]);
			const flat: number[] = [];
			for (const [s, e] of sorted) {
				if (flat.length && flat[flat.length - 1] >= s) flat[flat.length - 1] = Math.max(flat[flat.length - 1], e);
				else flat.push(s, e);
			}
			return flat;
		});
		this.holidayDays = new Set(calendar.holidays.map(localDayNumber));
		let minutes = 0;
		for (const flat of this.weekly) for (let i = 0; i < flat.length; i += 2) minutes += flat[i + 1] - flat[i];
		this.weeklyBusinessMs = minutes * MINUTE_MS;
	}

	/** Business minutes of each weekday (0 = Sunday), wall clock, ignoring DST and holidays. */
	dailyMinutes(): number[] {
		return this.weekly.map((flat) => {
			let m = 0;
			for (let i = 0; i < flat.length; i += 2) m += flat[i + 1] - flat[i];
			return m;
		});
	}

	/** Business intervals in [a, b) (chunk-aligned), sorted, touching ones merged. */
	private buildRange(a: number, b: number): { starts: number[]; ends: number[] } {
		const starts: number[] = [];
		const ends: number[] = [];
		for (const seg of offsetSegments(this.calendar.timeZone, a, b)) {
			const o = seg.offsetMs;
			const firstDay = Math.floor((seg.startMs + o) / DAY_MS);
			const lastDay = Math.floor((seg.endMs - 1 + o) / DAY_MS);
			for (let day = firstDay; day <= lastDay; day++) {
				if (this.holidayDays.has(day)) continue;
				const flat = this.weekly[mod(day + 4, 7)]; // 1970-01-01 was a Thursday
				const base = day * DAY_MS - o;
				for (let i = 0; i < flat.length; i += 2) {
					const s = Math.max(base + flat[i] * MINUTE_MS, seg.startMs);
					const e = Math.min(base + flat[i + 1] * MINUTE_MS, seg.endMs);
					if (s >= e) continue;
					if (ends.length && ends[ends.length - 1] === s) ends[ends.length - 1] = e;
					else {
						starts.push(s);
						ends.push(e);
					}
				}
			}
		}
		return { starts, ends };
	}

	private append(starts: number[], ends: number[]): void {
		for (let i = 0; i < starts.length; i++) {
			const last = this.ends.length - 1;
			if (last >= 0 && this.ends[last] === starts[i]) this.ends[last] = ends[i];
			else {
				this.starts.push(starts[i]);
				this.ends.push(ends[i]);
				this.cum.push(this.total);
			}
			this.total += ends[i] - starts[i];
		}
	}

	/** Make the table cover [a, b] (both inclusive). */
	private ensure(a: number, b: number): void {
		if (!this.built) {
			this.lo = this.hi = Math.floor(a / CHUNK_MS) * CHUNK_MS;
			this.built = true;
		}
		if (a < this.lo) {
			const newLo = Math.floor(a / CHUNK_MS) * CHUNK_MS;
			const front = this.buildRange(newLo, this.lo);
			const oldStarts = this.starts;
			const oldEnds = this.ends;
			this.starts = [];
			this.ends = [];
			this.cum = [];
			this.total = 0;
			this.lo = newLo;
			this.append(front.starts, front.ends);
			this.append(oldStarts, oldEnds);
		}
		if (b >= this.hi) {
			const newHi = (Math.floor(b / CHUNK_MS) + 1) * CHUNK_MS;
			const back = this.buildRange(this.hi, newHi);
			this.hi = newHi;
			this.append(back.starts, back.ends);
		}
	}

	/** Index of the last interval starting at or before t, or -1. */
	private lastStartAtOrBefore(t: number): number {
		let lo = 0;
		let hi = this.starts.length; // answer in [lo-1, hi-1]
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.starts[mid] <= t) lo = mid + 1;
			else hi = mid;
		}
		return lo - 1;
	}

	/** Business ms in [lo, t); t must be covered. */
	private cumAt(t: number): number {
		const k = this.lastStartAtOrBefore(t);
		if (k < 0) return 0;
		return this.cum[k] + Math.min(t, this.ends[k]) - this.starts[k];
	}

	between(fromMs: number, toMs: number): number {
		if (toMs <= fromMs) return 0;
		this.ensure(fromMs, toMs);
		return this.cumAt(toMs) - this.cumAt(fromMs);
	}

	contains(t: number): boolean {
		this.ensure(t, t);
		const k = this.lastStartAtOrBefore(t);
		return k >= 0 && t < this.ends[k];
	}

	add(fromMs: number, durationMs: number): number {
		this.ensure(fromMs, fromMs);
		const target = this.cumAt(fromMs) + durationMs;
		// d > 0: the earliest instant where `target` is reached (may be a closing time).
		// d = 0: the earliest business instant ≥ from (strictly past the cumulative target).
		const strict = durationMs === 0;
		for (;;) {
			const n = this.starts.length;
			let lo = 0;
			let hi = n;
			while (lo < hi) {
				const mid = (lo + hi) >>> 1;
				const cumEnd = this.cum[mid] + this.ends[mid] - this.starts[mid];
				if (strict ? cumEnd > target : cumEnd >= target) hi = mid;
				else lo = mid + 1;
			}
			if (lo < n) return this.starts[lo] + (target - this.cum[lo]);
			if (this.hi >= MAX_INSTANT_MS)
				throw new RangeError('the business-time result falls beyond the supported range (year 2200)');
			// Extend by an estimate of the span still needed (+1 chunk), not day by day.
			const missing = target - this.total + 1;
			const chunks = Math.ceil(missing / ((this.weeklyBusinessMs * CHUNK_MS) / WEEK_MS)) + 1;
			this.ensure(this.lo, Math.min(this.hi + chunks * CHUNK_MS, MAX_INSTANT_MS) - 1);
		}
	}
}

const compiled = new WeakMap<object, CompiledCalendar>();

/** A raw calendar (validated on first use) or an already compiled one. */
export type CalendarInput = BusinessCalendar | CompiledCalendar;

/**
 * Validate and compile a calendar, memoised per object (WeakMap, so tables die with the
 * calendar). Throws DomainError('INVALID') on a bad calendar.
 */
export function compileCalendar(cal: CalendarInput): CompiledCalendar {
	if (cal instanceof CompiledCalendar) return cal;
	let c = compiled.get(cal);
	if (!c) {
		c = new CompiledCalendar(parseBusinessCalendar(cal));
		compiled.set(cal, c);
	}
	return c;
}

// ---------------------------------------------------------------------------------------------
// Business time

/** Business milliseconds in [fromMs, toMs); 0 when toMs ≤ fromMs. */
export function businessMsBetween(cal: CalendarInput, fromMs: number, toMs: number): number {
	checkInstant('fromMs', fromMs);
	checkInstant('toMs', toMs);
	return compileCalendar(cal).between(fromMs, toMs);
}

/**
 * The instant at which `durationMs` of business time has elapsed since `fromMs` (SLA due date).
 * durationMs > 0: the earliest t with businessMsBetween(from, t) = durationMs, so a target that
 * is used up exactly at closing time is due at closing time (17:00), not at the next opening.
 * durationMs = 0: `fromMs` itself if it is business time, otherwise the next opening.
 */
export function addBusinessMs(cal: CalendarInput, fromMs: number, durationMs: number): number {
	checkInstant('fromMs', fromMs);
	checkDuration('durationMs', durationMs);
	return compileCalendar(cal).add(fromMs, durationMs);
}

/** Whether `atMs` is business time (the instant lies inside an opening, not on a holiday). */
export function isBusinessTime(cal: CalendarInput, atMs: number): boolean {
	checkInstant('atMs', atMs);
	return compileCalendar(cal).contains(atMs);
}

/** `atMs` if it is business time, else the next opening. */
export function nextBusinessInstant(cal: CalendarInput, atMs: number): number {
	return addBusinessMs(cal, atMs, 0);
}

// ---------------------------------------------------------------------------------------------
// SLA clocks with pauses (ticket pending periods)

/** A pending period [startMs, endMs); endMs null = still pending. */
export interface PauseInterval {
	startMs: number;
	endMs: number | null;
}

/**
 * Pauses as sorted, disjoint [start, end) pairs clipped to start at `clockStartMs`. An open
 * pause ends at `nowMs` (or at its own start if that is later); one without `nowMs` is an error.
 */
export function normalizePauses(
	pauses: readonly PauseInterval[],
	clockStartMs: number,
	nowMs?: number
): [number, number][] {
	const raw: [number, number][] = [];
	for (const [i, p] of pauses.entries()) {
		checkInstant(`pauses[${i}].startMs`, p.startMs);
		let end: number;
		if (p.endMs === null) {
			if (nowMs === undefined) throw new RangeError(`pauses[${i}] is still open: pass nowMs`);
			end = Math.max(nowMs, p.startMs);
		} else {
			checkInstant(`pauses[${i}].endMs`, p.endMs);
			if (p.endMs < p.startMs) throw new RangeError(`pauses[${i}] ends before it starts`);
			end = p.endMs;
		}
		const start = Math.max(p.startMs, clockStartMs);
		if (end > start) raw.push([start, end]);
	}
	raw.sort((a, b) => a[0] - b[0]);
	const merged: [number, number][] = [];
	for (const r of raw) {
		const last = merged[merged.length - 1];
		if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
		else merged.push([r[0], r[1]]);
	}
	return merged;
}

/** Whether a pause covers `nowMs`. */
export function isPaused(pauses: readonly PauseInterval[], nowMs: number): boolean {
	return pauses.some((p) => p.startMs <= nowMs && (p.endMs === null || nowMs < p.endMs));
}

/** Business ms the clock has run in [startMs, nowMs), pause time excluded (open pauses run to now). */
export function elapsedBusinessMs(
	cal: CalendarInput,
	startMs: number,
	nowMs: number,
	pauses: readonly PauseInterval[] = []
): number {
	checkInstant('startMs', startMs);
	checkInstant('nowMs', nowMs);
	if (nowMs <= startMs) return 0;
	const c = compileCalendar(cal);
	let elapsed = c.between(startMs, nowMs);
	for (const [s, e] of normalizePauses(pauses, startMs, nowMs)) {
		if (s >= nowMs) break;
		elapsed -= c.between(s, Math.min(e, nowMs));
	}
	return elapsed;
}

/**
 * The instant the clock reaches `targetMs` of business time, pauses excluded.
 *
 * Choice for a clock that is paused now (an open pause): the result is the due instant *if the
 * pause ended at nowMs*. It therefore moves later while the ticket stays pending; a watcher must
 * not breach a paused clock on it (use slaClock().paused). nowMs is required only then.
 * Closed pauses after nowMs are honoured as given. targetMs = 0: the first running business
 * instant (see addBusinessMs).
 */
export function dueAt(
	cal: CalendarInput,
	startMs: number,
	targetMs: number,
	pauses: readonly PauseInterval[] = [],
	nowMs?: number
): number {
	checkInstant('startMs', startMs);
	checkDuration('targetMs', targetMs);
	if (nowMs !== undefined) checkInstant('nowMs', nowMs);
	const c = compileCalendar(cal);
	let remaining = targetMs;
	let cursor = startMs;
	// Running segments: [start, p1.s), [p1.e, p2.s), …, [pn.e, ∞).
	for (const [ps, pe] of normalizePauses(pauses, startMs, nowMs)) {
		if (ps > cursor) {
			if (remaining === 0) {
				const t = c.add(cursor, 0);
				if (t < ps) return t;
			} else {
				const available = c.between(cursor, ps);
				if (available >= remaining) return c.add(cursor, remaining);
				remaining -= available;
			}
		}
		cursor = Math.max(cursor, pe);
	}
	return c.add(cursor, remaining);
}

/** elapsed ÷ target (1 = due, > 1 = overdue). targetMs must be > 0. */
export function fractionElapsed(elapsedMs: number, targetMs: number): number {
	if (!(targetMs > 0)) throw new RangeError(`targetMs must be > 0, got ${targetMs}`);
	return elapsedMs / targetMs;
}

/** elapsed as a percentage of target (100 = due). targetMs must be > 0. */
export function percentElapsed(elapsedMs: number, targetMs: number): number {
	return fractionElapsed(elapsedMs, targetMs) * 100;
}

export interface SlaClockState {
	elapsedMs: number;
	remainingMs: number;
	/** elapsed ÷ target. */
	fraction: number;
	/** Due instant; while paused, the due instant if the pause ended now. */
	dueMs: number;
	paused: boolean;
	breached: boolean;
}

/** Everything a watcher or a screen needs about one SLA target at `nowMs`. */
export function slaClock(
	cal: CalendarInput,
	input: { startMs: number; targetMs: number; nowMs: number; pauses?: readonly PauseInterval[] }
): SlaClockState {
	const pauses = input.pauses ?? [];
	const elapsedMs = elapsedBusinessMs(cal, input.startMs, input.nowMs, pauses);
	return {
		elapsedMs,
		remainingMs: Math.max(0, input.targetMs - elapsedMs),
		fraction: fractionElapsed(elapsedMs, input.targetMs),
		dueMs: dueAt(cal, input.startMs, input.targetMs, pauses, input.nowMs),
		paused: isPaused(pauses, input.nowMs),
		breached: elapsedMs >= input.targetMs
	};
}

/**
 * The nominal length of a "business day" on this calendar: the most common non-zero daily
 * business length in the week (ties → the longer), wall-clock minutes. 10 h for Mon–Fri
 * 08:00–18:00, 24 h for 24×7.
 */
export function nominalBusinessDayMs(cal: CalendarInput): number {
	const counts = new Map<number, number>();
	for (const m of compileCalendar(cal).dailyMinutes()) if (m > 0) counts.set(m, (counts.get(m) ?? 0) + 1);
	let best = 0;
	let bestCount = 0;
	for (const [m, n] of counts) {
		if (n > bestCount || (n === bestCount && m > best)) {
			best = m;
			bestCount = n;
		}
	}
	return best * MINUTE_MS;
}
