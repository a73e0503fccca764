/**
 * Default SLA policies and thresholds, as data, plus the pure helpers that turn them into
 * millisecond targets and threshold events.
 *
 * Units. A target is measured on its calendar, so "hours" on a business calendar are business
 * hours. A "business day" is a fixed amount of business time: the calendar's nominal business
 * day (nominalBusinessDayMs: 10 h on the default Mon–Fri 08:00–18:00 calendar, 24 h on 24×7),
 * not "the same time N working days later". 3 business days on the default calendar = 30
 * business hours.
 */
import { z } from 'zod';
import { parseInput } from '../validate';
import { nominalBusinessDayMs, type BusinessCalendar, type CalendarInput } from './calendar';

export const SLA_PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type Priority = (typeof SLA_PRIORITIES)[number];

const ALL_DAY = [[0, 1440]] as const;
const OFFICE = [[8 * 60, 18 * 60]] as const;

/**
 * Default business calendar: Mon–Fri 08:00–18:00, Europe/Paris. Holidays are deployment data
 * (they change every year and by country): none here; configure them per calendar.
 */
export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = Object.freeze({
	timeZone: 'Europe/Paris',
	weeklyHours: [[], OFFICE, OFFICE, OFFICE, OFFICE, OFFICE, []],
	holidays: []
});

/** Round the clock. The zone is irrelevant to a 24×7 calendar without holidays; UTC for clarity. */
export const CALENDAR_24X7: BusinessCalendar = Object.freeze({
	timeZone: 'UTC',
	weeklyHours: [ALL_DAY, ALL_DAY, ALL_DAY, ALL_DAY, ALL_DAY, ALL_DAY, ALL_DAY],
	holidays: []
});

export type CalendarId = 'business' | '24x7';

export const DEFAULT_CALENDARS: Readonly<Record<CalendarId, BusinessCalendar>> = Object.freeze({
	business: DEFAULT_BUSINESS_CALENDAR,
	'24x7': CALENDAR_24X7
});

/**
 * The longest target accepted, per unit: a year. A huge target was accepted, then every ticket of
 * its priority failed (its due date past the calendar engine's range): issue 18.
 */
export const SLA_TARGET_MAX = { minutes: 366 * 24 * 60, hours: 366 * 24, businessDays: 366 } as const;

export const slaTargetSchema = z
	.object({
		unit: z.enum(['minutes', 'hours', 'businessDays'], { error: "must be 'minutes', 'hours' or 'businessDays'" }),
		value: z.number({ error: 'must be a number' }).positive('must be greater than 0').finite('must be a finite number')
	})
	.superRefine((t, ctx) => {
		const max = SLA_TARGET_MAX[t.unit];
		if (t.value > max) ctx.addIssue({ code: 'custom', path: ['value'], message: `must be at most ${max} ${t.unit} (one year)` });
	});
export type SlaTarget = z.infer<typeof slaTargetSchema>;

export const slaPolicySchema = z.object({
	priority: z.enum(SLA_PRIORITIES, { error: 'must be one of P1, P2, P3, P4, P5' }),
	calendar: z.enum(['business', '24x7'], { error: "must be 'business' or '24x7'" }),
	/** null: no response target (P5). */
	response: slaTargetSchema.nullable(),
	resolution: slaTargetSchema
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;

/** Validate an untrusted policy; throws DomainError('INVALID') naming the field. */
export function parseSlaPolicy(input: unknown): SlaPolicy {
	return parseInput(slaPolicySchema, input);
}

export const DEFAULT_SLA_POLICIES: Readonly<Record<Priority, SlaPolicy>> = Object.freeze({
	P1: { priority: 'P1', calendar: '24x7', response: { unit: 'minutes', value: 15 }, resolution: { unit: 'hours', value: 4 } },
	P2: { priority: 'P2', calendar: '24x7', response: { unit: 'minutes', value: 30 }, resolution: { unit: 'hours', value: 8 } },
	P3: { priority: 'P3', calendar: 'business', response: { unit: 'hours', value: 4 }, resolution: { unit: 'businessDays', value: 3 } },
	P4: { priority: 'P4', calendar: 'business', response: { unit: 'businessDays', value: 1 }, resolution: { unit: 'businessDays', value: 5 } },
	P5: { priority: 'P5', calendar: 'business', response: null, resolution: { unit: 'businessDays', value: 10 } }
});

/** A target in business milliseconds on `cal` (rounded to the ms). */
export function targetMs(target: SlaTarget, cal: CalendarInput): number {
	switch (target.unit) {
		case 'minutes':
			return Math.round(target.value * 60_000);
		case 'hours':
			return Math.round(target.value * 3_600_000);
		case 'businessDays':
			return Math.round(target.value * nominalBusinessDayMs(cal));
	}
}

export interface ResolvedSla {
	calendar: BusinessCalendar;
	/** null: no response target. */
	responseMs: number | null;
	resolutionMs: number;
}

/** A policy's calendar and its targets in business ms. */
export function resolvePolicy(
	policy: SlaPolicy,
	calendars: Readonly<Record<CalendarId, BusinessCalendar>> = DEFAULT_CALENDARS
): ResolvedSla {
	const calendar = calendars[policy.calendar];
	return {
		calendar,
		responseMs: policy.response ? targetMs(policy.response, calendar) : null,
		resolutionMs: targetMs(policy.resolution, calendar)
	};
}

// ---------------------------------------------------------------------------------------------
// Thresholds

export type SlaThreshold = 'warning50' | 'warning75' | 'breached';

/** Each threshold fires once, when elapsed ÷ target reaches its fraction (≥, so 100% = breached). */
export const SLA_THRESHOLDS: readonly { readonly kind: SlaThreshold; readonly fraction: number }[] = Object.freeze([
	{ kind: 'warning50', fraction: 0.5 },
	{ kind: 'warning75', fraction: 0.75 },
	{ kind: 'breached', fraction: 1 }
]);

/**
 * Thresholds newly crossed between two evaluations: prevFraction < t ≤ nowFraction, in order.
 * Pass prevFraction = 0 on the first evaluation. A fraction that went down (a longer target after
 * a priority change) crosses nothing; re-arming is the caller's decision.
 */
export function slaThresholdsCrossed(prevFraction: number, nowFraction: number): SlaThreshold[] {
	if (Number.isNaN(prevFraction) || Number.isNaN(nowFraction)) throw new RangeError('fractions must be numbers');
	return SLA_THRESHOLDS.filter((t) => prevFraction < t.fraction && t.fraction <= nowFraction).map((t) => t.kind);
}
