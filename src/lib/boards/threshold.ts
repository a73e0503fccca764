/**
 * Tile thresholds (client-safe: the wall and the board editor's preview both colour with this).
 * A tile's `thresholds` are in the unit of its frame value (a rate is a fraction, 0.9 = 90 %, a
 * duration is seconds). `direction` says which way is bad: 'above' (backlog, first response
 * time: higher is worse) or 'below' (SLA rate, CSAT: lower is worse). Reaching a limit counts:
 * with direction 'above', value ≥ red is 'crit', else value ≥ amber is 'warn', else 'ok'.
 */
export type ThresholdDirection = 'above' | 'below';

export interface Thresholds {
	amber?: number | null;
	red?: number | null;
	direction: ThresholdDirection;
}

export type ThresholdLevel = 'ok' | 'warn' | 'crit';

const set = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

/** The level of `value` against `thresholds`; null when there is no value or no limit to judge by. */
export function thresholdLevel(value: number | null | undefined, thresholds: Thresholds | null | undefined): ThresholdLevel | null {
	if (!thresholds || !set(value)) return null;
	const { amber, red, direction } = thresholds;
	if (!set(amber) && !set(red)) return null;
	const bad = direction === 'below' ? (limit: number) => value <= limit : (limit: number) => value >= limit;
	if (set(red) && bad(red)) return 'crit';
	if (set(amber) && bad(amber)) return 'warn';
	return 'ok';
}
