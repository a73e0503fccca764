/**
 * Tile thresholds (green / amber / red), shared by the board editor's preview and the wall.
 * Client-safe (no server imports). The shape is validated in src/lib/server/boards/model.ts
 * (`thresholdsSchema`), which is the source of truth for a tile's `thresholds`.
 *
 * Values are in the metric's own unit, as the frame carries them: rates are fractions 0–1
 * (0.9 = 90 %), durations are seconds, counts are counts.
 *
 * - direction 'above' (higher is worse: backlog, first response time): value ≥ red → red,
 *   value ≥ amber → amber, else green. Valid when amber ≤ red.
 * - direction 'below' (lower is worse: SLA rate, CSAT): value ≤ red → red, value ≤ amber →
 *   amber, else green. Valid when amber ≥ red.
 */
export const THRESHOLD_DIRECTIONS = ['above', 'below'] as const;
export type ThresholdDirection = (typeof THRESHOLD_DIRECTIONS)[number];

export interface TileThresholds {
	direction: ThresholdDirection;
	amber: number;
	red: number;
}

export type Tone = 'green' | 'amber' | 'red';

/** The tone of a value under a tile's thresholds; null when there are none or no value. */
export function thresholdTone(value: number | null | undefined, t: TileThresholds | null | undefined): Tone | null {
	if (!t || value === null || value === undefined || !Number.isFinite(value)) return null;
	if (t.direction === 'above') return value >= t.red ? 'red' : value >= t.amber ? 'amber' : 'green';
	return value <= t.red ? 'red' : value <= t.amber ? 'amber' : 'green';
}

/** Why a thresholds object is inconsistent (which field), or null when it is fine. */
export function thresholdsProblem(t: TileThresholds): { field: 'amber' | 'red'; message: string } | null {
	if (t.direction === 'above' && t.red < t.amber) return { field: 'red', message: 'must be at least amber when higher is worse (direction "above")' };
	if (t.direction === 'below' && t.red > t.amber) return { field: 'red', message: 'must be at most amber when lower is worse (direction "below")' };
	return null;
}

/** The display unit of a metric value (as in the frame): 'duration' (seconds), 'pct' (0–1) or 'count'. */
export function valueUnit(value: string | undefined): 'duration' | 'pct' | 'count' {
	if (!value) return 'count';
	if (value.endsWith('_s')) return 'duration';
	if (value === 'rate' || value.endsWith('_rate')) return 'pct';
	return 'count';
}

/** A threshold as the editor shows it (percent, minutes, count) ⇄ as stored (0–1, seconds, count). */
export const toShown = (v: number, unit: ReturnType<typeof valueUnit>) => (unit === 'pct' ? Math.round(v * 100 * 1000) / 1000 : unit === 'duration' ? Math.round((v / 60) * 1000) / 1000 : v);
export const toStored = (v: number, unit: ReturnType<typeof valueUnit>) => (unit === 'pct' ? Math.round(v * 10) / 1000 : unit === 'duration' ? Math.round(v * 60) : v);
