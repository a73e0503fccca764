import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openClickHouse, migrateClickHouse, insertRows, type ClickHouse } from '../../../src/lib/server/analytics/clickhouse';
import { computeRequirement, requirementParams, staffingRequirement } from '../../../src/lib/server/staffing/requirement';
import { arrivalsSeries } from '../../../src/lib/server/staffing/history';
import { invalidateSlaConfig } from '../../../src/lib/server/tickets/slaConfig';
import { systemActor } from '../../../src/lib/server/rbac/actor';
import { slaCalendars } from '../../../schemas/postgres/index';
import { freshDb, type TestDb } from '../../helpers/db';
import { syntheticEvents, expectedPer30 } from './synthetic';

const START = new Date('2025-03-03T00:00:00Z'); // a Monday
const HISTORY_FROM = new Date(START.getTime() - 4 * 7 * 86_400_000);

describe('staffing requirement on chDB with synthetic seasonality', () => {
	let ch: ClickHouse;
	let db: TestDb;
	let dir: string;
	const ctx = () => ({ db: db.db, ch, actor: systemActor('test') });

	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-staff-'));
		ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
		await migrateClickHouse(ch);
		await insertRows(ch, 'ticket_events', syntheticEvents({ from: HISTORY_FROM, days: 28, channel: 'phone', workS: 300 }));
		await insertRows(ch, 'ticket_events', syntheticEvents({ from: HISTORY_FROM, days: 28, channel: 'email', workS: 900, scale: 0.5 }));
		db = await freshDb('pglite');
	});
	afterAll(async () => {
		await db?.close();
		await ch?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('reads a dense arrivals series with zeros, per channel', async () => {
		const w = { from: HISTORY_FROM, to: START, intervalMin: 30, channel: 'phone' };
		const series = await arrivalsSeries(ch, w);
		expect(series).toHaveLength(28 * 48);
		series.forEach((v, i) => expect(v).toBe(expectedPer30(HISTORY_FROM.getTime() + i * 1_800_000)));
		const hourly = await arrivalsSeries(ch, { ...w, intervalMin: 60, channel: null });
		expect(hourly).toHaveLength(28 * 24);
		// Monday 10:00: two phone slots of 6 plus two email slots of 3
		expect(hourly[10]).toBe(18);
		expect(hourly[2]).toBe(0);
	});

	it('forecasts the known week and staffs the peaks (shapes, AHT from work_s)', async () => {
		const p = requirementParams({ start: '2025-03-03', days: 7, intervalMin: 30, channel: 'phone', historyWeeks: 4 });
		const req = await computeRequirement(ctx(), p);
		expect(req.periodsPerDay).toBe(48);
		expect(req.intervals).toHaveLength(7 * 48);
		expect(req.required).toHaveLength(7);
		req.required.forEach((row) => expect(row).toHaveLength(48));
		expect(req.params).toMatchObject({ start: '2025-03-03T00:00:00.000Z', end: '2025-03-10T00:00:00.000Z', channel: 'phone' });
		expect(req.forecast.chosenBy).toBe('backtest');
		expect(req.aht).toEqual({ meanS: 300, source: 'mixed' });
		const at = (day: number, hh: number, mm = 0) => req.intervals[day * 48 + hh * 2 + mm / 30];
		expect(at(0, 10).contacts).toBeCloseTo(6, 1); // Monday 10:00
		expect(at(5, 12).contacts).toBeCloseTo(2, 1); // Saturday 12:00
		expect(at(0, 3).contacts).toBeCloseTo(0, 1);
		expect(at(0, 3).staffed).toBe(0);
		// 6 calls × 300 s / 1800 s = 1 Erlang → Erlang C 80/20 needs 3 agents, 5 heads at 30% shrinkage
		expect(at(0, 10).trafficErlangs).toBeCloseTo(1, 2);
		expect(at(0, 10).agents).toBe(3);
		expect(at(0, 10).staffed).toBe(5);
		expect(req.totals.peakStaffed).toBe(5);
		expect(req.totals.contacts).toBeCloseTo(5 * 20 * 6 + 2 * 12 * 2, 0);
	});

	it('required agents grow with volume and with AHT (what-ifs)', async () => {
		const base = { start: '2025-03-03', days: 7, intervalMin: 30 as const, channel: 'phone' as const, historyWeeks: 4 };
		const r0 = await computeRequirement(ctx(), requirementParams(base));
		const r50 = await computeRequirement(ctx(), requirementParams({ ...base, volumePct: 50 }));
		const r200 = await computeRequirement(ctx(), requirementParams({ ...base, volumePct: 200 }));
		expect(r50.totals.contacts).toBeCloseTo(r0.totals.contacts * 1.5, 3);
		expect(r50.totals.staffedHours).toBeGreaterThan(r0.totals.staffedHours);
		expect(r200.totals.staffedHours).toBeGreaterThan(r50.totals.staffedHours);
		r0.intervals.forEach((iv, i) => {
			expect(r50.intervals[i].agents).toBeGreaterThanOrEqual(iv.agents);
			expect(r200.intervals[i].agents).toBeGreaterThanOrEqual(r50.intervals[i].agents);
		});
		const longer = await computeRequirement(ctx(), requirementParams({ ...base, ahtS: 900 }));
		expect(longer.totals.agentHours).toBeGreaterThan(r0.totals.agentHours);
		const noShrink = await computeRequirement(ctx(), requirementParams({ ...base, shrinkage: 0 }));
		expect(noShrink.totals.staffedHours).toBe(noShrink.totals.agentHours);
		const strict = await computeRequirement(ctx(), requirementParams({ ...base, targetServiceLevel: 0.95 }));
		expect(strict.totals.agentHours).toBeGreaterThanOrEqual(r0.totals.agentHours);
	});

	it('all channels sum phone and email, AHT blends', async () => {
		const req = await computeRequirement(ctx(), requirementParams({ start: '2025-03-03', days: 1, intervalMin: 60, channel: 'all', historyWeeks: 4 }));
		expect(req.intervals[10].contacts).toBeCloseTo(18, 1);
		expect(req.aht.meanS).toBeCloseTo((2 * 300 + 900) / 3, 3);
	});

	it('the service verb validates the query and checks the permission', async () => {
		const out = await staffingRequirement(ctx(), { start: '2025-03-03', days: '1', intervalMin: '60', channel: 'phone', ahtS: '' });
		expect(out.intervals).toHaveLength(24);
		await expect(staffingRequirement(ctx(), { intervalMin: '45' })).rejects.toMatchObject({ code: 'INVALID', field: 'intervalMin' });
		const noRights = { ...ctx(), actor: { ...systemActor(), permissions: new Set<never>() } };
		await expect(staffingRequirement(noRights, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
	it('flags calendar holidays in history and horizon, and a holiday spike does not teach the season', async () => {
		// A spike on Monday 2025-02-24 10:00 that a holiday explains.
		const spike = syntheticEvents({ from: new Date('2025-02-24T10:00:00Z'), days: 1, channel: 'phone', workS: 300 })
			.filter((r) => String(r.at).startsWith('2025-02-24T10:0'))
			.map((r): Record<string, unknown> => ({ ...r, event_id: crypto.randomUUID(), ticket_id: crypto.randomUUID() }));
		const extra = [...spike, ...spike, ...spike, ...spike, ...spike].map((r): Record<string, unknown> => ({ ...r, event_id: crypto.randomUUID() }));
		await insertRows(ch, 'ticket_events', extra.filter((r) => r.type === 'ticket.created'));
		const params = requirementParams({ start: '2025-03-03', days: 2, intervalMin: 30, channel: 'phone', historyWeeks: 4, method: 'seasonalNaive' });
		const plain = await computeRequirement(ctx(), params);
		expect(plain.intervals[20].contacts).toBe(6 + extra.filter((r) => r.type === 'ticket.created').length);
		expect(plain.intervals.some((iv) => iv.holiday)).toBe(false);

		await db.db.update(slaCalendars).set({ holidays: ['2025-02-24', '2025-03-04'] }).where(eq(slaCalendars.id, 'business'));
		invalidateSlaConfig(db.db);
		try {
			const req = await computeRequirement(ctx(), params);
			// The business calendar is Europe/Paris (UTC+1 in March): local 03-04 is UTC 03-03 23:00 → 03-04 23:00.
			const flagged = req.intervals.filter((iv) => iv.holiday).map((iv) => iv.start);
			expect(flagged[0]).toBe('2025-03-03T23:00:00.000Z');
			expect(flagged.at(-1)).toBe('2025-03-04T22:30:00.000Z');
			expect(flagged).toHaveLength(48);
			// The history holiday is skipped: seasonal naive reaches back a week further.
			expect(req.intervals[20].contacts).toBe(6);
		} finally {
			await db.db.update(slaCalendars).set({ holidays: [] }).where(eq(slaCalendars.id, 'business'));
			invalidateSlaConfig(db.db);
		}
	});
});
