/**
 * Display formatting through Intl in the page's language: numbers, percentages, durations, money,
 * dates. The locale defaults to the one Paraglide resolved for this request (server) or page
 * (browser), so a component calls `fmtNumber(n)` and gets `1 234` in French, `1,234` in English.
 */
import { getLocale } from '$lib/paraglide/runtime';

type Loc = string | undefined;
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function nf(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
	const key = `n|${locale}|${JSON.stringify(opts)}`;
	let f = cache.get(key) as Intl.NumberFormat | undefined;
	if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, opts)));
	return f;
}
function df(locale: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `d|${locale}|${JSON.stringify(opts)}`;
	let f = cache.get(key) as Intl.DateTimeFormat | undefined;
	if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, opts)));
	return f;
}
const loc = (l: Loc) => l ?? getLocale();
const missing = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

export function fmtNumber(v: number | null | undefined, locale?: Loc, maxFraction = 0): string {
	if (missing(v)) return '—';
	return nf(loc(locale), { maximumFractionDigits: maxFraction }).format(v as number);
}

/** A ratio 0–1 as a percentage with one decimal. */
export function fmtPct(ratio: number | null | undefined, locale?: Loc, digits = 1): string {
	if (missing(ratio)) return '—';
	return nf(loc(locale), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio as number);
}

/** Seconds as the largest sensible unit: 45 s, 12 min, 3.5 h, 2.1 d (unit names localised by Intl). */
export function fmtDuration(seconds: number | null | undefined, locale?: Loc): string {
	if (missing(seconds)) return '—';
	const s = seconds as number;
	const unit = (value: number, u: string, digits: number) =>
		nf(loc(locale), { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: digits }).format(value);
	const a = Math.abs(s);
	if (a < 90) return unit(Math.round(s), 'second', 0);
	if (a < 5400) return unit(Math.round(s / 60), 'minute', 0);
	if (a < 172_800) return unit(s / 3600, 'hour', 1);
	return unit(s / 86400, 'day', 1);
}

/** Integer cents (bigint) as an exact decimal string of the currency unit: 123456789n → "1234567.89". */
export function centsDecimal(cents: bigint): string {
	const neg = cents < 0n;
	const a = neg ? -cents : cents;
	return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
}

/**
 * Money from integer cents in the desk's currency. Cents may be a number, a bigint or a string of
 * digits (how the API sends amounts that can pass 2^53): bigints and digit strings are formatted
 * exactly (Intl formats a decimal string without going through a double), never via Number.
 */
export function fmtMoney(cents: number | bigint | string | null | undefined, currency: string, locale?: Loc): string {
	if (missing(cents) || cents === '') return '—';
	const f = nf(loc(locale), { style: 'currency', currency });
	if (typeof cents === 'bigint') return f.format(centsDecimal(cents) as Intl.StringNumericLiteral);
	if (typeof cents === 'string') {
		const t = cents.trim();
		if (/^-?\d+$/.test(t)) return f.format(centsDecimal(BigInt(t)) as Intl.StringNumericLiteral);
		const c = Number(t);
		return Number.isFinite(c) ? f.format(c / 100) : cents;
	}
	const n = cents as number;
	if (!Number.isFinite(n)) return String(n);
	if (Number.isInteger(n) && !Number.isSafeInteger(n)) return f.format(centsDecimal(BigInt(n)) as Intl.StringNumericLiteral);
	return f.format(n / 100);
}

export function fmtDate(v: string | Date | null | undefined, locale?: Loc): string {
	if (!v) return '—';
	const d = typeof v === 'string' ? new Date(v) : v;
	if (Number.isNaN(d.getTime())) return '—';
	return df(loc(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

export function fmtDateTime(v: string | Date | null | undefined, locale?: Loc, timeZone?: string): string {
	if (!v) return '—';
	const d = typeof v === 'string' ? new Date(v) : v;
	if (Number.isNaN(d.getTime())) return '—';
	return df(loc(locale), { dateStyle: 'short', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
}

/** A KPI value by its unit (the KPI catalogue's units: count, pct, duration). */
export function formatValue(v: number | null | undefined, unit: string | undefined, locale?: Loc): string {
	if (unit === 'pct') return fmtPct(v, locale);
	if (unit === 'duration') return fmtDuration(v, locale);
	return fmtNumber(v === null || v === undefined ? v : Math.round(v), locale);
}
