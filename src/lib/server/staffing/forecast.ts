/**
 * Arrivals per interval, one series at a time. The season is the hour of the week (slot
 * index mod slots-per-week), so the series only has to be dense: missing intervals are 0,
 * not absent. Slots flagged as holidays are skipped when fitting and when scoring, because one
 * Christmas would otherwise teach every method that that slot is quiet every week.
 */

export const forecastMethods = [
	'seasonalNaive',
	'weightedAverage',
	'holtWintersAdditive',
	'holtWintersMultiplicative'
] as const;
export type ForecastMethod = (typeof forecastMethods)[number];
/** Last resort for histories shorter than one week: no season can be estimated. */
export type FallbackMethod = 'flatMean';

export interface ForecastInput {
	/** arrivals per interval, oldest first, gaps filled with 0 */
	arrivals: number[];
	intervalMinutes: 15 | 30 | 60;
	/** same length as arrivals; true excludes the slot from fitting and scoring */
	holidays?: boolean[];
	/** intervals to forecast after the last one in `arrivals` */
	horizon: number;
	/** force a method instead of picking the best backtest */
	method?: ForecastMethod;
	/** weeks averaged by weightedAverage (default 4) */
	weeksK?: number;
	/** weeks held out to score each method (default 1) */
	backtestWeeks?: number;
}

export interface ForecastScore {
	/** Σ|error| ÷ Σ actual; null when every scored actual is 0 (no scale to divide by) */
	wape: number | null;
	maeArrivals: number;
	/** mean signed error, positive = over-forecast */
	biasArrivals: number;
}

export interface ForecastResult {
	method: ForecastMethod | FallbackMethod;
	chosenBy: 'caller' | 'backtest' | 'fallback';
	forecast: number[];
	scores: Partial<Record<ForecastMethod, ForecastScore>>;
	notes: string[];
}

export const slotsPerWeek = (intervalMinutes: number) => (7 * 24 * 60) / intervalMinutes;

/** Seasons of history each method needs before it can say anything. */
const minSeasons: Record<ForecastMethod, number> = {
	seasonalNaive: 1,
	weightedAverage: 1,
	holtWintersAdditive: 2,
	holtWintersMultiplicative: 2
};

interface Series {
	y: number[];
	skip: boolean[];
	season: number;
}

function meanOf(s: Series): number {
	let sum = 0;
	let n = 0;
	s.y.forEach((v, i) => {
		if (!s.skip[i]) {
			sum += v;
			n++;
		}
	});
	return n > 0 ? sum / n : 0;
}

/** The same slot in earlier weeks, most recent first, holidays left out. */
function sameSlotHistory(s: Series, target: number, limit: number): number[] {
	const n = s.y.length;
	const values: number[] = [];
	let idx = target - s.season * Math.max(1, Math.ceil((target - n + 1) / s.season));
	for (; idx >= 0 && values.length < limit; idx -= s.season) {
		if (!s.skip[idx]) values.push(s.y[idx]);
	}
	return values;
}

export function seasonalNaive(s: Series, horizon: number): number[] {
	const fallback = meanOf(s);
	return Array.from({ length: horizon }, (_, h) => sameSlotHistory(s, s.y.length + h, 1)[0] ?? fallback);
}

/** Linearly decaying weights (K, K−1, …, 1): recent weeks matter more, old ones still damp noise. */
export function weightedAverage(s: Series, horizon: number, weeksK: number): number[] {
	const fallback = meanOf(s);
	return Array.from({ length: horizon }, (_, h) => {
		const values = sameSlotHistory(s, s.y.length + h, weeksK);
		if (values.length === 0) return fallback;
		let num = 0;
		let den = 0;
		values.forEach((v, i) => {
			const w = weeksK - i;
			num += w * v;
			den += w;
		});
		return num / den;
	});
}

interface HwParams {
	alpha: number;
	beta: number;
	gamma: number;
}

