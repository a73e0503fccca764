/**
 * The desk planner's inputs in the units the page shows, with their bounds and defaults: one
 * table for the server's validation (staffing/desk.ts) and the page's input attributes.
 */
export const DESK_BOUNDS = {
	serviceLevelPct: { min: 1, max: 99, default: 80 },
	targetAnswerS: { min: 1, max: 3600, default: 20 },
	chatAnswerS: { min: 1, max: 3600, default: 60 },
	chatConcurrency: { min: 1, max: 4, default: 2 },
	shrinkagePct: { min: 0, max: 60, default: 30 },
	maxOccupancyPct: { min: 50, max: 100, default: 85 },
	responseTargetH: { min: 0.5, max: 72, default: 4 },
	volumePct: { min: -100, max: 300, default: 0 },
	days: { min: 1, max: 28, default: 7 },
	historyWeeks: { min: 1, max: 26, default: 8 }
} as const;

export type DeskBoundName = keyof typeof DESK_BOUNDS;
