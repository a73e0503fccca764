/**
 * The demo desk is believable: its people, CMDB and logged work hang together, and the staffing
 * planner's numbers on it agree with an independent workload computation and with the desk's size.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq, isNotNull, sql } from 'drizzle-orm';
import { freshDb, type TestDb } from '../helpers/db';
import { openClickHouse, migrateClickHouse, chQuery, num, type ClickHouse } from '../../src/lib/server/analytics/clickhouse';
import { seedDemoDesk, DEMO_PER_DAY } from '../../src/lib/server/demo/seed';
import { DEMO_CAPACITY } from '../../src/lib/server/demo/work';
import { computeDeskRequirement, deskParams, deskQuerySchema } from '../../src/lib/server/staffing/desk';
import { parseStaffing } from '../../src/lib/server/staffing/calculate';
import { systemActor } from '../../src/lib/server/rbac/actor';
import { accounts, budgets, ciRelations, configurationItems, fiscalPeriods, groupMembers, groups, rateCards, rawAlerts, roleGrants, staffingPlans, statements, tickets } from '../../schemas/postgres/index';
import { DemoAlerts, seedDemoAfterHistory } from '../../src/lib/server/demo/after';
import { MonitoringIngest } from '../../src/lib/server/monitoring/ingest';
import { Rng } from '../../src/lib/server/demo/prng';
import { loadRoster } from '../../src/lib/server/staffing/roster';
import { isoWeekday, type Rota } from '../../src/lib/server/staffing/rota';

const DAY = 86_400_000;
// A Monday, 00:00 UTC: the plan covers the week that starts here.
const NOW = Date.UTC(2026, 10, 30);
const WEEKS = 3;
const AFTER_NOW = Date.UTC(2026, 10, 20, 15); // a Friday in November

/** Stated margin: the week's peak heads lie within ±30 % of the people who do the work. */
export const PEAK_MARGIN = 0.3;