// Forecasts run weeks ahead: an undamped trend extrapolated 1000+ steps runs away.
const PHI = 0.98;
// Below this a multiplicative index or level is "zero" (night slots): dividing by it explodes.
const TINY = 1e-9;

interface HwState {
	level: number;
	trend: number;
	seasonal: number[];
	/** one-step-ahead squared error over the fitted part, for choosing parameters */
	sse: number;
}

function runHoltWinters(s: Series, p: HwParams, multiplicative: boolean): HwState {
	const m = s.season;
	const meanRange = (from: number) => {
		let sum = 0;
		let n = 0;
		for (let i = from; i < from + m; i++) {
			if (!s.skip[i]) {
				sum += s.y[i];
				n++;
			}
		}
		return n > 0 ? sum / n : 0;
	};
	const first = meanRange(0);
	let level = first;
	let trend = (meanRange(m) - first) / m;
	const seasonal = Array.from({ length: m }, (_, i) => {
		// A holiday in the first week borrows the same slot of the second.
		const j = s.skip[i] && !s.skip[i + m] ? i + m : i;
		if (multiplicative) return level > TINY ? s.y[j] / level : 1;
		return s.y[j] - level;
	});

	let sse = 0;
	for (let t = 0; t < s.y.length; t++) {
		const k = t % m;
		const base = level + PHI * trend;
		if (s.skip[t]) {
			level = base;
			trend *= PHI;
			continue;
		}
		const y = s.y[t];
		const predicted = multiplicative ? base * seasonal[k] : base + seasonal[k];
		if (t >= m) sse += (y - predicted) ** 2;
		const prevLevel = level;
		if (multiplicative) {
			const deseasonalised = seasonal[k] > TINY ? y / seasonal[k] : base;
			level = p.alpha * deseasonalised + (1 - p.alpha) * base;
			trend = p.beta * (level - prevLevel) + (1 - p.beta) * PHI * trend;
			if (level > TINY) seasonal[k] = p.gamma * (y / level) + (1 - p.gamma) * seasonal[k];
		} else {
			level = p.alpha * (y - seasonal[k]) + (1 - p.alpha) * base;
			trend = p.beta * (level - prevLevel) + (1 - p.beta) * PHI * trend;
			seasonal[k] = p.gamma * (y - level) + (1 - p.gamma) * seasonal[k];
		}
	}
	return { level, trend, seasonal, sse };
}

const HW_GRID: HwParams[] = [0.05, 0.15, 0.3, 0.5].flatMap((alpha) =>
	[0, 0.02].flatMap((beta) => [0.05, 0.15, 0.3].map((gamma) => ({ alpha, beta, gamma })))
);

export function holtWinters(s: Series, horizon: number, multiplicative: boolean): number[] {
	let best: HwState | undefined;
	for (const p of HW_GRID) {
		const state = runHoltWinters(s, p, multiplicative);
		if (!best || state.sse < best.sse) best = state;
	}
	const { level, trend, seasonal } = best!;
	const n = s.y.length;
	const out: number[] = [];
	let damped = 0;
	for (let h = 0; h < horizon; h++) {
		damped += PHI ** (h + 1);
		const base = level + damped * trend;
		const k = (n + h) % s.season;
		// Arrivals cannot be negative; an additive season on a quiet slot can dip below 0.
		out.push(Math.max(0, multiplicative ? base * seasonal[k] : base + seasonal[k]));
	}
	return out;
}

function runMethod(method: ForecastMethod, s: Series, horizon: number, weeksK: number): number[] {
	switch (method) {
		case 'seasonalNaive':
			return seasonalNaive(s, horizon);
		case 'weightedAverage':
			return weightedAverage(s, horizon, weeksK);
		case 'holtWintersAdditive':
			return holtWinters(s, horizon, false);
		case 'holtWintersMultiplicative':
			return holtWinters(s, horizon, true);
	}
}

