/**
 * Property tests against a brute-force reference written independently of the engine: it reads
 * the wall clock of every UTC minute with Intl (a different formatter, weekday from Intl, no
 * offsets, no DST logic) and asks "is this minute business time?". Every zone used has
 * whole-minute offsets, so a UTC minute is entirely in or out of business time.
 */
import { describe, expect, it } from 'vitest';
import {
	addBusinessMs,
	businessMsBetween,
	dueAt,
	elapsedBusinessMs,
	type BusinessCalendar,
	type PauseInterval
} from '$lib/server/sla/calendar';

const MIN = 60_000;
const DAY = 86_400_000;

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// ---- reference ---------------------------------------------------------------------------

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

interface WallMinutes {
	startMs: number;
	dates: string[];
	weekdays: number[];
	minutes: number[];
}

const wallCache = new Map<string, WallMinutes>();

/** Wall clock of every UTC minute in [startMs, startMs + days). */
function wallMinutes(timeZone: string, startIso: string, days: number): WallMinutes {
	const key = `${timeZone}|${startIso}|${days}`;
	const hit = wallCache.get(key);
	if (hit) return hit;
	const f = new Intl.DateTimeFormat('en-GB', {
		timeZone,
		weekday: 'short',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	});
	const startMs = Date.parse(startIso);
	const w: WallMinutes = { startMs, dates: [], weekdays: [], minutes: [] };
	for (let i = 0; i < days * 1440; i++) {
		const p: Record<string, string> = {};
		for (const part of f.formatToParts(startMs + i * MIN)) p[part.type] = part.value;
		w.dates.push(`${p.year}-${p.month}-${p.day}`);
		w.weekdays.push(WEEKDAYS.indexOf(p.weekday));
		w.minutes.push(Number(p.hour) * 60 + Number(p.minute));
	}
	wallCache.set(key, w);
	return w;
}

class Reference {
	readonly biz: boolean[];
	readonly prefix: number[]; // business minutes before minute i
	readonly startMs: number;
	readonly endMs: number;
	constructor(cal: BusinessCalendar, w: WallMinutes) {
		const holidays = new Set(cal.holidays);
		this.startMs = w.startMs;
		this.endMs = w.startMs + w.dates.length * MIN;
		this.biz = w.dates.map(
			(date, i) => !holidays.has(date) && cal.weeklyHours[w.weekdays[i]].some(([s, e]) => s <= w.minutes[i] && w.minutes[i] < e)
		);
		this.prefix = [0];
		for (const b of this.biz) this.prefix.push(this.prefix[this.prefix.length - 1] + (b ? 1 : 0));
	}
	private cum(t: number): number {
		const i = Math.floor((t - this.startMs) / MIN);
		if (i >= this.biz.length) return this.prefix[this.biz.length] * MIN;
		return this.prefix[i] * MIN + (this.biz[i] ? t - (this.startMs + i * MIN) : 0);
	}
	between(a: number, b: number): number {
		return b <= a ? 0 : this.cum(b) - this.cum(a);
	}
	/** Walk minute by minute; null when the answer lies beyond the window. */
	add(from: number, d: number): number | null {
		let t = from;
		let acc = 0;
		while (t < this.endMs) {
			const i = Math.floor((t - this.startMs) / MIN);
			const minuteEnd = this.startMs + (i + 1) * MIN;
			if (this.biz[i]) {
				if (d === 0) return t;
				if (acc + (minuteEnd - t) >= d) return t + (d - acc);
				acc += minuteEnd - t;
			}
			t = minuteEnd;
		}
		return null;
	}
	/** Minute-aligned clock: running minutes are business and not inside any pause. */
	private running(i: number, pauses: [number, number][]): boolean {
		const t = this.startMs + i * MIN;
		return this.biz[i] && !pauses.some(([s, e]) => s <= t && t < e);
	}
	elapsed(start: number, now: number, pauses: [number, number][]): number {
		let n = 0;
		for (let t = start; t < now; t += MIN) if (this.running((t - this.startMs) / MIN, pauses)) n++;
		return n * MIN;
	}
	due(start: number, target: number, pauses: [number, number][]): number | null {
		let n = 0;
		for (let t = start; t < this.endMs; t += MIN) {
			if (!this.running((t - this.startMs) / MIN, pauses)) continue;
			if (target === 0) return t;
			n++;
			if (n * MIN === target) return t + MIN;
		}
		return null;
	}
}

// ---- random calendars --------------------------------------------------------------------

/** Each zone with a window holding a DST change (or none), covering tricky transitions. */
const ZONES: [string, string, number][] = [
	['Europe/Paris', '2025-03-26T00:00Z', 10],
	['Europe/Paris', '2025-10-22T00:00Z', 10],
	['America/New_York', '2025-03-05T00:00Z', 10],
	['America/New_York', '2025-10-29T00:00Z', 10],
	['Australia/Lord_Howe', '2025-04-02T00:00Z', 10], // 30-minute DST
	['Pacific/Chatham', '2025-09-24T00:00Z', 10], // +12:45 / +13:45
	['America/Santiago', '2025-09-03T00:00Z', 10], // spring-forward at midnight: 00:00 never exists
	['America/Santiago', '2025-04-02T00:00Z', 10], // fall-back at midnight: 23:00–24:00 twice
	['Asia/Kolkata', '2025-03-26T00:00Z', 10], // +05:30, no DST
	['UTC', '2025-12-20T00:00Z', 10]
];