describe('believable demo desk (PGlite + chDB)', () => {
	let t: TestDb;
	let ch: ClickHouse;
	let dir: string;
	const ctx = () => ({ db: t.db, ch, actor: systemActor('test') });

	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-demodesk-'));
		ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
		await migrateClickHouse(ch);
		t = await freshDb('pglite');
		await seedDemoDesk(t.db, ch, { days: WEEKS * 7, perDay: DEMO_PER_DAY, nowMs: NOW });
	}, 300_000);
	afterAll(async () => {
		await t?.close();
		await ch?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('has about 50 agents in L0–L3 groups and requesters with portal logins', async () => {
		const members = await t.db.select({ groupId: groupMembers.groupId, tier: groups.tier }).from(groupMembers).innerJoin(groups, eq(groups.id, groupMembers.groupId));
		expect(members.length).toBeGreaterThanOrEqual(45);
		expect(members.length).toBeLessThanOrEqual(60);
		expect(new Set(members.map((m) => m.tier))).toEqual(new Set(['L0', 'L1', 'L2', 'L3']));
		const [req] = await t.db.select({ n: count() }).from(roleGrants).where(eq(roleGrants.roleId, 'requester'));
		expect(Number(req.n)).toBeGreaterThanOrEqual(300);
		const [withLogin] = await t.db.select({ n: count() }).from(accounts).where(isNotNull(accounts.passwordHash));
		expect(Number(withLogin.n)).toBeGreaterThan(Number(req.n));
		const [linked] = await t.db.select({ n: count() }).from(tickets).where(isNotNull(tickets.requesterId));
		const [all] = await t.db.select({ n: count() }).from(tickets);
		expect(Number(linked.n)).toBe(Number(all.n));
	});

	it('has ~2,000 CIs with relations and business services, and tickets name them', async () => {
		const [cis] = await t.db.select({ n: count() }).from(configurationItems);
		expect(Number(cis.n)).toBeGreaterThanOrEqual(1900);
		expect(Number(cis.n)).toBeLessThanOrEqual(2100);
		const [svc] = await t.db.select({ n: count() }).from(configurationItems).where(eq(configurationItems.classId, 'business_service'));
		expect(Number(svc.n)).toBeGreaterThanOrEqual(10);
		const [rels] = await t.db.select({ n: count() }).from(ciRelations);
		expect(Number(rels.n)).toBeGreaterThan(1500);
		const [withCi] = await t.db.select({ n: count() }).from(tickets).where(isNotNull(tickets.ciId));
		const [all] = await t.db.select({ n: count() }).from(tickets);
		expect(Number(withCi.n) / Number(all.n)).toBeGreaterThan(0.4);
	});

	it("each group's logged work adds up to its people's shift hours", async () => {
		const rows = await chQuery<{ group_id: string; hours: number }>(
			ch,
			`SELECT group_id, sum(work_s) / 3600 AS hours FROM ticket_events
			 WHERE type = 'ticket.work_logged' AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
			 GROUP BY group_id`,
			{ from: new Date(NOW - 14 * DAY).toISOString().replace('T', ' ').replace('Z', ''), to: new Date(NOW).toISOString().replace('T', ' ').replace('Z', '') }
		);
		const size = await t.db.select({ groupId: groupMembers.groupId, n: count() }).from(groupMembers).groupBy(groupMembers.groupId);
		const perGroup = size.map((g) => {
			const hours = num(rows.find((r) => r.group_id === g.groupId)?.hours ?? 0) / 2;
			return { group: g.groupId, perPersonWeek: hours / Number(g.n) };
		});
		const target = DEMO_CAPACITY.contractedHoursPerWeek * DEMO_CAPACITY.loggedShare;
		for (const g of perGroup) {
			// Logged hours per person and week: 40 h contracted × ~47 % on tickets, ±35 %.
			expect(g.perPersonWeek, JSON.stringify(perGroup)).toBeGreaterThan(target * 0.65);
			expect(g.perPersonWeek, JSON.stringify(perGroup)).toBeLessThan(target * 1.35);
		}
	});

	it('staffing on the demo agrees with an independent workload computation and the desk size', async () => {
		const q = (extra: Record<string, unknown>) =>
			deskParams(parseStaffing(deskQuerySchema, { start: new Date(NOW).toISOString().slice(0, 10), historyWeeks: 1, method: 'seasonalNaive', days: 7, ...extra }));
		const req = await computeDeskRequirement(ctx(), q({}));
		expect(req.channels.find((c) => c.channel === 'phone')?.model).toBe('erlangC');
		expect(req.channels.find((c) => c.channel === 'email')?.model).toBe('workload');
		// Independent: last week's logged work per channel, straight from the events.
		const last = await chQuery<{ channel: string; hours: number; touches: number }>(
			ch,
			`SELECT channel, sum(work_s) / 3600 AS hours, count() AS touches FROM ticket_events
			 WHERE type = 'ticket.work_logged' AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
			 GROUP BY channel`,
			{ from: new Date(NOW - 7 * DAY).toISOString().replace('T', ' ').replace('Z', ''), to: new Date(NOW).toISOString().replace('T', ' ').replace('Z', '') }
		);
		const occupancy = req.params.maxOccupancyPct / 100;
		for (const c of req.channels) {
			const ind = last.find((x) => x.channel === c.channel)!;
			// Seasonal naive over one week: the forecast is last week, touch for touch.
			expect(c.touches).toBeCloseTo(num(ind.touches), 0);
			expect(c.workHours).toBeCloseTo(num(ind.hours), 0);
			if (c.model === 'workload') {
				// Workload agent-hours × productive share = the hours of work (the moving window conserves work).
				const agentHours = c.agents.reduce((a, b) => a + b, 0) * (req.params.intervalMin / 60);
				expect(Math.abs(agentHours * occupancy - num(ind.hours)) / num(ind.hours)).toBeLessThan(0.03);
			}
		}
		const [people] = await t.db.select({ n: count() }).from(groupMembers);
		const deskSize = Number(people.n);
		expect(req.totals.peakStaffed).toBeGreaterThanOrEqual(deskSize * (1 - PEAK_MARGIN));
		expect(req.totals.peakStaffed).toBeLessThanOrEqual(deskSize * (1 + PEAK_MARGIN));

		// The Service Desk group's own plan: its channels and touches only.
		const [sd] = await t.db.select({ id: groups.id }).from(groups).where(eq(groups.name, 'Service Desk'));
		const [sdSize] = await t.db.select({ n: count() }).from(groupMembers).where(eq(groupMembers.groupId, sd.id));
		const group = await computeDeskRequirement(ctx(), q({ groupId: sd.id }));
		console.log('[demo-desk] desk', deskSize, 'peak', req.totals.peakStaffed, '| service desk', sdSize.n, 'peak', group.totals.peakStaffed, group.channels.map((c) => `${c.channel}:${c.model}:${c.ahtS}s:${c.peakAgents}`).join(' '));
		expect(group.totals.peakStaffed).toBeGreaterThanOrEqual(Number(sdSize.n) * (1 - PEAK_MARGIN));
		expect(group.totals.peakStaffed).toBeLessThanOrEqual(Number(sdSize.n) * (1 + PEAK_MARGIN));
		console.log('[demo-desk] desk', deskSize, 'peak', req.totals.peakStaffed, '| service desk', sdSize.n, 'peak', group.totals.peakStaffed, req.channels.map((c) => `${c.channel}:${c.model}:${c.ahtS}s`).join(' '));
		void sql;
	});
});

