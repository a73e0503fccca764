/** ISO weekdays (1 = Monday … 7 = Sunday) named in the page's language, from Intl (no catalog keys). */
const MONDAY_MS = Date.UTC(2024, 0, 1); // a Monday

export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export function weekdayName(iso: number, locale: string, style: 'short' | 'long' = 'short'): string {
	return new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(new Date(MONDAY_MS + (iso - 1) * 86_400_000));
}

/** "Mon 3" style label of a YYYY-MM-DD date. */
export function dayLabel(date: string, locale: string): string {
	return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}
