/**
 * SLA configuration in Postgres (calendars, policies per priority), seeded from the defaults in
 * sla/policies.ts and cached per database handle. Calendar objects stay the same between calls
 * because the business-time engine memoises its compiled table per calendar object.
 */
import { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { slaCalendars, slaPolicies } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { authorize } from '../rbac/actor';
import { notFound } from '../errors';
import { parseInput } from '../validate';
import { businessCalendarSchema, dueAt, type BusinessCalendar } from '../sla/calendar';
import {
	DEFAULT_CALENDARS,
	DEFAULT_SLA_POLICIES,
	resolvePolicy,
	slaPolicySchema,
	type CalendarId,
	type SlaPolicy
} from '../sla/policies';
import type { Priority } from '../../../../schemas/events';

export interface SlaConfig {
	calendars: Record<string, BusinessCalendar>;
	policies: Record<string, SlaPolicy & { escalateOnBreach: boolean }>;
}

/** Other processes (scale-out) may edit policies: re-read at most this often. */
const TTL_MS = 30_000;
const cache = new WeakMap<object, { at: number; config: SlaConfig }>();

export async function seedSla(db: Db): Promise<void> {
	await db
		.insert(slaCalendars)
		.values(
			Object.entries(DEFAULT_CALENDARS).map(([id, c]) => ({
				id,
				timeZone: c.timeZone,
				weeklyHours: c.weeklyHours,
				holidays: c.holidays
			}))
		)
		.onConflictDoNothing();
	await db
		.insert(slaPolicies)
		.values(
			Object.values(DEFAULT_SLA_POLICIES).map((p) => ({
				priority: p.priority,
				calendarId: p.calendar,
				response: p.response,
				resolution: p.resolution,
				escalateOnBreach: p.priority === 'P1' || p.priority === 'P2'
			}))
		)
		.onConflictDoNothing();
}

export async function loadSlaConfig(db: Db, now = Date.now()): Promise<SlaConfig> {
	const hit = cache.get(db);
	if (hit && now - hit.at < TTL_MS) return hit.config;
	const cals = await db.select().from(slaCalendars);
	const pols = await db.select().from(slaPolicies);
	const config: SlaConfig = {
		calendars: Object.fromEntries(
			cals.map((c) => [
				c.id,
				{ timeZone: c.timeZone, weeklyHours: c.weeklyHours, holidays: c.holidays } as BusinessCalendar
			])
		),
		policies: Object.fromEntries(
			pols.map((p) => [
				p.priority,
				{
					priority: p.priority as Priority,
					calendar: p.calendarId as CalendarId,
					response: p.response as SlaPolicy['response'],
					resolution: p.resolution as SlaPolicy['resolution'],
					escalateOnBreach: p.escalateOnBreach
				}
			])
		)
	};
	cache.set(db, { at: now, config });
	return config;
}

export function invalidateSlaConfig(db: Db): void {
	cache.delete(db);
}

/** The calendar and targets a ticket of this priority gets. */
export function slaFor(config: SlaConfig, priority: string) {
	const policy = config.policies[priority];
	if (!policy) throw notFound(`SLA policy for ${priority}`);
	const r = resolvePolicy(policy, config.calendars as Record<CalendarId, BusinessCalendar>);
	return { calendarId: policy.calendar, ...r, escalateOnBreach: policy.escalateOnBreach };
}

/**
 * slaFor with the due dates, for a ticket created at nowMs. Never throws: a stored policy that
 * cannot be applied (out of range, written before the bounds, an unknown calendar) falls back to
 * the default policy of that priority and is logged. Creating a ticket (monitoring auto-tickets
 * included) must not fail because of a policy.
 */
export function slaAt(config: SlaConfig, priority: string, nowMs: number) {
	const compute = (cfg: SlaConfig) => {
		const sla = slaFor(cfg, priority);
		const responseDueAt = sla.responseMs === null ? null : new Date(dueAt(sla.calendar, nowMs, sla.responseMs));
		const resolutionDueAt = new Date(dueAt(sla.calendar, nowMs, sla.resolutionMs));
		if (Number.isNaN(resolutionDueAt.getTime()) || (responseDueAt && Number.isNaN(responseDueAt.getTime()))) throw new Error('due date out of range');
		return { ...sla, responseDueAt, resolutionDueAt };
	};
	try {
		return compute(config);
	} catch (e) {
		const fallback = DEFAULT_SLA_POLICIES[priority as Priority] ?? DEFAULT_SLA_POLICIES.P3;
		console.error(`[sla] the ${priority} policy cannot be applied (${(e as Error).message}); this ticket gets the default policy`);
		return compute({
			calendars: { ...DEFAULT_CALENDARS },
			policies: { [priority]: { ...fallback, escalateOnBreach: config.policies[priority]?.escalateOnBreach ?? false } }
		});
	}
}

export function calendarOf(config: SlaConfig, calendarId: string): BusinessCalendar {
	const c = config.calendars[calendarId];
	if (!c) throw notFound(`SLA calendar ${calendarId}`);
	return c;
}

const policyUpdateInput = slaPolicySchema.extend({
	escalateOnBreach: z.boolean({ error: 'must be true or false' }).optional()
});

/** Edit a policy (targets apply to tickets created afterwards). Audited. */
export async function updateSlaPolicy(ctx: Ctx, raw: unknown) {
	const actor = authorize(ctx.actor, 'tickets.manage');
	const input = parseInput(policyUpdateInput, raw);
	return ctx.db.transaction(async (tx) => {
		const [before] = await tx.select().from(slaPolicies).where(eq(slaPolicies.priority, input.priority));
		const values = {
			calendarId: input.calendar,
			response: input.response,
			resolution: input.resolution,
			escalateOnBreach: input.escalateOnBreach ?? before?.escalateOnBreach ?? false,
			updatedAt: new Date()
		};
		await tx
			.insert(slaPolicies)
			.values({ priority: input.priority, ...values })
			.onConflictDoUpdate({ target: slaPolicies.priority, set: values });
		await audit(tx, actor, { action: 'sla_policy.updated', entityType: 'sla_policy', entityId: input.priority, before, after: values });
		invalidateSlaConfig(ctx.db);
		return { priority: input.priority, ...values };
	});
}

/** Edit a business calendar (weekly hours, time zone, holidays). Audited. */
export async function updateSlaCalendar(ctx: Ctx, calendarId: string, raw: unknown) {
	const actor = authorize(ctx.actor, 'tickets.manage');
	const cal = parseInput(businessCalendarSchema, raw);
	return ctx.db.transaction(async (tx) => {
		const [before] = await tx.select().from(slaCalendars).where(eq(slaCalendars.id, calendarId));
		if (!before) throw notFound(`SLA calendar ${calendarId}`);
		const values = { timeZone: cal.timeZone, weeklyHours: cal.weeklyHours, holidays: cal.holidays, updatedAt: sql`now()` };
		await tx.update(slaCalendars).set(values).where(eq(slaCalendars.id, calendarId));
		await audit(tx, actor, { action: 'sla_calendar.updated', entityType: 'sla_calendar', entityId: calendarId, before, after: cal });
		invalidateSlaConfig(ctx.db);
		return { id: calendarId, ...cal };
	});
}
