/**
 * IANA time-zone offsets from the platform's Intl data, no tz library.
 *
 * Pure apart from a per-zone formatter cache (Intl.DateTimeFormat construction costs ~20 µs;
 * formatting reuses it). Offsets are in milliseconds, local = utc + offset.
 */

const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

export function isValidTimeZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}

/** UTC offset (ms) of `timeZone` at the instant `utcMs`. Resolution: whole seconds. */
export function offsetMsAt(timeZone: string, utcMs: number): number {
	const wholeSecond = Math.floor(utcMs / 1000) * 1000;
	let y = 0,
		mo = 0,
		d = 0,
		h = 0,
		mi = 0,
		s = 0;
	for (const p of formatter(timeZone).formatToParts(wholeSecond)) {
		switch (p.type) {
			case 'year':
				y = Number(p.value);
				break;
			case 'month':
				mo = Number(p.value);
				break;
			case 'day':
				d = Number(p.value);
				break;
			case 'hour':
				h = Number(p.value) % 24; // some engines print 24 for midnight
				break;
			case 'minute':
				mi = Number(p.value);
				break;
			case 'second':
				s = Number(p.value);
				break;
		}
	}
	return Date.UTC(y, mo - 1, d, h, mi, s) - wholeSecond;
}

/** A stretch of UTC time [startMs, endMs) during which the zone's offset is constant. */
export interface OffsetSegment {
	startMs: number;
	endMs: number;
	offsetMs: number;
}

/**
 * Split [fromMs, toMs) into constant-offset segments. Samples the offset once per day and
 * binary-searches each change to the millisecond, so it assumes a zone never changes offset
 * twice within 24 h (true of every zone in tzdata since 1900).
 */
export function offsetSegments(timeZone: string, fromMs: number, toMs: number): OffsetSegment[] {
	const segments: OffsetSegment[] = [];
	let segStart = fromMs;
	let prevT = fromMs;
	let prevOffset = offsetMsAt(timeZone, fromMs);
	for (let t = Math.min(fromMs + DAY_MS, toMs - 1); ; t = Math.min(t + DAY_MS, toMs - 1)) {
		const o = offsetMsAt(timeZone, t);
		if (o !== prevOffset) {
			// Invariant: offset(lo) = prevOffset, offset(hi) = o.
			let lo = prevT;
			let hi = t;
			while (hi - lo > 1) {
				const mid = Math.floor((lo + hi) / 2);
				if (offsetMsAt(timeZone, mid) === prevOffset) lo = mid;
				else hi = mid;
			}
			segments.push({ startMs: segStart, endMs: hi, offsetMs: prevOffset });
			segStart = hi;
			prevOffset = o;
		}
		prevT = t;
		if (t >= toMs - 1) break;
	}
	segments.push({ startMs: segStart, endMs: toMs, offsetMs: prevOffset });
	return segments;
}

export { MINUTE_MS };
