/**
 * The agent roster (contracts, days off; skills = groups) and the desk plan's shifts given to
 * its named people: bounds name the field in page units, days off are never worked, and editing
 * an agent's days off then re-planning takes them off that day.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { openClickHouse, migrateClickHouse, insertRows, type ClickHouse } from '../../../src/lib/server/analytics/clickhouse';
import { createPlan, getPlan, listPlans } from '../../../src/lib/server/staffing/plans';
import { getRosterEntry, listRoster, putRosterEntry } from '../../../src/lib/server/staffing/roster';
import type { Rota } from '../../../src/lib/server/staffing/rota';
import { systemActor } from '../../../src/lib/server/rbac/actor';
import { accounts, auditLog, groupMembers, groups, roleGrants } from '../../../schemas/postgres/index';
import { freshDb, type TestDb } from '../../helpers/db';
import { expectedPer30 } from './synthetic';

const DAY_MS = 86_400_000;
const START = '2025-03-03'; // a Monday
const WEDNESDAY = '2025-03-05';

let ch: ClickHouse;
let dir: string;
let db: TestDb;
let groupId: string;
let otherGroupId: string;
const agentIds: string[] = [];
let outsiderId: string;
let requesterId: string;
const ctx = () => ({ db: db.db, ch, actor: systemActor('lead') });
const reader = () => ({ ...ctx(), actor: { ...systemActor(), permissions: new Set(['staffing.read'] as const) } });

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-roster-'));
	ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
	await migrateClickHouse(ch);
	db = await freshDb('pglite');
	const [g] = await db.db.insert(groups).values({ name: 'Front Line', tier: 'L0' }).returning();
	const [o] = await db.db.insert(groups).values({ name: 'Back Office', tier: 'L2' }).returning();
	groupId = g.id;
	otherGroupId = o.id;
	const people = await db.db
		.insert(accounts)
		.values([
			...Array.from({ length: 8 }, (_, i) => ({ email: `a${i}@x.test`, name: `Agent ${String.fromCharCode(65 + i)}` })),
			{ email: 'out@x.test', name: 'Outsider' },
			{ email: 'req@x.test', name: 'Requester' }
		])
		.returning();
	for (const a of people.slice(0, 8)) agentIds.push(a.id);
	outsiderId = people[8].id;
	requesterId = people[9].id;
	await db.db.insert(roleGrants).values([...people.slice(0, 9).map((a) => ({ accountId: a.id, roleId: 'agent' })), { accountId: requesterId, roleId: 'requester' }]);
	await db.db.insert(groupMembers).values([...agentIds.map((accountId) => ({ groupId, accountId })), { groupId: otherGroupId, accountId: outsiderId }]);
	// Three weeks of phone touches of the group: 5 min each, the synthetic weekly shape.
	const rows: Record<string, unknown>[] = [];
	const from = Date.parse(`${START}T00:00:00Z`) - 21 * DAY_MS;
	for (let t = from; t < from + 21 * DAY_MS; t += 30 * 60_000) {
		const n = expectedPer30(t);
		for (let k = 0; k < n; k++) {
			const at = new Date(t + Math.floor(((k + 0.5) * 30 * 60_000) / n)).toISOString();
			rows.push({ event_id: randomUUID(), ticket_id: randomUUID(), ticket_created_at: at, type: 'ticket.work_logged', at, work_s: 300, channel: 'phone', category: 'software', priority: 'P3', group_id: groupId });
		}
	}
	await insertRows(ch, 'ticket_events', rows);
}, 240_000);
afterAll(async () => {
	await db?.close();
	await ch?.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

const plan = async (name: string) =>
	(await createPlan(ctx(), { name, mode: 'desk', query: { start: START, days: 7, historyWeeks: 3, groupId, method: 'seasonalNaive' } })).rota as Rota;

describe('agent roster and named shifts', () => {
	it('lists agents with their groups as skills; the defaults apply until a contract is saved', async () => {
		const all = await listRoster(reader());
		expect(all.map((a) => a.accountId).sort()).toEqual([...agentIds, outsiderId].sort());
		expect(all.map((a) => a.accountId)).not.toContain(requesterId);
		const mine = await listRoster(reader(), { groupId });
		expect(mine).toHaveLength(8);
		expect(mine[0]).toMatchObject({ name: 'Agent A', groupNames: ['Front Line'], contractedHours: 40, weekdaysOff: [], leave: [], configured: false });
	});

	it('validates every field in page units, naming it; non-agents are not found; readers cannot edit', async () => {
		const id = agentIds[0];
		await expect(putRosterEntry(ctx(), id, { contractedHours: 61 })).rejects.toMatchObject({ code: 'INVALID', field: 'contractedHours', message: 'contractedHours must be from 0 to 60 h per week' });
		await expect(putRosterEntry(ctx(), id, { contractedHours: -1 })).rejects.toMatchObject({ field: 'contractedHours' });
		await expect(putRosterEntry(ctx(), id, { contractedHours: 'forty' })).rejects.toMatchObject({ field: 'contractedHours' });
		await expect(putRosterEntry(ctx(), id, { contractedHours: 40, weekdaysOff: [0] })).rejects.toMatchObject({ field: 'weekdaysOff.0' });
		await expect(putRosterEntry(ctx(), id, { contractedHours: 40, leave: ['2025-02-30'] })).rejects.toMatchObject({ field: 'leave.0', message: 'leave must list real dates' });
		await expect(putRosterEntry(ctx(), requesterId, { contractedHours: 40 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(putRosterEntry(reader(), id, { contractedHours: 40 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const saved = await putRosterEntry(ctx(), id, { contractedHours: '24', weekdaysOff: [7, 6, 6], leave: ['2025-03-04'] });
		expect(saved).toMatchObject({ contractedHours: 24, weekdaysOff: [6, 7], leave: ['2025-03-04'], configured: true });
		expect(await getRosterEntry(reader(), id)).toMatchObject({ contractedHours: 24 });
		const audits = await db.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'staffing.roster.update')));
		expect(audits).toHaveLength(1);
	});

	it('gives the plan to named members of the group, never on a day off, within contracts', async () => {
		for (const [i, id] of agentIds.entries()) {
			if (i === 0) continue;
			await putRosterEntry(ctx(), id, { contractedHours: i % 4 === 0 ? 30 : 40, weekdaysOff: [((i + 4) % 7) + 1, ((i + 5) % 7) + 1] });
		}
		const rota = await plan('Front line week');
		expect(rota.totals.places).toBeGreaterThan(0);
		expect(rota.agents.map((a) => a.accountId).sort()).toEqual([...agentIds].sort());
		expect(rota.slots.flatMap((s) => s.people.map((p) => p.accountId))).not.toContain(outsiderId);
		for (const a of rota.agents) {
			const off = new Set(a.daysOff.map((d) => d.date));
			for (const s of a.shifts) expect(off.has(s.date), `${a.name} on ${s.date}`).toBe(false);
			expect(a.assignedHours).toBeLessThanOrEqual(a.contractedHours);
		}
		// Agent A: 24 h, the weekend off and a day of leave on Tuesday.
		const a = rota.agents.find((x) => x.accountId === agentIds[0])!;
		expect(a.daysOff.map((d) => d.reason)).toEqual(['leave', 'weekday', 'weekday']);
		expect(a.assignedHours).toBeLessThanOrEqual(24);
		expect(rota.totals.filled + rota.totals.uncovered).toBe(rota.totals.places);
	}, 120_000);

	it("editing an agent's days off and re-planning takes them off that day", async () => {
		const before = await plan('Before');
		const onWednesday = before.agents.find((x) => x.shifts.some((s) => s.date === WEDNESDAY))!;
		expect(onWednesday).toBeDefined();
		const entry = await getRosterEntry(reader(), onWednesday.accountId);
		await putRosterEntry(ctx(), onWednesday.accountId, { contractedHours: entry.contractedHours, weekdaysOff: [...entry.weekdaysOff, 3], leave: entry.leave });
		const after = await plan('After');
		const again = after.agents.find((x) => x.accountId === onWednesday.accountId)!;
		expect(again.shifts.map((s) => s.date)).not.toContain(WEDNESDAY);
		expect(again.daysOff).toContainEqual({ day: 2, date: WEDNESDAY, reason: 'weekday' });
		// Stored with the plan: the API hands the same rota back.
		const stored = await createPlan(ctx(), { name: 'Stored', mode: 'desk', query: { start: START, days: 7, historyWeeks: 3, groupId, method: 'seasonalNaive' } });
		const read = await getPlan(reader(), stored.id);
		expect((read.rota as Rota).agents.find((x) => x.accountId === onWednesday.accountId)!.shifts).toEqual(again.shifts);
		const listed = (await listPlans(reader())).find((p) => p.id === stored.id)!;
		expect(listed.named).toEqual({ places: after.totals.places, filled: after.totals.filled, uncovered: after.totals.uncovered, overtimeHours: after.totals.overtimeHours });
	}, 120_000);

	it('refuses overtime outside 0–20 h, naming the field', async () => {
		await expect(createPlan(ctx(), { name: 'x', mode: 'desk', overtimeH: 21, query: { start: START, groupId } })).rejects.toMatchObject({ code: 'INVALID', field: 'overtimeH' });
	});
});
