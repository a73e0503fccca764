/**
 * Pure money math (no I/O): integer cents, largest-remainder allocation, periods and rate-card
 * version lookup. Table tests in test/unit/finance pin the numbers.
 */

/**
 * Splits `totalCents` over `weights` so the parts sum exactly to the total (largest remainder,
 * Hamilton): each part gets floor(total × w / Σw), then the cents left go one each to the
 * largest fractional remainders. Ties go to the larger weight, then the lower index, so the
 * result depends only on the inputs' order. Exact in integers (BigInt), so no float drift.
 * All weights 0 (or none positive) → even split. Negative weights are refused.
 */
export function allocateLargestRemainder(totalCents: number, weights: readonly number[]): number[] {
	if (!Number.isSafeInteger(totalCents)) throw new RangeError('totalCents must be a safe integer');
	const n = weights.length;
	if (n === 0) {
		if (totalCents !== 0) throw new RangeError('cannot allocate a non-zero amount over no recipients');
		return [];
	}
	if (weights.some((w) => !Number.isFinite(w) || w < 0)) throw new RangeError('weights must be finite and ≥ 0');
	let ws = weights.slice();
	if (!ws.some((w) => w > 0)) ws = ws.map(() => 1);
	// Scale fractional weights to integers (up to 6 decimals) so the arithmetic is exact.
	const scale = ws.every(Number.isInteger) ? 1 : 1e6;
	const wi = ws.map((w) => BigInt(Math.round(w * scale)));
	const sum = wi.reduce((a, b) => a + b, 0n);
	const sign = totalCents < 0 ? -1n : 1n;
	const total = BigInt(totalCents) * sign;
	const base: bigint[] = new Array(n);
	const rem: bigint[] = new Array(n);
	let given = 0n;
	for (let i = 0; i < n; i++) {
		const p = total * wi[i];
		base[i] = p / sum;
		rem[i] = p % sum;
		given += base[i];
	}
	let left = Number(total - given);
	const order = [...Array(n).keys()].sort((a, b) =>
		rem[a] !== rem[b] ? (rem[b] > rem[a] ? 1 : -1) : wi[a] !== wi[b] ? (wi[b] > wi[a] ? 1 : -1) : a - b
	);
	for (let k = 0; left > 0; k++, left--) base[order[k % n]] += 1n;
	return base.map((b) => Number(b * sign));
}

/**
 * amount = units × rate, rounded half away from zero to the cent (rate per `per` units). Integer
 * inputs are multiplied in BigInt (exact); a line past Number.MAX_SAFE_INTEGER cents throws a
 * RangeError (the run answers 422): a line amount is a safe number, only sums need BigInt.
 */
export function priceCents(units: number, unitRateCents: number, per = 1): number {
	if (Number.isInteger(units) && Number.isInteger(unitRateCents) && Number.isInteger(per) && per > 0) {
		const p = BigInt(units) * BigInt(unitRateCents);
		const a = p < 0n ? -p : p;
		const q = (2n * a + BigInt(per)) / (2n * BigInt(per));
		if (q > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`a line amount of ${q} cents exceeds ${Number.MAX_SAFE_INTEGER}`);
		return Number(p < 0n ? -q : q);
	}
	const v = (units * unitRateCents) / per;
	const r = Math.sign(v) * Math.round(Math.abs(v) + 1e-9);
	if (!Number.isSafeInteger(r)) throw new RangeError(`a line amount of ${r} cents exceeds ${Number.MAX_SAFE_INTEGER}`);
	return r;
}

/**
 * Totals of money (statement, period, report sums) can pass 2^53 cents: they are added in BigInt
 * and leave the server as a decimal string of cents ("9007199254740993"). A single line amount
 * stays a safe number (priceCents refuses more).
 */
export type CentsTotal = string;

/** Exact sum of cents given as numbers (safe integers), bigints or digit strings. */
export function sumCents(values: Iterable<number | bigint | string | null | undefined>): bigint {
	let t = 0n;
	for (const v of values) if (v !== null && v !== undefined && v !== '') t += BigInt(v);
	return t;
}

/** A stored or summed amount as the API's exact decimal string of cents. */
export const centsString = (v: number | bigint | string | null | undefined): CentsTotal => sumCents([v]).toString();

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(s: string): boolean {
	return PERIOD_RE.test(s);
}

