import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { openClickHouse, migrateClickHouse, insertRows, type ClickHouse } from '../../../src/lib/server/analytics/clickhouse';
import { createPlan, publishPlan, listPlans, getPlan, comparePlan } from '../../../src/lib/server/staffing/plans';
import { refreshForecasts, latestForecast } from '../../../src/lib/server/staffing/forecastRefresh';
import { systemActor } from '../../../src/lib/server/rbac/actor';
import { auditLog, staffingForecasts } from '../../../schemas/postgres/index';
import { forecastRefreshJob } from '../../../workers/forecastRefresh';
import { JOBS } from '../../../workers/index';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { syntheticEvents } from './synthetic';

const DAY_MS = 86_400_000;
const PLAN_START = new Date('2025-03-03T00:00:00Z');

let ch: ClickHouse;
let dir: string;
beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-plans-'));
	ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
	await migrateClickHouse(ch);
	// Three weeks of history, then the plan's week with 50% more phone traffic than the pattern.
	await insertRows(ch, 'ticket_events', syntheticEvents({ from: new Date(PLAN_START.getTime() - 21 * DAY_MS), days: 21, channel: 'phone', workS: 300 }));
	await insertRows(ch, 'ticket_events', syntheticEvents({ from: PLAN_START, days: 7, channel: 'phone', workS: 300, scale: 1.5 }));
});
afterAll(async () => {
	await ch?.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(DRIVERS)('staffing plans on %s', (driver) => {
	let db: TestDb;
	const ctx = () => ({ db: db.db, ch, actor: systemActor('planner') });
	const query = { start: '2025-03-03', days: 7, intervalMin: 30, channel: 'phone', historyWeeks: 3 };

	beforeAll(async () => {
		db = await freshDb(driver);
	});
	afterAll(async () => db?.close());

	it('creates a plan: requirement and a covering shift solution, audited', async () => {
		const plan = await createPlan(ctx(), { name: 'Week 10', query });
		expect(plan).toMatchObject({ name: 'Week 10', publishedAt: null });
		const req = plan.requirement as { required: number[][]; totals: { contacts: number } };
		const sol = plan.solution as { status: string; coverage: number[][] };
		expect(sol.status).toBe('optimal');
		req.required.forEach((row, d) => row.forEach((v, p) => expect(sol.coverage[d][p]).toBeGreaterThanOrEqual(v)));
		expect(req.totals.contacts).toBeCloseTo(5 * 20 * 6 + 2 * 12 * 2, 0);
		expect((plan.shifts as { templates: unknown[] }).templates).toHaveLength(5);
		const rows = await db.db.select().from(auditLog).where(and(eq(auditLog.entityId, plan.id), eq(auditLog.action, 'staffing.plan.create')));
		expect(rows).toHaveLength(1);
	});

	it('validates the plan input', async () => {
		await expect(createPlan(ctx(), { name: '  ' })).rejects.toMatchObject({ code: 'INVALID', field: 'name' });
		await expect(createPlan(ctx(), { name: 'x', query: { intervalMin: 20 } })).rejects.toMatchObject({ code: 'INVALID', field: 'intervalMin' });
		await expect(createPlan(ctx(), { name: 'x', query, shifts: [{ name: 'a', coverage: [1] }] })).rejects.toMatchObject({ field: 'shifts.0.coverage' });
	});

	it('publishes once, audited; readers need staffing.read, publishers staffing.plan', async () => {
		const plan = await createPlan(ctx(), { name: 'To publish', query: { ...query, days: 1 } });
		const published = await publishPlan(ctx(), plan.id);
		expect(published.publishedAt).toBeInstanceOf(Date);
		await expect(publishPlan(ctx(), plan.id)).rejects.toMatchObject({ code: 'CONFLICT' });
		const rows = await db.db.select().from(auditLog).where(and(eq(auditLog.entityId, plan.id), eq(auditLog.action, 'staffing.plan.publish')));
		expect(rows).toHaveLength(1);
		expect(rows[0].after).toMatchObject({ publishedAt: published.publishedAt!.toISOString() });
		const reader = { ...ctx(), actor: { ...systemActor(), permissions: new Set(['staffing.read'] as const) } };
		expect((await listPlans(reader)).map((p) => p.id)).toContain(plan.id);
		expect((await getPlan(reader, plan.id)).name).toBe('To publish');
		await expect(publishPlan(reader, plan.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(createPlan(reader, { name: 'no' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(getPlan(ctx(), '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('compares the plan with what actually arrived', async () => {
		const plan = await createPlan(ctx(), { name: 'Compare me', query });
		// "now" is Thursday 00:00: Monday to Wednesday have happened.
		const now = PLAN_START.getTime() + 3 * DAY_MS;
		const cmp = await comparePlan(ctx(), plan.id, now);
		expect(cmp.intervals).toHaveLength(7 * 48);
		expect(cmp.totals.elapsedIntervals).toBe(3 * 48);
		expect(cmp.days.map((d) => d.date)).toEqual(['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09']);
		expect(cmp.days[0]).toMatchObject({ forecast: 120, actual: 180 });
		expect(cmp.days[0].errorPct).toBeCloseTo(-33.333, 2);
		expect(cmp.days[3].actual).toBeNull();
		expect(cmp.totals.actual).toBe(3 * 180);
		expect(cmp.totals.wape).toBeCloseTo(1 / 3, 3);
		expect(cmp.totals.biasPerInterval).toBeLessThan(0);
		// 9 calls per half hour need more heads than the 6 planned for: the schedule fell short somewhere.
		const mon10 = cmp.intervals[20];
		expect(mon10).toMatchObject({ forecast: 6, actual: 9 });
		expect(mon10.requiredActual!).toBeGreaterThan(mon10.required);
		expect(cmp.totals.understaffedIntervals).toBeGreaterThan(0);
		const early = await comparePlan(ctx(), plan.id, PLAN_START.getTime() - DAY_MS);
		expect(early.totals).toMatchObject({ elapsedIntervals: 0, wape: null, actual: 0 });
		expect(early.days.every((d) => d.actual === null)).toBe(true);
	});

	it('the nightly job stores the latest forecast per channel', async () => {
		expect(JOBS).toContain(forecastRefreshJob);
		expect(forecastRefreshJob.schedule).toBe('0 30 1 * * *');
		const now = PLAN_START.getTime() + 1.06 * DAY_MS; // Tuesday 01:30
		const out = await refreshForecasts({ db: db.db, ch }, now);
		expect(out.stored.map((s) => s.channel)).toEqual(['all', 'portal', 'email', 'phone', 'chat', 'api', 'monitoring']);
		const phone = await latestForecast(db.db, 'phone');
		expect(phone).not.toBeNull();
		expect(phone!.startsAt.toISOString()).toBe('2025-03-04T00:00:00.000Z');
		expect(phone!.arrivals as number[]).toHaveLength(14 * 48);
		expect((phone!.arrivals as number[])[20]).toBeGreaterThan(0);
		const email = await latestForecast(db.db, 'email');
		expect((email!.arrivals as number[]).every((v) => v === 0)).toBe(true);
		await refreshForecasts({ db: db.db, ch }, now + 60_000);
		expect(await db.db.select().from(staffingForecasts).where(eq(staffingForecasts.channel, 'phone'))).toHaveLength(2);
	});
});