describe('demo desk after the history: finance, monitoring, staffing (PGlite + chDB)', () => {
	let t: TestDb;
	let ch: ClickHouse;
	let dir: string;

	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-demoafter-'));
		ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
		await migrateClickHouse(ch);
		t = await freshDb('pglite');
		// Two months and a bit: the two closed months have real usage.
		await seedDemoDesk(t.db, ch, { days: 64, perDay: 150, nowMs: AFTER_NOW });
		await seedDemoAfterHistory(t.db, ch, { nowMs: AFTER_NOW, seed: 1 });
	}, 600_000);
	afterAll(async () => {
		await t?.close();
		await ch?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('has a rate card, budgets and the two previous months closed with statements', async () => {
		const periods = await t.db.select().from(fiscalPeriods).orderBy(fiscalPeriods.period);
		expect(periods.filter((p) => p.status === 'closed').map((p) => p.period)).toEqual(['2026-09', '2026-10']);
		const sts = await t.db.select().from(statements);
		expect(sts.map((s) => s.period).sort()).toEqual(['2026-09', '2026-10']);
		expect(sts.every((s) => Number(s.totalCents) > 0)).toBe(true);
		const [b] = await t.db.select({ n: count() }).from(budgets).where(eq(budgets.period, '2026-11'));
		expect(Number(b.n)).toBeGreaterThan(0);
		const [rc] = await t.db.select({ n: count() }).from(rateCards);
		expect(Number(rc.n)).toBe(1);
	});

	it('has a staffing plan for the Service Desk published for the current week', async () => {
		const plans = await t.db.select().from(staffingPlans).where(isNotNull(staffingPlans.publishedAt));
		expect(plans).toHaveLength(1);
		const req = plans[0].requirement as { kind: string; params: { start: string; groupId: string } };
		expect(req.kind).toBe('desk');
		expect(req.params.start).toBe('2026-11-16T00:00:00.000Z'); // the Monday of AFTER_NOW's week
		// Its shifts carry the names of the group's agents, within their contracts, none on a day off.
		const rota = plans[0].rota as Rota;
		const roster = new Map((await loadRoster(t.db, { groupId: req.params.groupId })).map((a) => [a.accountId, a]));
		expect(rota.agents.map((a) => a.accountId).sort()).toEqual([...roster.keys()].sort());
		expect(rota.totals.filled).toBeGreaterThan(0);
		for (const a of rota.agents) {
			const r = roster.get(a.accountId)!;
			expect(a.assignedHours).toBeLessThanOrEqual(r.contractedHours);
			for (const sh of a.shifts) {
				expect(r.weekdaysOff).not.toContain(isoWeekday(sh.date));
				expect(r.leave).not.toContain(sh.date);
			}
		}
		console.log('[demo-desk] rota', JSON.stringify(rota.totals));
	});

	it('has a believable roster: every agent contracted, mostly 38–40 h, some part-time, two or more days off', async () => {
		const roster = await loadRoster(t.db);
		expect(roster.length).toBeGreaterThanOrEqual(45);
		expect(roster.every((a) => a.configured)).toBe(true);
		const full = roster.filter((a) => a.contractedHours >= 38 && a.contractedHours <= 40).length;
		const part = roster.filter((a) => a.contractedHours >= 20 && a.contractedHours <= 30).length;
		expect(full + part).toBe(roster.length);
		expect(full / roster.length).toBeGreaterThan(0.65);
		expect(part).toBeGreaterThan(0);
		for (const a of roster) expect(a.weekdaysOff.length).toBeGreaterThanOrEqual(2);
		// A 24/7 desk: someone works every weekday, weekends included.
		for (let d = 1; d <= 7; d++) expect(roster.filter((a) => !a.weekdaysOff.includes(d)).length).toBeGreaterThan(5);
	});

	it('two monitoring sources post alerts to their own webhooks and open tickets', async () => {
		const m = new MonitoringIngest(t.db, {});
		const sent: string[] = [];
		const alerts = new DemoAlerts(
			t.db,
			async (kind, token, body) => {
				sent.push(kind);
				await m.ingest({ kind, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body), nowMs: Date.now() });
			},
			new Rng(3)
		);
		expect(await alerts.init()).toBe(true);
		for (let i = 0; i < 6; i++) await alerts.tick(Date.now() + i * 20_000);
		await m.idle();
		await m.processor.idle();
		expect(new Set(sent)).toEqual(new Set(['alertmanager', 'nagios']));
		const raw = await t.db.select({ n: count() }).from(rawAlerts);
		expect(Number(raw[0].n)).toBe(sent.length);
		const opened = await t.db.select({ n: count() }).from(tickets).where(eq(tickets.channel, 'monitoring'));
		expect(Number(opened[0].n)).toBeGreaterThan(0);
	});
});
