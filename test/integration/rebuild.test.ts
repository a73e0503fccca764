/**
 * Rebuilding analytics from Postgres while the live relay runs: no event lost or doubled across
 * the cut-over (events shipped before it, events still in the outbox at it, events created during
 * the copy), ticket events and monitoring alert events alike, and the KPI answers are the same
 * before and after.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { openClickHouse, migrateClickHouse, chQuery, num, type ClickHouse } from '../../src/lib/server/analytics/clickhouse';
import { createTicket, actOnTicket } from '../../src/lib/server/tickets/service';
import { OutboxRelay } from '../../src/lib/server/events/relay';
import { rebuildAnalytics, rebuiltMigrations, progressBar, type RebuildProgress } from '../../src/lib/server/events/rebuild';
import { compactTicketState, type CompactResult } from '../../src/lib/server/kpi/stateCompact';
import { parseKpiRequest, runKpis, METRICS } from '../../src/lib/server/kpi';
import { rowsOf, type Db } from '../../src/lib/server/db/index';
import { alertEvent, appendAlertEvents } from '../../src/lib/server/monitoring/events';

const BASE = Date.UTC(2026, 4, 4, 8);

async function activity(db: Db, desk: Desk, n: number, t0: number, tag: string) {
	const ctx = { db, actor: desk.agent };
	for (let i = 0; i < n; i++) {
		const at = t0 + i * 60_000;
		const { ticket } = await createTicket(ctx, { title: `${tag}${i}`, priority: i % 2 ? 'P2' : 'P3' }, at);
		await actOnTicket(ctx, ticket.id, { action: 'start' }, at + 10_000);
		if (i % 3) await actOnTicket(ctx, ticket.id, { action: 'resolve', code: 'fixed' }, at + 30_000);
		if (i % 6 === 1) await actOnTicket(ctx, ticket.id, { action: 'reopen' }, at + 40_000).catch(() => undefined);
	}
}

/** Monitoring alert events, written to the outbox as the ingest does (one transaction per call). */
async function alerts(db: Db, n: number, t0: number, tag: string) {
	const rows = Array.from({ length: n }, (_, i) =>
		alertEvent({
			at: new Date(t0 + i * 1000).toISOString(),
			alert_id: `${tag}-${i}`,
			source_id: `src-${i % 3}`,
			source_kind: 'prometheus',
			host: `host-${i % 4}`,
			service: 'web',
			action: 'open',
			severity: 'critical',
			dedup_key: `${tag}-dk-${i % 5}`,
			outcome: i % 2 ? 'appended' : 'opened',
			ticket_id: '',
			ci_id: ''
		})
	);
	await db.transaction((tx) => appendAlertEvents(tx as unknown as Db, rows));
}

async function chEvents(ch: ClickHouse, table = 'ticket_events') {
	const [r] = await chQuery<{ rows: string; uniq: string }>(ch, `SELECT count() AS rows, uniqExact(event_id) AS uniq FROM ${table}`);
	return { rows: num(r.rows), uniq: num(r.uniq) };
}

