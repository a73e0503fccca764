/**
 * The queue tabs' counters (ticket_queue_counts, migration 0015) against COUNT(*) after every
 * kind of ticket change: create, assign, status changes, group change (edit, escalate), merge,
 * bulk actions, a raw SQL update and a delete. And the capped views ("1,000+").
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { createTicket, actOnTicket } from '../../src/lib/server/tickets/service';
import { updateTicket, mergeTickets } from '../../src/lib/server/tickets/edit';
import { bulkAct } from '../../src/lib/server/tickets/bulk';
import { queueCounts, queueCountsExact, COUNT_CAP } from '../../src/lib/server/tickets/queue';
import { createAccount, loadAccountActor } from '../../src/lib/server/rbac/accounts';
import { rowsOf } from '../../src/lib/server/db/index';
import type { Actor } from '../../src/lib/server/rbac/actor';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const MIN = 60_000;

describe.each(DRIVERS)('queue counters on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let agent: { db: TestDb['db']; actor: Actor };
	let other: Actor; // an agent in no group: different "mine", "my groups", "unassigned"
	const ids: string[] = [];
	let now = T0;

	/** Counters equal COUNT(*): per (group, agent, status) row, and every view for both agents. */
	async function expectInStep(label: string) {
		const drift = rowsOf<Record<string, unknown>>(
			await t.db.execute(sql`
				with real as (select group_id, agent_id, status, count(*)::int as n from tickets
					where status in ('new', 'assigned', 'in_progress', 'pending', 'reopened') group by 1, 2, 3),
				kept as (select group_id, agent_id, status, n from ticket_queue_counts where n <> 0)
				select * from ((table real except table kept) union all (table kept except table real)) d`)
		);
		expect(drift, label).toEqual([]);
		for (const actor of [desk.agent, other]) {
			const ctx = { db: t.db, actor };
			const c = await queueCounts(ctx, now);
			const exact = await queueCountsExact(ctx, now);
			expect({ ...c, capped: undefined }, `${label} (${actor.label})`).toEqual({ ...exact, capped: undefined });
			expect(c.capped).toEqual([]);
		}
	}

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		agent = { db: t.db, actor: desk.agent };
		const o = await createAccount({ db: t.db, actor: desk.admin }, { email: 'other@desk.test', name: 'Other', roles: ['agent'], tier: 'L1' });
		other = (await loadAccountActor(t.db, o.id))!;
	});
	afterAll(async () => t?.close());

	it('start equal to COUNT(*) and follow every kind of ticket change', async () => {
		await expectInStep('empty desk');
		const groups = [desk.groups.L1, desk.groups.L2, null];
		for (let i = 0; i < 9; i++) {
			const r = await createTicket(agent, { title: `Ticket ${i}`, priority: (['P1', 'P2', 'P3'] as const)[i % 3], ...(groups[i % 3] ? { groupId: groups[i % 3] } : {}) }, now);
			ids.push(r.ticket.id);
		}
		await expectInStep('created');
		now += MIN;
		await actOnTicket(agent, ids[0], { action: 'assign', agentId: desk.agent.accountId }, now);
		await actOnTicket(agent, ids[1], { action: 'assign', groupId: desk.groups.L3, agentId: other.accountId }, now);
		await expectInStep('assigned');
		await actOnTicket(agent, ids[1], { action: 'assign', agentId: null }, now);
		await expectInStep('unassigned again');
		await actOnTicket(agent, ids[2], { action: 'start' }, (now += MIN));
		await actOnTicket(agent, ids[2], { action: 'pend', reason: 'vendor' }, (now += MIN));
		await expectInStep('started, pended');
		await actOnTicket(agent, ids[2], { action: 'resume' }, (now += MIN));
		await actOnTicket(agent, ids[3], { action: 'resolve', code: 'fixed' }, (now += MIN));
		await expectInStep('resumed, resolved');
		await actOnTicket(agent, ids[3], { action: 'reopen', reason: 'still broken' }, (now += MIN));
		await expectInStep('reopened');
		await actOnTicket(agent, ids[3], { action: 'resolve', code: 'fixed' }, (now += MIN));
		await actOnTicket(agent, ids[3], { action: 'close' }, (now += MIN));
		await expectInStep('closed');
		await updateTicket(agent, ids[4], { groupId: desk.groups.L2 }, (now += MIN));
		await updateTicket(agent, ids[5], { groupId: desk.groups.L1 }, (now += MIN));
		await updateTicket(agent, ids[6], { title: 'Renamed, no count change' }, (now += MIN));
		await expectInStep('group changed by edit');
		await actOnTicket(agent, ids[7], { action: 'escalate', reason: 'needs L3' }, (now += MIN));
		await expectInStep('escalated');
		await mergeTickets(agent, ids[8], { intoId: ids[0] }, (now += MIN));
		await expectInStep('merged');
		const bulk = ids.slice(4, 8);
		await bulkAct(agent, { op: 'assign', ids: bulk, groupId: desk.groups.L0, agentId: other.accountId }, (now += MIN));
		await expectInStep('bulk assign');
		await bulkAct(agent, { op: 'priority', ids: bulk, priority: 'P1', reason: 'outage' }, (now += MIN));
		const closed = await bulkAct(agent, { op: 'close', ids: bulk.slice(0, 2) }, (now += MIN));
		expect(closed.ok).toBe(2);
		await expectInStep('bulk priority, bulk close');
		// Any writer keeps them: a raw multi-row update and a delete.
		await t.db.execute(sql`update tickets set group_id = null, agent_id = ${desk.agent.accountId} where id in (${ids[6]}, ${ids[7]})`);
		await t.db.execute(sql`delete from tickets where id = ${ids[2]}`);
		await expectInStep('raw update, delete');
		// The rebuild gives the same rows.
		await t.db.execute(sql`select opshub_queue_counts_rebuild()`);
		await expectInStep('rebuilt');
	});

	it('can fail: a counter out of step shows', async () => {
		await t.db.execute(sql`update ticket_queue_counts set n = n + 1 where n > 0 and ctid = (select ctid from ticket_queue_counts where n > 0 limit 1)`);
		await expect(expectInStep('tampered')).rejects.toThrow();
		await t.db.execute(sql`select opshub_queue_counts_rebuild()`);
		await expectInStep('rebuilt after tamper');
	});

	it('caps the clock-dependent views at 1,000 ("1,000+")', async () => {
		// 1,001 tickets resolved within the week, inserted in one statement.
		await t.db.execute(sql`insert into tickets (number, type, title, channel, category, priority, tier, status, created_at, updated_at, resolved_at,
				sla_calendar_id, sla_resolution_ms)
			select 'INC-9' || lpad(g::text, 6, '0'), 'incident', 'bulk ' || g, 'portal', 'other', 'P4', 'L1', 'resolved', ${new Date(now).toISOString()}::timestamptz,
				${new Date(now).toISOString()}::timestamptz, ${new Date(now).toISOString()}::timestamptz, '24x7', 86400000
			from generate_series(1, ${COUNT_CAP + 1}::int) g`);
		const c = await queueCounts(agent, now + MIN);
		expect(c.resolved).toBe(COUNT_CAP);
		expect(c.capped).toEqual(['resolved']);
		expect((await queueCountsExact(agent, now + MIN)).resolved).toBeGreaterThan(COUNT_CAP);
	});
});