/** The half-open UTC window [from, to) of a 'YYYY-MM' period, and its first day as 'YYYY-MM-DD'. */
export function periodWindow(period: string): { from: Date; to: Date; firstDay: string } {
	const m = PERIOD_RE.exec(period);
	if (!m) throw new RangeError(`bad period ${period}`);
	const y = Number(m[1]);
	const mo = Number(m[2]) - 1;
	return { from: new Date(Date.UTC(y, mo, 1)), to: new Date(Date.UTC(y, mo + 1, 1)), firstDay: `${period}-01` };
}

export function periodOf(d: Date): string {
	return d.toISOString().slice(0, 7);
}

export function addPeriods(period: string, n: number): string {
	const { from } = periodWindow(period);
	return periodOf(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + n, 1)));
}

/** Inclusive list of periods from `from` to `to`. */
export function periodRange(from: string, to: string, max = 120): string[] {
	const out: string[] = [];
	for (let p = from; p <= to && out.length < max; p = addPeriods(p, 1)) out.push(p);
	return out;
}

/**
 * The rate card in force for a period: the latest `effectiveFrom` (YYYY-MM-DD) on or before the
 * period's first day. A card effective mid-month applies from the next period (a period is priced
 * with one card, so a statement never mixes two versions).
 */
export function cardInForce<T extends { effectiveFrom: string }>(cards: readonly T[], period: string): T | null {
	const { firstDay } = periodWindow(period);
	let best: T | null = null;
	for (const c of cards) if (c.effectiveFrom <= firstDay && (!best || c.effectiveFrom > best.effectiveFrom)) best = c;
	return best;
}

export interface TicketRate {
	category: string | null;
	priority: string | null;
	ticketType: string | null;
	unitRateCents: number;
}

/**
 * The ticket rate for category × priority × type: an entry naming the type beats one for any
 * type (null); null category/priority are wildcards too, less specific than a named value.
 */
export function ticketRate<T extends TicketRate>(
	rates: readonly T[],
	key: { category: string; priority: string; ticketType: string }
): T | null {
	let best: T | null = null;
	let bestScore = -1;
	for (const r of rates) {
		if (r.category !== null && r.category !== key.category) continue;
		if (r.priority !== null && r.priority !== key.priority) continue;
		if (r.ticketType !== null && r.ticketType !== key.ticketType) continue;
		const score = (r.category !== null ? 4 : 0) + (r.priority !== null ? 2 : 0) + (r.ticketType !== null ? 1 : 0);
		if (score > bestScore) {
			best = r;
			bestScore = score;
		}
	}
	return best;
}

/** Variance of actual against budget: amount (actual − budget, > 0 = overspend) and % (null when the budget is 0). */
export function variance(budgetCents: number, actualCents: number): { varianceCents: number; variancePct: number | null };
export function variance(budgetCents: bigint, actualCents: bigint): { varianceCents: bigint; variancePct: number | null };
export function variance(budgetCents: number | bigint, actualCents: number | bigint): { varianceCents: number | bigint; variancePct: number | null } {
	if (typeof budgetCents === 'bigint' || typeof actualCents === 'bigint') {
		const b = BigInt(budgetCents);
		const v = BigInt(actualCents) - b;
		// The ratio is small: millionths in BigInt, then rounded to 2 decimals as a number.
		const bp = b === 0n ? null : Math.round(Number((v * 1_000_000n) / b) / 100);
		return { varianceCents: v, variancePct: bp === null ? null : bp / 100 };
	}
	const varianceCents = actualCents - budgetCents;
	const variancePct = budgetCents === 0 ? null : Math.round((varianceCents / budgetCents) * 10000) / 100;
	return { varianceCents, variancePct };
}

/** Cents as "1,234.56" (exact: numbers, bigints and digit strings go through BigInt). */
export function formatCents(cents: number | bigint | string, currency = ''): string {
	const c = typeof cents === 'number' ? BigInt(Math.round(cents)) : BigInt(cents);
	const neg = c < 0n;
	const a = neg ? -c : c;
	const whole = (a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	const s = `${neg ? '-' : ''}${whole}.${(a % 100n).toString().padStart(2, '0')}`;
	return currency ? `${s} ${currency}` : s;
}