describe.each(DRIVERS)('analytics rebuild from Postgres on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let ch: ClickHouse;
	let dir: string;
	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-rebuild-'));
		ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch'), log: 'off' });
		await migrateClickHouse(ch);
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
	});
	afterAll(async () => {
		await t?.close();
		await ch?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('drops and refills ClickHouse while the relay runs: every event exactly once, same KPIs', async () => {
		await activity(t.db, desk, 24, BASE, 'a');
		await alerts(t.db, 30, BASE, 'a');
		const relay = new OutboxRelay(t.db, ch, { batchSize: 7, intervalMs: 5 });
		await relay.drain();
		// Left in the outbox at the cut-over: shipped by the relay after it, not by the rebuild.
		await activity(t.db, desk, 5, BASE + 3 * 3_600_000, 'b');
		await alerts(t.db, 4, BASE + 3 * 3_600_000, 'b');
		const req = parseKpiRequest({ metrics: METRICS.filter((m) => m !== 'alert_noise').join(','), from: '2026-05-04', to: '2026-05-04T06:00:00Z' });
		const window = parseKpiRequest({ metrics: 'volume,mttr,fcr_gross,reopen_rate,sla_resolution', from: '2026-05-04T07:00:00Z', to: '2026-05-04T10:00:00Z', groupBy: 'priority' });
		const backlog = parseKpiRequest({ metrics: 'backlog,breaching', from: '2026-05-04', to: '2026-05-04T12:00:00Z', groupBy: 'priority' });
		await relay.drain();
		const before = await Promise.all([runKpis(ch, window), runKpis(ch, window, { source: 'raw' }), runKpis(ch, backlog), runKpis(ch, req)]);
		// Five more tickets stay unshipped at the cut-over.
		await activity(t.db, desk, 5, BASE + 5 * 3_600_000, 'c');
		await alerts(t.db, 6, BASE + 5 * 3_600_000, 'c');
		const alertsBefore = await chEvents(ch, 'alert_events');
		expect(alertsBefore.rows).toBe(34);

		relay.start();
		const during: Promise<void>[] = [];
		const seen: RebuildProgress[] = [];
		// The hourly state compaction, fired while older events are being copied in: refused.
		let compactDuring: Promise<CompactResult> | null = null;
		const result = await rebuildAnalytics({
			db: t.db,
			ch,
			relay,
			pageSize: 12,
			onProgress: (pr) => {
				seen.push(pr);
				if (pr.phase === 'copy' && !compactDuring) compactDuring = compactTicketState(ch);
				// New tickets while the copy runs: the live relay ships them into the new tables.
				if (pr.phase === 'copy' && during.length < 4) {
					const k = during.length;
					during.push(activity(t.db, desk, 2, BASE + (7 + k) * 3_600_000, `d${k}`).then(() => alerts(t.db, 3, BASE + (7 + k) * 3_600_000, `d${k}`)));
				}
			}
		});
		await Promise.all(during);
		await relay.stop();
		await relay.drain();

		const [pgCount] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from ticket_events`));
		expect(await chEvents(ch)).toEqual({ rows: Number(pgCount.n), uniq: Number(pgCount.n) });
		const [missing] = await chQuery<{ n: string }>(
			ch,
			'SELECT count() AS n FROM ticket_events WHERE event_id NOT IN {ids:Array(UUID)}',
			{ ids: rowsOf<{ id: string }>(await t.db.execute(sql`select id::text as id from ticket_events`)).map((r) => r.id) }
		);
		expect(num(missing.n)).toBe(0);
		// Alert events: the outbox holds every one; ClickHouse has each exactly once.
		const alertIds = rowsOf<{ id: string }>(await t.db.execute(sql`select event_id::text as id from outbox where topic = 'alert_events'`)).map((r) => r.id);
		expect(alertIds.length).toBe(30 + 4 + 6 + 4 * 3);
		expect(await chEvents(ch, 'alert_events')).toEqual({ rows: alertIds.length, uniq: alertIds.length });
		const [alertsMissing] = await chQuery<{ n: string }>(ch, 'SELECT count() AS n FROM alert_events WHERE event_id NOT IN {ids:Array(UUID)}', { ids: alertIds });
		expect(num(alertsMissing.n)).toBe(0);
		// The copy took the alerts shipped before the cut-over (30 + 4, and those of the 6 left in the
		// outbox that the started relay shipped before the rebuild paused it), none written after it.
		expect(result.alertEvents).toBeGreaterThanOrEqual(34);
		expect(result.alertEvents).toBeLessThanOrEqual(40);
		expect(result.copied).toBeGreaterThan(0);
		expect(result.ticketEvents).toBeLessThan(Number(pgCount.n));
		expect(result.copied).toBe(result.ticketEvents + result.alertEvents);
		expect(seen.at(-1)?.phase).toBe('done');
		expect(progressBar(seen.at(-1)!)).toMatch(/\[#+\.*\] +\d+% \d+\/\d+ events/);
		const tickets = Number(rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from tickets`))[0].n);
		const [st] = await chQuery<{ n: string; created: string }>(ch, 'SELECT uniqExact(ticket_id) AS n, (SELECT sum(created) FROM kpi_rollup_hour) AS created FROM ticket_state');
		expect(num(st.n)).toBe(tickets);
		expect(num(st.created)).toBe(tickets);

		const after = await Promise.all([runKpis(ch, window), runKpis(ch, window, { source: 'raw' }), runKpis(ch, backlog), runKpis(ch, req)]);
		expect(after).toEqual(before);
		expect(before[0][0].groups.length).toBeGreaterThan(0);
		expect(await compactDuring).toMatchObject({ ran: false, skipped: expect.stringMatching(/rebuild/) });
		// The copy done, CLEANUP is on again: the compaction runs and the answers stay the same.
		expect(await compactTicketState(ch)).toMatchObject({ ran: true });
		expect(await runKpis(ch, backlog)).toEqual(before[2]);
		expect(await relay.backlog()).toBe(0);
	}, 240_000);

	it('re-creates exactly the tables fed by ticket_events and alert_events', () => {
		const { tables, views } = rebuiltMigrations();
		expect(tables).toEqual(expect.arrayContaining(['ticket_events', 'alert_events', 'ticket_state', 'ticket_sla', 'kpi_rollup_hour', 'kpi_rollup_day']));
		expect(tables).not.toContain('schema_migrations');
		expect(views).toEqual(expect.arrayContaining(['ticket_state_mv', 'kpi_rollup_hour_mv']));
	});
});
