/**
 * Default shift templates for a day cut in `periodsPerDay` periods: five 8-hour shifts that
 * together cover the clock (the solver's model is per day, so none crosses midnight).
 * Shared by the planner page and the plan service.
 */
export interface ShiftTemplateSpec {
	name: string;
	/** local hours [startHour, endHour) */
	fromHour: number;
	toHour: number;
}

export const DEFAULT_SHIFTS: ShiftTemplateSpec[] = [
	{ name: 'Night 00–08', fromHour: 0, toHour: 8 },
	{ name: 'Early 06–14', fromHour: 6, toHour: 14 },
	{ name: 'Day 08–16', fromHour: 8, toHour: 16 },
	{ name: 'Mid 12–20', fromHour: 12, toHour: 20 },
	{ name: 'Late 16–24', fromHour: 16, toHour: 24 }
];

export function shiftTemplates(periodsPerDay: number, specs: ShiftTemplateSpec[] = DEFAULT_SHIFTS) {
	const perHour = periodsPerDay / 24;
	return specs.map((s) => ({
		name: s.name,
		coverage: Array.from({ length: periodsPerDay }, (_, p) => (p >= s.fromHour * perHour && p < s.toHour * perHour ? 1 : 0)) as (0 | 1)[]
	}));
}