const SPECIAL_MINUTES = [0, 60, 90, 120, 150, 165, 180, 240, 480, 540, 600, 1020, 1080, 1320, 1380, 1440];

function randomCalendar(rnd: () => number, timeZone: string, windowStart: number, days: number): BusinessCalendar {
	const weeklyHours: [number, number][][] = [];
	for (let wd = 0; wd < 7; wd++) {
		if (rnd() < 0.2) {
			weeklyHours.push([]);
			continue;
		}
		if (rnd() < 0.1) {
			weeklyHours.push([[0, 1440]]);
			continue;
		}
		const cuts = new Set<number>();
		const k = 1 + Math.floor(rnd() * 3);
		while (cuts.size < 2 * k) {
			cuts.add(rnd() < 0.5 ? SPECIAL_MINUTES[Math.floor(rnd() * SPECIAL_MINUTES.length)] : Math.floor(rnd() * 1441));
		}
		const sorted = [...cuts].sort((a, b) => a - b);
		const day: [number, number][] = [];
		for (let i = 0; i < sorted.length; i += 2) day.push([sorted[i], sorted[i + 1]]);
		weeklyHours.push(day);
	}
	if (weeklyHours.every((d) => d.length === 0)) weeklyHours[3] = [[540, 1020]];
	const holidays: string[] = [];
	const n = Math.floor(rnd() * 3);
	for (let i = 0; i < n; i++) holidays.push(new Date(windowStart + Math.floor(rnd() * days) * DAY).toISOString().slice(0, 10));
	return { timeZone, weeklyHours, holidays };
}

// ---- properties --------------------------------------------------------------------------

describe.each(ZONES)('against the minute-by-minute reference: %s from %s', (timeZone, startIso, days) => {
	const w = wallMinutes(timeZone, startIso, days);
	const windowStart = w.startMs;
	const windowEnd = windowStart + days * DAY;
	const seed = [...`${timeZone}${startIso}`].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261);

	it('businessMsBetween and addBusinessMs match; addBusinessMs inverts businessMsBetween', () => {
		const rnd = mulberry32(seed);
		let compared = 0;
		for (let c = 0; c < 12; c++) {
			const cal = randomCalendar(rnd, timeZone, windowStart, days);
			const ref = new Reference(cal, w);
			for (let q = 0; q < 40; q++) {
				const aligned = rnd() < 0.5;
				const pick = (lo: number, hi: number) => {
					const t = lo + Math.floor(rnd() * (hi - lo));
					return aligned ? t - ((t - windowStart) % MIN) : t;
				};
				const from = pick(windowStart, windowEnd);
				const to = pick(from, windowEnd);
				const between = businessMsBetween(cal, from, to);
				expect(between, `between ${JSON.stringify(cal)} ${from} ${to}`).toBe(ref.between(from, to));

				const d = rnd() < 0.15 ? 0 : aligned ? Math.floor(rnd() * 3 * 1440) * MIN : Math.floor(rnd() * 3 * DAY);
				const expected = ref.add(from, d);
				if (expected !== null) {
					const due = addBusinessMs(cal, from, d);
					expect(due, `add ${JSON.stringify(cal)} ${from} ${d}`).toBe(expected);
					expect(businessMsBetween(cal, from, due)).toBe(d);
					if (d > 0) expect(businessMsBetween(cal, from, due - 1)).toBe(d - 1); // earliest such instant
					compared++;
				}
				// Inverse the other way: adding the business time of [from, to) never overshoots `to`.
				if (between > 0) {
					const back = addBusinessMs(cal, from, between);
					expect(back).toBeLessThanOrEqual(to);
					expect(businessMsBetween(cal, back, to)).toBe(0);
				}
			}
		}
		expect(compared).toBeGreaterThan(200);
	});

	it('elapsedBusinessMs and dueAt with random pauses match', () => {
		const rnd = mulberry32(seed ^ 0x5bd1e995);
		let compared = 0;
		for (let c = 0; c < 6; c++) {
			const cal = randomCalendar(rnd, timeZone, windowStart, days);
			const ref = new Reference(cal, w);
			for (let q = 0; q < 8; q++) {
				const minuteAt = (lo: number, hi: number) => lo + Math.floor(rnd() * ((hi - lo) / MIN)) * MIN;
				const start = minuteAt(windowStart, windowStart + 4 * DAY);
				const now = minuteAt(start, windowEnd);
				const pauses: PauseInterval[] = [];
				const n = Math.floor(rnd() * 4);
				for (let i = 0; i < n; i++) {
					const s = minuteAt(start - DAY, windowEnd - DAY);
					const e = minuteAt(s, Math.min(s + 3 * DAY, windowEnd));
					pauses.push({ startMs: s, endMs: rnd() < 0.15 && s <= now ? null : e });
				}
				const resolved: [number, number][] = pauses.map((p) => [p.startMs, p.endMs ?? Math.max(now, p.startMs)]);
				expect(elapsedBusinessMs(cal, start, now, pauses)).toBe(ref.elapsed(start, now, resolved));

				const target = rnd() < 0.1 ? 0 : Math.floor(rnd() * 2 * 1440) * MIN;
				const expected = ref.due(start, target, resolved);
				if (expected !== null) {
					expect(dueAt(cal, start, target, pauses, now), `dueAt ${JSON.stringify({ cal, start, target, pauses, now })}`).toBe(expected);
					compared++;
				}
			}
		}
		expect(compared).toBeGreaterThan(10);
	});
});
