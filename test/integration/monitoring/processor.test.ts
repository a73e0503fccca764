import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { makeDesk, type Desk } from '../../helpers/desk';
import { ticketEvents } from '../../../schemas/postgres/index';
import { fixture, nagiosHost, nagiosService, ENCODINGS } from '../../unit/ingest/factories';
import type { MonitoringIngest } from '../../../src/lib/server/monitoring/ingest';
import { alertEventsOf, commentsOf, makeSource, newIngest, problem, raw, sourceTickets, ticketOf } from './helpers';

describe.each(DRIVERS)('monitoring processor on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let m: MonitoringIngest;
	const src = (kind: 'nagios' | 'solarwinds' | 'alertmanager' | 'generic', extra = {}) => makeSource(t.db, desk.admin, m, { kind, ...extra });

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		m = newIngest(t.db);
	});
	afterAll(async () => {
		await m?.processor.idle();
		await t?.close();
	});

	describe.each(ENCODINGS)('fixtures as %s', (enc) => {
		it('nagios problem → ticket, ack → in progress with the comment, recovery → resolved', async () => {
			const s = await src('nagios');
			const r = await s.send(fixture('nagios_service_problem.json'), { enc });
			expect(r.status).toBe(202);
			await m.processor.idle();
			expect((await raw(t.db, r.alertId!)).status).toBe('processed');
			const p = await problem(t.db, s.sourceId, 'web01|HTTP|48213');
			const tk = (await ticketOf(t.db, p.ticketId))!;
			expect(tk).toMatchObject({ channel: 'monitoring', source: s.sourceId, priority: 'P1', category: 'software', status: 'new', requesterName: expect.any(String) });
			expect(tk.title).toContain('web01 / HTTP');
			const [created] = await t.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, tk.id));
			expect((created.data as { actor_kind: string }).actor_kind).toBe('monitoring');

			await s.send(fixture('nagios_service_acknowledgement.json'), { enc });
			await m.processor.idle();
			expect((await ticketOf(t.db, tk.id))!.status).toBe('in_progress');
			expect((await commentsOf(t.db, tk.id)).map((c) => c.body).join('\n')).toContain('Acknowledged by jsmith in nagios: Looking into it');

			await s.send(fixture('nagios_service_recovery.json'), { enc });
			await m.processor.idle();
			const done = (await ticketOf(t.db, tk.id))!;
			expect(done.status).toBe('resolved');
			expect(done.resolutionCode).toBe('auto_resolved');
			expect((await problem(t.db, s.sourceId, 'web01|HTTP|48213')).state).toBe('resolved');
			expect((await alertEventsOf(t.db, s.sourceId)).map((e) => e.outcome)).toEqual(['opened', 'acked', 'resolved']);
			expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(1);
		});

		it('solarwinds trigger → P1 network ticket, reset → resolved', async () => {
			const s = await src('solarwinds');
			await s.send(fixture('solarwinds_trigger.json'), { enc });
			await m.processor.idle();
			const p = await problem(t.db, s.sourceId, '1842|55231');
			expect(await ticketOf(t.db, p.ticketId)).toMatchObject({ priority: 'P1', category: 'network', status: 'new' });
			await s.send(fixture('solarwinds_reset.json'), { enc });
			await m.processor.idle();
			expect((await ticketOf(t.db, p.ticketId))!.status).toBe('resolved');
		});

		it('alertmanager firing → one ticket per alert, re-send changes nothing, resolved → both resolved', async () => {
			const s = await src('alertmanager');
			const a = await s.send(fixture('alertmanager_firing.json'), { enc });
			await m.processor.idle();
			const again = await s.send(fixture('alertmanager_firing.json'), { enc });
			expect(again).toMatchObject({ status: 202, alertId: a.alertId, duplicate: true });
			await m.processor.idle();
			const ts = await sourceTickets(t.db, s.sourceId);
			expect(ts).toHaveLength(2);
			expect((await problem(t.db, s.sourceId, '3f2a9c1e7b6d4a10')).repeatCount).toBe(0);
			await s.send(fixture('alertmanager_resolved.json'), { enc });
			await m.processor.idle();
			for (const x of await sourceTickets(t.db, s.sourceId)) expect(x.status).toBe('resolved');
			expect((await alertEventsOf(t.db, s.sourceId)).map((e) => e.outcome).sort()).toEqual(['opened', 'opened', 'resolved', 'resolved']);
		});
	});

	it('re-delivery with different bytes but the same ack/resolve is a no-op; resolve twice → ignored', async () => {
		const s = await src('nagios');
		await s.send(nagiosService({ SERVICEPROBLEMID: 1 }));
		const ack = nagiosService({ NOTIFICATIONTYPE: 'ACKNOWLEDGEMENT', SERVICEPROBLEMID: 1, NOTIFICATIONAUTHOR: 'ann', NOTIFICATIONCOMMENT: 'on it' });
		await s.send(ack);
		await s.send({ ...ack, EXTRA: 'x' }); // same meaning, other bytes
		const rec = nagiosService({ NOTIFICATIONTYPE: 'RECOVERY', SERVICESTATE: 'OK', SERVICEPROBLEMID: 0, LASTSERVICEPROBLEMID: 1 });
		await s.send(rec);
		await s.send({ ...rec, EXTRA: 'y' });
		await m.processor.idle();
		const p = await problem(t.db, s.sourceId, 'db01|PostgreSQL|1');
		const comments = await commentsOf(t.db, p.ticketId!);
		expect(comments.filter((c) => c.body.startsWith('Acknowledged'))).toHaveLength(1);
		expect((await alertEventsOf(t.db, s.sourceId)).map((e) => e.outcome)).toEqual(['opened', 'acked', 'ignored', 'resolved', 'ignored']);
	});

	it('an ack or resolve with no ticket never creates one (dropped)', async () => {
		const s = await src('nagios');
		await s.send(nagiosService({ NOTIFICATIONTYPE: 'ACKNOWLEDGEMENT', SERVICEPROBLEMID: 9, NOTIFICATIONAUTHOR: 'x', NOTIFICATIONCOMMENT: 'y' }));
		await m.processor.idle();
		expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(0);
		expect((await alertEventsOf(t.db, s.sourceId)).map((e) => e.outcome)).toEqual(['dropped']);
	});

	it('out-of-order: resolve before open is dropped, the later open opens normally', async () => {
		const s = await src('nagios');
		await s.send(nagiosService({ NOTIFICATIONTYPE: 'RECOVERY', SERVICESTATE: 'OK', SERVICEPROBLEMID: 0, LASTSERVICEPROBLEMID: 42 }));
		await m.processor.idle();
		expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(0);
		await s.send(nagiosService({ SERVICEPROBLEMID: 42 }));
		await m.processor.idle();
		const ts = await sourceTickets(t.db, s.sourceId);
		expect(ts).toHaveLength(1);
		expect(ts[0].status).toBe('new');
		expect((await alertEventsOf(t.db, s.sourceId)).map((e) => e.outcome)).toEqual(['dropped', 'opened']);
	});

	it('a storm of 1,000 repeats opens one ticket and counts the repeats', async () => {
		const s = await src('nagios');
		for (let i = 0; i < 1000; i++) {
			const r = await s.send(nagiosService({ SERVICEPROBLEMID: 77, SERVICEOUTPUT: `CRITICAL - connection refused (#${i})`, SERVICEATTEMPT: i }));
			expect(r.status).toBe(202);
		}
		await m.processor.idle();
		const ts = await sourceTickets(t.db, s.sourceId);
		expect(ts).toHaveLength(1);
		const p = await problem(t.db, s.sourceId, 'db01|PostgreSQL|77');
		expect(p.repeatCount).toBe(999);
		expect(await commentsOf(t.db, ts[0].id)).toHaveLength(0);
		const outcomes = (await alertEventsOf(t.db, s.sourceId)).map((e) => e.outcome);
		expect(outcomes.filter((o) => o === 'opened')).toHaveLength(1);
		expect(outcomes.filter((o) => o === 'appended')).toHaveLength(999);
	}, 300_000);

	it('a repeat with another severity adds a note', async () => {
		const s = await src('nagios');
		await s.send(nagiosService({ SERVICEPROBLEMID: 5, SERVICESTATE: 'WARNING' }));
		await s.send(nagiosService({ SERVICEPROBLEMID: 5, SERVICESTATE: 'CRITICAL' }));
		await m.processor.idle();
		const p = await problem(t.db, s.sourceId, 'db01|PostgreSQL|5');
		expect((await commentsOf(t.db, p.ticketId!)).map((c) => c.body)[0]).toContain('Severity changed warning → critical');
	});

	it('flapping flags the ticket, holds resolves, and flap_stop resolves only when healthy', async () => {
		const s = await src('nagios');
		await s.send(nagiosService({ SERVICEPROBLEMID: 11 }));
		await s.send(nagiosService({ NOTIFICATIONTYPE: 'FLAPPINGSTART', SERVICEPROBLEMID: 11 }));
		await m.processor.idle();
		const p = await problem(t.db, s.sourceId, 'db01|PostgreSQL|11');
		expect((await ticketOf(t.db, p.ticketId))!.flapping).toBe(true);
		await s.send(nagiosService({ NOTIFICATIONTYPE: 'RECOVERY', SERVICESTATE: 'OK', SERVICEPROBLEMID: 0, LASTSERVICEPROBLEMID: 11 }));
		await s.send(nagiosService({ SERVICEPROBLEMID: 11, SERVICEOUTPUT: 'again' }));
		await m.processor.idle();
		expect((await ticketOf(t.db, p.ticketId))!.status).toBe('new');
		expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(1);
		// Still critical when flapping stops: the ticket stays open, unflagged.
		await s.send(nagiosService({ NOTIFICATIONTYPE: 'FLAPPINGSTOP', SERVICEPROBLEMID: 11, SERVICESTATE: 'CRITICAL' }));
		await m.processor.idle();
		expect(await ticketOf(t.db, p.ticketId)).toMatchObject({ flapping: false, status: 'new' });
		await s.send(nagiosService({ NOTIFICATIONTYPE: 'FLAPPINGSTART', SERVICEPROBLEMID: 11, SERVICEOUTPUT: 'flap 2' }));
		await s.send(nagiosService({ NOTIFICATIONTYPE: 'FLAPPINGSTOP', SERVICEPROBLEMID: 11, SERVICESTATE: 'OK', SERVICEOUTPUT: 'OK now' }));
		await m.processor.idle();
		expect(await ticketOf(t.db, p.ticketId)).toMatchObject({ flapping: false, status: 'resolved' });
		expect((await alertEventsOf(t.db, s.sourceId)).map((e) => e.outcome)).toEqual(['opened', 'noted', 'suppressed', 'appended', 'noted', 'noted', 'resolved']);
	});

	it('downtime (DOWNTIMESTART/END) suppresses new tickets for the host and its services', async () => {
		const s = await src('nagios');
		await s.send({ NOTIFICATIONTYPE: 'DOWNTIMESTART', HOSTNAME: 'db01', HOSTSTATE: 'UP', HOSTOUTPUT: 'planned patching' });
		await s.send(nagiosService({ SERVICEPROBLEMID: 21 }));
		await s.send(nagiosHost({ HOSTNAME: 'db01', HOSTPROBLEMID: 22 }));
		await m.processor.idle();
		expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(0);
		await s.send({ NOTIFICATIONTYPE: 'DOWNTIMEEND', HOSTNAME: 'db01', HOSTSTATE: 'UP', HOSTOUTPUT: 'done' });
		// Other hosts were never in downtime.
		await s.send(nagiosService({ HOSTNAME: 'db02', SERVICEPROBLEMID: 23 }));
		// Still failing after the downtime: the next notification opens the ticket.
		await s.send(nagiosService({ SERVICEPROBLEMID: 21, SERVICEOUTPUT: 'still refused' }));
		await m.processor.idle();
		expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(2);
		expect((await alertEventsOf(t.db, s.sourceId)).map((e) => e.outcome)).toEqual(['noted', 'suppressed', 'suppressed', 'noted', 'opened', 'opened']);
	});

	it('a host DOWN groups its services under one parent ticket (before and after)', async () => {
		const s = await src('nagios');
		await s.send(nagiosService({ HOSTNAME: 'sw-core-01', SERVICEDESC: 'SSH', SERVICEPROBLEMID: 31 }));
		await s.send(nagiosHost({ HOSTPROBLEMID: 30 }));
		await s.send(nagiosService({ HOSTNAME: 'sw-core-01', SERVICEDESC: 'HTTP', SERVICEPROBLEMID: 32 }));
		await m.processor.idle();
		const host = await ticketOf(t.db, (await problem(t.db, s.sourceId, 'sw-core-01||30')).ticketId);
		expect(host).toMatchObject({ category: 'network', priority: 'P1', parentId: null });
		for (const k of ['sw-core-01|SSH|31', 'sw-core-01|HTTP|32']) {
			expect((await ticketOf(t.db, (await problem(t.db, s.sourceId, k)).ticketId))!.parentId).toBe(host!.id);
		}
	});

	it("resolve_mode 'note' adds a note and leaves the ticket open; source group and priority map apply", async () => {
		const s = await src('nagios', { resolveMode: 'note', defaultGroupId: desk.groups.L2, priorityMap: { critical: 'P2' } });
		await s.send(nagiosService({ SERVICEPROBLEMID: 41 }));
		await s.send(nagiosService({ NOTIFICATIONTYPE: 'RECOVERY', SERVICESTATE: 'OK', SERVICEPROBLEMID: 0, LASTSERVICEPROBLEMID: 41 }));
		await m.processor.idle();
		const p = await problem(t.db, s.sourceId, 'db01|PostgreSQL|41');
		expect(await ticketOf(t.db, p.ticketId)).toMatchObject({ status: 'assigned', groupId: desk.groups.L2, tier: 'L2', priority: 'P2' });
		expect((await commentsOf(t.db, p.ticketId!)).at(-1)!.body).toContain('Recovered');
		expect((await alertEventsOf(t.db, s.sourceId)).map((e) => e.outcome)).toEqual(['opened', 'noted']);
	});

	it('SOFT states are recorded as ignored and change nothing', async () => {
		const s = await src('nagios');
		await s.send(nagiosService({ SERVICEPROBLEMID: 51, SERVICESTATETYPE: 'SOFT' }));
		await m.processor.idle();
		expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(0);
		expect((await alertEventsOf(t.db, s.sourceId)).map((e) => e.outcome)).toEqual(['ignored']);
	});

	it('the CMDB seam: CI criticality × severity sets priority, the CI owner group routes', async () => {
		const ciId = '11111111-1111-4111-8111-111111111111';
		const mi = newIngest(t.db, { ci: { find: async (_db, ids) => (ids.includes('10.1.2.3') ? { id: ciId, criticality: 'low', ownerGroupId: desk.groups.L3 } : null) } });
		const s = await makeSource(t.db, desk.admin, mi, { kind: 'nagios' });
		await s.send(nagiosService({ SERVICEPROBLEMID: 61 }));
		await mi.processor.idle();
		const p = await problem(t.db, s.sourceId, 'db01|PostgreSQL|61');
		expect(await ticketOf(t.db, p.ticketId)).toMatchObject({ ciId, priority: 'P3', groupId: desk.groups.L3 });
		expect((await alertEventsOf(t.db, s.sourceId))[0]).toMatchObject({ outcome: 'opened', ci_id: ciId });
	});

	it('a crash after storing loses nothing: the start-up pass processes what is still received', async () => {
		const stored = newIngest(t.db, { autoProcess: false });
		const s = await makeSource(t.db, desk.admin, stored, { kind: 'nagios' });
		const a = await s.send(nagiosService({ SERVICEPROBLEMID: 71 }));
		const b = await s.send(nagiosService({ HOSTNAME: 'db09', SERVICEPROBLEMID: 72 }));
		expect((await raw(t.db, a.alertId!)).status).toBe('received');
		const restarted = newIngest(t.db);
		expect(await restarted.processor.recover()).toBeGreaterThanOrEqual(2);
		for (const id of [a.alertId!, b.alertId!]) expect((await raw(t.db, id)).status).toBe('processed');
		expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(2);
		// A second pass (or the old queue waking up) changes nothing.
		expect(await restarted.processor.process(a.alertId!)).toBe('skipped');
		expect(await sourceTickets(t.db, s.sourceId)).toHaveLength(2);
	});
});
