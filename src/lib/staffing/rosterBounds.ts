/**
 * The roster's inputs in the units the page shows: one table for the server's validation
 * (staffing/roster.ts) and the roster page's input attributes.
 */
export const ROSTER_BOUNDS = {
	/** contracted hours per week */
	contractedHours: { min: 0, max: 60, default: 40 },
	/** dated days off kept per agent */
	leaveDays: { max: 120 },
	/** overtime a plan may give an agent beyond their contract, hours per week */
	overtimeH: { min: 0, max: 20, default: 0 }
} as const;
