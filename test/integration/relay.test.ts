import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isNull, sql, type SQL } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { openClickHouse, migrateClickHouse, chQuery, num, type ClickHouse } from '../../src/lib/server/analytics/clickhouse';
import { createTicket, actOnTicket } from '../../src/lib/server/tickets/service';
import { OutboxRelay } from '../../ingest/relay';
import { outbox, outboxInflight } from '../../schemas/postgres/index';
import { rowsOf, type Db } from '../../src/lib/server/db/index';

let ch: ClickHouse;
let dir: string;

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-relay-'));
	ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
	await migrateClickHouse(ch);
});
afterAll(async () => {
	await ch?.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

/** A relay that dies after the ClickHouse INSERT and before marking the batch shipped. */
class CrashingRelay extends OutboxRelay {
	crashes = 1;
	protected override async markShipped(idList: SQL) {
		if (this.crashes-- > 0) throw new Error('killed mid-batch');
		return super.markShipped(idList);
	}
}

/** Every ticket event's id (the relay deletes a ticket event's outbox row once shipped). */
async function outboxIds(db: Db): Promise<string[]> {
	return rowsOf<{ id: string }>(await db.execute(sql`select id::text as id from ticket_events`)).map((r) => r.id);
}

async function chCounts(ids: string[]) {
	const [r] = await chQuery<{ rows: string; uniq: string }>(
		ch,
		'SELECT count() AS rows, uniqExact(event_id) AS uniq FROM ticket_events WHERE event_id IN {ids:Array(UUID)}',
		{ ids }
	);
	return { rows: num(r.rows), uniq: num(r.uniq) };
}

async function someActivity(db: Db, desk: Desk, n: number) {
	const ctx = { db, actor: desk.agent };
	const t0 = Date.UTC(2026, 4, 4, 8);
	for (let i = 0; i < n; i++) {
		// Assigned at creation: start on an unassigned ticket would also emit ticket.assigned.
		const { ticket } = await createTicket(ctx, { title: `t${i}`, priority: 'P2', agentId: desk.agent.accountId }, t0 + i * 1000);
		await actOnTicket(ctx, ticket.id, { action: 'start' }, t0 + i * 1000 + 10);
		await actOnTicket(ctx, ticket.id, { action: 'resolve', code: 'fixed' }, t0 + i * 1000 + 20);
	}
}

describe.each(DRIVERS)('outbox relay to chDB, Postgres on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
	});
	afterAll(async () => t?.close());

	it('ships every event once, in batches', async () => {
		await someActivity(t.db, desk, 30);
		const relay = new OutboxRelay(t.db, ch, { batchSize: 25 });
		const batches: number[] = [];
		relay.on('flushed', (b: { rows: unknown[] }[]) => batches.push(b.reduce((s, x) => s + x.rows.length, 0)));
		expect(await relay.drain()).toBe(90);
		expect(batches).toEqual([25, 25, 25, 15]);
		expect(await chCounts(await outboxIds(t.db))).toEqual({ rows: 90, uniq: 90 });
		// Shipped ticket events leave the outbox (Postgres keeps them in ticket_events).
		expect(await t.db.select().from(outbox)).toHaveLength(0);
		expect(await relay.backlog()).toBe(0);
	});

	it('killed mid-batch and restarted: ClickHouse holds each event exactly once', async () => {
		await someActivity(t.db, desk, 10);
		const crashing = new CrashingRelay(t.db, ch, { batchSize: 1000 });
		await expect(crashing.flushOnce()).rejects.toThrow('killed mid-batch');
		const pending = await t.db.select().from(outbox).where(isNull(outbox.shippedAt));
		expect(pending).toHaveLength(30);
		const [inflight] = await t.db.select().from(outboxInflight);
		expect([...inflight.ids].sort((a, b) => a - b)).toEqual(pending.map((p) => p.id).sort((a, b) => a - b));
		// The rows did reach ClickHouse; a fresh relay must not insert them again.
		const restarted = new OutboxRelay(t.db, ch, { batchSize: 7 });
		await restarted.drain();
		const ids = await outboxIds(t.db);
		expect(await chCounts(ids)).toEqual({ rows: ids.length, uniq: ids.length });
	});

	it('killed while a batch is marked and the next one inserted: each event exactly once', async () => {
		await someActivity(t.db, desk, 10);
		// Full batches of 8 out of 30 rows: batch 1's mark runs while batch 2 is inserted; it fails.
		const crashing = new CrashingRelay(t.db, ch, { batchSize: 8 });
		expect(await crashing.flushOnce()).toBe(8);
		await expect(crashing.flushOnce()).rejects.toThrow('killed mid-batch');
		const [inflight] = await t.db.select().from(outboxInflight);
		const pending = await t.db.select().from(outbox).where(isNull(outbox.shippedAt));
		// Both batches stay recorded in flight, and neither was marked; so does the third, read and
		// recorded while the second was inserted (never sent: the check before a re-send finds it absent).
		expect(inflight.ids).toHaveLength(24);
		expect(pending).toHaveLength(30);
		const restarted = new OutboxRelay(t.db, ch, { batchSize: 8 });
		const parsed: Record<string, unknown>[] = [];
		restarted.on('flushed', (b: { rows: Record<string, unknown>[] }[]) => parsed.push(...b.flatMap((x) => x.rows)));
		expect(await restarted.drain()).toBe(30);
		const ids = await outboxIds(t.db);
		expect(await chCounts(ids)).toEqual({ rows: ids.length, uniq: ids.length });
		expect(await restarted.backlog()).toBe(0);
		expect(await t.db.select().from(outboxInflight)).toHaveLength(0);
		// Only the 14 rows that never reached ClickHouse were sent again, parsed back for listeners
		// with the payload's values (numbers as numbers, JSON null as null).
		expect(parsed).toHaveLength(14);
		const resolved = parsed.find((r) => r.type === 'ticket.resolved')!;
		expect(resolved).toMatchObject({ priority: 'P2', status: 'resolved', csat: null });
		expect(typeof resolved.resolution_s).toBe('number');
		expect(resolved.at).toMatch(/^\d{4}-\d\d-\d\dT/);
	});

	it('ClickHouse unavailable: tickets are still accepted, events ship after it returns', async () => {
		const down = await openClickHouse({ url: 'http://127.0.0.1:1' });
		const relay = new OutboxRelay(t.db, down, { batchSize: 1000, intervalMs: 20, maxBackoffMs: 100 });
		await someActivity(t.db, desk, 5);
		await expect(relay.flushOnce()).rejects.toThrow();
		relay.start();
		await new Promise((r) => setTimeout(r, 300));
		await relay.stop();
		expect(relay.lastError).toBeTruthy();
		await someActivity(t.db, desk, 5);
		expect(await relay.backlog()).toBe(30);
		await down.close();
		const back = new OutboxRelay(t.db, ch, { batchSize: 1000, intervalMs: 20 });
		back.start();
		for (let i = 0; i < 100 && (await back.backlog()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
		await back.stop();
		const ids = await outboxIds(t.db);
		expect(await chCounts(ids)).toEqual({ rows: ids.length, uniq: ids.length });
		const [r] = await chQuery<{ n: string }>(
			ch,
			`SELECT count() AS n FROM ticket_events WHERE event_id IN {ids:Array(UUID)} AND type = 'ticket.resolved' AND resolution_s IS NOT NULL`,
			{ ids }
		);
		// 60 tickets so far in this suite (30 + 10 + 10 + 5 + 5), each resolved once.
		expect(num(r.n)).toBe(60);
	});

	it('events keep the Postgres values in ClickHouse', async () => {
		const rows = await chQuery<Record<string, unknown>>(
			ch,
			`SELECT type, priority, status, toString(ticket_id) AS tid FROM ticket_events WHERE event_id IN {ids:Array(UUID)} AND type = 'ticket.created' LIMIT 1`,
			{ ids: await outboxIds(t.db) }
		);
		expect(rows[0]).toMatchObject({ type: 'ticket.created', priority: 'P2', status: 'assigned' });
		const [{ n }] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from outbox where shipped_at is null`));
		expect(n).toBe(0);
	});
});
