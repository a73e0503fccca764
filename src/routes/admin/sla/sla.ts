/** The SLA page's units and clock times (client-safe). */
import { m } from '$lib/paraglide/messages';

export const UNITS = ['minutes', 'hours', 'businessDays'] as const;
export type Unit = (typeof UNITS)[number];

export const unitLabel = (u: string) => (u === 'minutes' ? m.adm_unit_minutes() : u === 'hours' ? m.adm_unit_hours() : m.adm_unit_business_days());

/** Minutes since local midnight → "HH:MM"; 1440 (the end of the day) is shown as 00:00. */
export function toTime(min: number): string {
	const v = min % 1440;
	return `${String(Math.floor(v / 60)).padStart(2, '0')}:${String(v % 60).padStart(2, '0')}`;
}

/** "HH:MM" → minutes since local midnight; an end at 00:00 means midnight at the end of the day (1440). */
export function fromTime(t: string, isEnd: boolean): number {
	const mm = /^(\d{2}):(\d{2})/.exec(t);
	if (!mm) return NaN;
	const v = Number(mm[1]) * 60 + Number(mm[2]);
	return isEnd && v === 0 ? 1440 : v;
}