/** WAPE instead of MAPE: a slot with 0 actual arrivals makes MAPE divide by zero. */
export function scoreForecast(forecast: number[], actual: number[], skip: boolean[] = []): ForecastScore {
	let absErr = 0;
	let signedErr = 0;
	let actualSum = 0;
	let n = 0;
	actual.forEach((a, i) => {
		if (skip[i]) return;
		absErr += Math.abs(forecast[i] - a);
		signedErr += forecast[i] - a;
		actualSum += Math.abs(a);
		n++;
	});
	return {
		wape: actualSum > 0 ? absErr / actualSum : absErr === 0 ? 0 : null,
		maeArrivals: n > 0 ? absErr / n : 0,
		biasArrivals: n > 0 ? signedErr / n : 0
	};
}

/** Lower is better; WAPE when both have one, MAE otherwise (all-zero holdouts). */
function better(a: ForecastScore, b: ForecastScore): boolean {
	if (a.wape !== null && b.wape !== null && a.wape !== b.wape) return a.wape < b.wape;
	return a.maeArrivals < b.maeArrivals;
}

export function forecastArrivals(input: ForecastInput): ForecastResult {
	const season = slotsPerWeek(input.intervalMinutes);
	const weeksK = input.weeksK ?? 4;
	const n = input.arrivals.length;
	const skip = Array.from({ length: n }, (_, i) => input.holidays?.[i] ?? false);
	const series: Series = { y: input.arrivals, skip, season };
	const notes: string[] = [];
	const seasonsAvailable = n / season;

	if (seasonsAvailable < 1) {
		notes.push(
			`history covers ${n} of the ${season} intervals of one week: no weekly pattern can be estimated, flat mean used`
		);
		const mean = meanOf(series);
		return { method: 'flatMean', chosenBy: 'fallback', forecast: Array(input.horizon).fill(mean), scores: {}, notes };
	}

	const holdout = season * (input.backtestWeeks ?? 1);
	const train: Series = { y: input.arrivals.slice(0, n - holdout), skip: skip.slice(0, n - holdout), season };
	const scores: Partial<Record<ForecastMethod, ForecastScore>> = {};
	for (const method of forecastMethods) {
		if (train.y.length < minSeasons[method] * season) continue;
		const predicted = runMethod(method, train, holdout, weeksK);
		scores[method] = scoreForecast(predicted, input.arrivals.slice(n - holdout), skip.slice(n - holdout));
	}
	if (Object.keys(scores).length === 0) notes.push('history too short to hold out a backtest week: methods not scored');

	let method: ForecastMethod;
	let chosenBy: ForecastResult['chosenBy'];
	if (input.method && seasonsAvailable >= minSeasons[input.method]) {
		method = input.method;
		chosenBy = 'caller';
	} else {
		if (input.method) {
			notes.push(`${input.method} needs ${minSeasons[input.method]} weeks of history, only ${seasonsAvailable.toFixed(1)} available`);
		}
		const ranked = (Object.entries(scores) as [ForecastMethod, ForecastScore][]).reduce<
			[ForecastMethod, ForecastScore] | undefined
		>((best, entry) => (!best || better(entry[1], best[1]) ? entry : best), undefined);
		if (ranked && !input.method) {
			method = ranked[0];
			chosenBy = 'backtest';
		} else {
			// Unscored or the caller's choice is impossible: the sturdiest method that fits.
			method = 'weightedAverage';
			chosenBy = 'fallback';
			notes.push('fell back to weightedAverage');
		}
	}
	if (chosenBy === 'backtest' && train.y.length < 2 * season) {
		notes.push('Holt-Winters not backtested: it needs two weeks before the holdout');
	}

	return { method, chosenBy, forecast: runMethod(method, series, input.horizon, weeksK), scores, notes };
}

/** Several series (queues, channels) at once; each picks its own method. */
export function forecastAll(inputs: Record<string, ForecastInput>): Record<string, ForecastResult> {
	return Object.fromEntries(Object.entries(inputs).map(([key, input]) => [key, forecastArrivals(input)]));
}
