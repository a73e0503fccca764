import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { createTicket, createTickets, actOnTicket, ALLOWED_FROM, type Action } from '../../src/lib/server/tickets/service';
import { listTickets, getTicket } from '../../src/lib/server/tickets/query';
import { dueThresholds, runSlaWatch } from '../../src/lib/server/tickets/slaWatch';
import { calendarOf, loadSlaConfig } from '../../src/lib/server/tickets/slaConfig';
import { loadPauses } from '../../src/lib/server/tickets/clocks';
import { notifications, outbox, ticketEvents, tickets } from '../../schemas/postgres/index';
import { rowsOf } from '../../src/lib/server/db/index';
import type { Actor } from '../../src/lib/server/rbac/actor';
import type { Status } from '../../schemas/events';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0); // Monday 2 March 2026, 10:00 in Paris
const MIN = 60_000;
const H = 3_600_000;

async function err(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		return e as { code: string; message: string; field?: string; status: number };
	}
	throw new Error('expected an error');
}

/** Paths from a new ticket to each status. */
const PATH_TO: Record<Status, { action: Action; [k: string]: unknown }[]> = {
	new: [],
	assigned: [{ action: 'assign', agentId: 'AGENT' }],
	in_progress: [{ action: 'start' }],
	pending: [{ action: 'start' }, { action: 'pend', reason: 'vendor' }],
	resolved: [{ action: 'resolve', code: 'fixed' }],
	closed: [{ action: 'resolve', code: 'fixed' }, { action: 'close' }],
	reopened: [{ action: 'resolve', code: 'fixed' }, { action: 'reopen' }]
};

const SAMPLE_INPUT: Record<Action, Record<string, unknown>> = {
	assign: { agentId: 'AGENT' },
	start: {},
	pend: { reason: 'requester' },
	resume: {},
	escalate: { reason: 'needs a specialist' },
	comment: { body: 'hello' },
	log_work: { minutes: 10 },
	resolve: { code: 'fixed' },
	reopen: {},
	close: {},
	survey: { score: 4, onBehalf: true }
};

const EXPECT_STATUS: Partial<Record<Action, Status>> = {
	start: 'in_progress',
	pend: 'pending',
	resume: 'in_progress',
	resolve: 'resolved',
	reopen: 'reopened',
	close: 'closed'
};

describe.each(DRIVERS)('ticket engine on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let agentCtx: { db: TestDb['db']; actor: Actor };

	const fill = (o: Record<string, unknown>) =>
		Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === 'AGENT' ? desk.agent.accountId : v]));

	async function ticketIn(status: Status, priority = 'P3') {
		const { ticket } = await createTicket(agentCtx, { title: `to ${status}`, priority, category: 'software' }, T0);
		let now = T0;
		for (const step of PATH_TO[status]) await actOnTicket(agentCtx, ticket.id, fill(step), (now += MIN));
		return ticket.id;
	}

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		agentCtx = { db: t.db, actor: desk.agent };
	});
	afterAll(async () => t?.close());

	it('creates a ticket with a number, SLA targets and a created event + outbox row', async () => {
		const { ticket, events } = await createTicket(agentCtx, { title: 'Mail down', priority: 'P1', category: 'network', channel: 'phone' }, T0);
		expect(ticket.number).toMatch(/^INC-\d{6}$/);
		expect(ticket.status).toBe('new');
		expect(ticket.slaResponseDueAt?.getTime()).toBe(T0 + 15 * MIN);
		expect(ticket.slaResolutionDueAt?.getTime()).toBe(T0 + 4 * H);
		expect(events.map((e) => e.type)).toEqual(['ticket.created']);
		const ob = await t.db.select().from(outbox).where(eq(outbox.eventId, events[0].event_id));
		expect(ob).toHaveLength(1);
		expect(ob[0].payload).toMatchObject({ type: 'ticket.created', priority: 'P1', channel: 'phone', ticket_number: ticket.number });
		const req = await createTicket(agentCtx, { title: 'New laptop', type: 'service_request', category: 'service_request', priority: 'P4' }, T0);
		expect(req.ticket.number).toMatch(/^REQ-\d{6}$/);
		// P4 on the business calendar: 1 business day (10 h) from Monday 10:00 Paris → Tuesday 10:00.
		expect(req.ticket.slaResponseDueAt?.getTime()).toBe(T0 + 24 * H);
	});

	it('createTickets opens many in one go: the rows it returns are the stored rows, each with its event', async () => {
		const items = [
			{ input: { title: 'Disk full', priority: 'P2', category: 'hardware', groupId: desk.groups.L2 }, nowMs: T0 },
			{ input: { title: 'VPN flaps', priority: 'P1', category: 'network', channel: 'monitoring', source: 'src-1', description: 'a "quoted", multi\nline text' }, nowMs: T0 + MIN },
			{ input: { title: 'New phone', type: 'service_request', category: 'service_request', priority: 'P4' }, nowMs: T0 + 2 * MIN }
		];
		const results = await createTickets(agentCtx, items);
		expect(results.map((r) => r.ticket.title)).toEqual(['Disk full', 'VPN flaps', 'New phone']);
		for (const r of results) {
			const [stored] = await t.db.select().from(tickets).where(eq(tickets.id, r.ticket.id));
			expect(stored).toEqual(r.ticket);
			expect(r.events.map((e) => e.type)).toEqual(['ticket.created']);
			expect(await t.db.select().from(outbox).where(eq(outbox.eventId, r.events[0].event_id))).toHaveLength(1);
		}
		expect(results[0].ticket.status).toBe('assigned');
		expect(new Set(results.map((r) => r.ticket.number)).size).toBe(3);
		// One invalid item fails them all, naming the field.
		const before = (await t.db.select({ id: tickets.id }).from(tickets)).length;
		const e = await err(createTickets(agentCtx, [items[0], { input: { title: 'x', priority: 'P9' } }]));
		expect(e.field).toBe('priority');
		expect((await t.db.select({ id: tickets.id }).from(tickets)).length).toBe(before);
	});

	it.each([
		[{ title: '' }, 'title'],
		[{ title: 'x', priority: 'P9' }, 'priority'],
		[{ title: 'x', category: 'toasters' }, 'category'],
		[{ title: 'x', channel: 'pigeon' }, 'channel'],
		[{ title: 'x', groupId: 'nope' }, 'groupId'],
		[{ title: 'x', groupId: '00000000-0000-4000-8000-000000000000' }, 'groupId'],
		[{ priority: 'P1' }, 'title']
	])('rejects bad input %j naming the field', async (input, field) => {
		const e = await err(createTicket(agentCtx, input, T0));
		expect(e.status).toBe(400);
		expect(e.field).toBe(field);
		expect(e.message).toContain(field);
	});

	const ALL_STATUSES = Object.keys(PATH_TO) as Status[];
	const cases = (Object.keys(ALLOWED_FROM) as Action[]).flatMap((action) => ALL_STATUSES.map((from) => [action, from] as const));

	it.each(cases)('%s from %s: allowed transitions apply, others are 409 naming the status', async (action, from) => {
		const id = await ticketIn(from);
		const input = { action, ...fill(SAMPLE_INPUT[action]) };
		if (ALLOWED_FROM[action].includes(from)) {
			const { ticket } = await actOnTicket(agentCtx, id, input, T0 + H);
			if (EXPECT_STATUS[action]) expect(ticket.status).toBe(EXPECT_STATUS[action]);
		} else {
			const e = await err(actOnTicket(agentCtx, id, input, T0 + H));
			expect(e.status).toBe(409);
			expect(e.message).toContain(`it is ${from}`);
		}
	});

	it('names an unknown action and bad action fields', async () => {
		const id = await ticketIn('new');
		const e1 = await err(actOnTicket(agentCtx, id, { action: 'teleport' }, T0));
		expect(e1.status).toBe(400);
		expect(e1.field).toBe('action');
		const e2 = await err(actOnTicket(agentCtx, id, { action: 'log_work', minutes: -5 }, T0));
		expect(e2.field).toBe('minutes');
		const e3 = await err(actOnTicket(agentCtx, id, { action: 'pend', reason: 'lunch' }, T0));
		expect(e3.field).toBe('reason');
		const e4 = await err(actOnTicket(agentCtx, '00000000-0000-4000-8000-000000000000', { action: 'start' }, T0));
		expect(e4.status).toBe(404);
	});

	it('checks permissions: requesters open their own tickets and cannot work them', async () => {
		const reqCtx = { db: t.db, actor: desk.requester };
		const { ticket } = await createTicket(reqCtx, { title: 'My printer', groupId: desk.groups.L3 }, T0);
		expect(ticket.requesterId).toBe(desk.requester.accountId);
		expect(ticket.groupId).toBeNull();
		expect((await err(actOnTicket(reqCtx, ticket.id, { action: 'start' }, T0))).status).toBe(403);
		await actOnTicket(reqCtx, ticket.id, { action: 'comment', body: 'any news?' }, T0 + MIN);
		const other = await ticketIn('new');
		expect((await err(actOnTicket(reqCtx, other, { action: 'comment', body: 'hi' }, T0))).status).toBe(404);
		const list = await listTickets(reqCtx, {});
		expect(list.items.every((i) => i.requesterId === desk.requester.accountId)).toBe(true);
		// A requester comment is not a first response.
		const [row] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
		expect(row.firstResponseAt).toBeNull();
	});

	it('computes first response and resolution in business time, pending excluded', async () => {
		// P1: 24×7 calendar, so business time = wall time.
		const { ticket } = await createTicket(agentCtx, { title: 'VPN down', priority: 'P1' }, T0);
		await actOnTicket(agentCtx, ticket.id, { action: 'comment', body: 'auto-ack', auto: true }, T0 + MIN);
		await actOnTicket(agentCtx, ticket.id, { action: 'comment', body: 'internal note', public: false }, T0 + 2 * MIN);
		const first = await actOnTicket(agentCtx, ticket.id, { action: 'comment', body: 'on it' }, T0 + 10 * MIN);
		expect(first.events[0]).toMatchObject({ response_s: 600, sla_clock: 'response', sla_met: 1 });
		await actOnTicket(agentCtx, ticket.id, { action: 'start' }, T0 + 11 * MIN);
		await actOnTicket(agentCtx, ticket.id, { action: 'pend', reason: 'requester' }, T0 + 20 * MIN);
		const resumed = await actOnTicket(agentCtx, ticket.id, { action: 'resume' }, T0 + 80 * MIN);
		expect(resumed.events[0].pending_s).toBe(3600);
		await actOnTicket(agentCtx, ticket.id, { action: 'log_work', minutes: 25 }, T0 + 90 * MIN);
		const resolved = await actOnTicket(agentCtx, ticket.id, { action: 'resolve', code: 'fixed', text: 'restarted' }, T0 + 100 * MIN);
		expect(resolved.events[0]).toMatchObject({
			type: 'ticket.resolved',
			resolution_s: 40 * 60,
			work_s: 25 * 60,
			pending_s: 3600,
			sla_met: 1,
			pended_requester: 1,
			escalated: 0
		});
		// Resolved time does not count: reopen 1 h later, resolve 10 min after that.
		await actOnTicket(agentCtx, ticket.id, { action: 'reopen', reason: 'still broken' }, T0 + 160 * MIN);
		const again = await actOnTicket(agentCtx, ticket.id, { action: 'resolve', code: 'fixed' }, T0 + 170 * MIN);
		expect(again.events[0]).toMatchObject({ resolution_s: 50 * 60, reopen_count: 1 });
	});

	it('pauses the business clock across a night (P3, Mon–Fri 08–18 Paris)', async () => {
		const { ticket } = await createTicket(agentCtx, { title: 'Slow app', priority: 'P3' }, T0); // Mon 10:00
		await actOnTicket(agentCtx, ticket.id, { action: 'start' }, T0 + MIN);
		// Pending from Mon 17:00 to Tue 09:00 Paris: 1 business hour paused (17–18) + 1 (08–09).
		await actOnTicket(agentCtx, ticket.id, { action: 'pend', reason: 'vendor' }, T0 + 7 * H);
		const r = await actOnTicket(agentCtx, ticket.id, { action: 'resume' }, T0 + 23 * H);
		expect(r.events[0].pending_s).toBe(2 * 3600);
		// Resolve Tue 12:00: business time Mon 10–18 (8 h) + Tue 08–12 (4 h) − 2 h paused = 10 h.
		const res = await actOnTicket(agentCtx, ticket.id, { action: 'resolve', code: 'fixed' }, T0 + 26 * H);
		expect(res.events[0].resolution_s).toBe(10 * 3600);
	});

	it('escalates functionally to the next tier and hierarchically to the lead', async () => {
		const { ticket } = await createTicket(agentCtx, { title: 'DB corrupt', priority: 'P2', tier: 'L1', groupId: desk.groups.L1 }, T0);
		const esc = await actOnTicket(agentCtx, ticket.id, { action: 'escalate', reason: 'needs DBA' }, T0 + MIN);
		expect(esc.ticket).toMatchObject({ tier: 'L2', groupId: desk.groups.L2, escalated: true, status: 'assigned' });
		expect(JSON.parse(esc.events[0].payload)).toMatchObject({ kind: 'functional', toTier: 'L2' });
		await actOnTicket(agentCtx, ticket.id, { action: 'escalate', kind: 'hierarchical', reason: 'VIP' }, T0 + 2 * MIN);
		const notes = await t.db.select().from(notifications).where(eq(notifications.ticketId, ticket.id));
		expect(notes).toHaveLength(1);
		expect(notes[0].accountId).toBe(desk.lead.accountId);
		const l3 = await ticketIn('new');
		await actOnTicket(agentCtx, l3, { action: 'escalate', groupId: desk.groups.L3, reason: 'vendor case' }, T0);
		const e = await err(actOnTicket(agentCtx, l3, { action: 'escalate', reason: 'more' }, T0));
		expect(e.status).toBe(409);
	});

	it('marks reassignment to another group (FCR input)', async () => {
		const { ticket } = await createTicket(agentCtx, { title: 'x', groupId: desk.groups.L1 }, T0);
		const a = await actOnTicket(agentCtx, ticket.id, { action: 'assign', groupId: desk.groups.L0 }, T0 + MIN);
		expect(a.ticket.reassigned).toBe(true);
		expect(a.ticket.tier).toBe('L0');
	});

	it('emits SLA warnings at 50% and 75% and the breach once, then escalates', async () => {
		const { ticket } = await createTicket(agentCtx, { title: 'Core switch', priority: 'P1', groupId: desk.groups.L1, tier: 'L1' }, T0);
		const firedAt = async (now: number) => {
			await runSlaWatch(t.db, now);
			const evs = await t.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
			return evs
				.filter((e) => e.type.startsWith('sla.'))
				.map((e) => `${(e.data as { sla_clock: string }).sla_clock}:${(e.data as { sla_threshold: string }).sla_threshold}`)
				.sort();
		};
		expect(await firedAt(T0 + 7 * MIN)).toEqual([]);
		expect(await firedAt(T0 + 8 * MIN)).toEqual(['response:warning50']);
		expect(await firedAt(T0 + 12 * MIN)).toEqual(['response:warning50', 'response:warning75']);
		expect(await firedAt(T0 + 12 * MIN)).toEqual(['response:warning50', 'response:warning75']);
		// Watcher down for an hour: catching up emits the breach once.
		expect(await firedAt(T0 + 70 * MIN)).toEqual(['response:breached', 'response:warning50', 'response:warning75']);
		await actOnTicket(agentCtx, ticket.id, { action: 'comment', body: 'late answer' }, T0 + 75 * MIN);
		expect((await firedAt(T0 + 80 * MIN)).filter((x) => x.startsWith('response')).length).toBe(3);
		expect(await firedAt(T0 + 3 * H)).toContain('resolution:warning75');
		const all = await firedAt(T0 + 5 * H);
		expect(all.filter((x) => x === 'resolution:breached')).toHaveLength(1);
		expect(await firedAt(T0 + 6 * H)).toEqual(all);
		// Breach escalated: lead notified, and P1 policy escalates functionally to L2.
		const [row] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
		expect(row.tier).toBe('L2');
		const notes = await t.db.select().from(notifications).where(eq(notifications.ticketId, ticket.id));
		expect(notes.some((n) => n.accountId === desk.lead.accountId && n.message.includes('breached'))).toBe(true);
	});

	it('reads only tickets near a threshold, and fires exactly what evaluating every open ticket would', async () => {
		const P = ['P1', 'P2', 'P3', 'P4', 'P5'];
		const base = T0 + 50 * H;
		for (let i = 0; i < 30; i++) {
			const at = base - i * 97 * MIN;
			const { ticket } = await createTicket(agentCtx, { title: `watch ${i}`, priority: P[i % 5], groupId: desk.groups.L1, tier: 'L1' }, at);
			if (i % 3 === 0) await actOnTicket(agentCtx, ticket.id, { action: 'comment', body: 'ack' }, at + 5 * MIN);
			if (i % 7 === 0) {
				await actOnTicket(agentCtx, ticket.id, { action: 'start' }, at + 6 * MIN);
				await actOnTicket(agentCtx, ticket.id, { action: 'pend', reason: 'vendor' }, at + 7 * MIN);
			}
		}
		const slaEvents = async () =>
			new Map((await t.db.select({ id: ticketEvents.ticketId, n: sql<number>`count(*)::int` }).from(ticketEvents).where(sql`${ticketEvents.type} like 'sla.%'`).groupBy(ticketEvents.ticketId)).map((r) => [r.id, r.n]));
		for (const now of [base + 10 * MIN, base + 3 * H, base + 30 * H, base + 200 * H]) {
			const config = await loadSlaConfig(t.db, now);
			const open = await t.db.select().from(tickets).where(inArray(tickets.status, ['new', 'assigned', 'in_progress', 'reopened']));
			const expected = new Set<string>();
			for (const row of open) {
				if (dueThresholds(row, calendarOf(config, row.slaCalendarId), await loadPauses(t.db, row.id), now).length) expected.add(row.id);
			}
			const before = await slaEvents();
			const r = await runSlaWatch(t.db, now);
			const after = await slaEvents();
			const fired = new Set([...after].filter(([id, n]) => n > (before.get(id) ?? 0)).map(([id]) => id));
			expect([...fired].sort()).toEqual([...expected].sort());
			expect(r.checked).toBeGreaterThanOrEqual(expected.size);
			if (now < base + 100 * H) expect(r.checked).toBeLessThan(open.length); // far from a threshold: not read
		}
	});

	it('does not advance a pending ticket and breaches at resolution when the watcher missed it', async () => {
		const { ticket } = await createTicket(agentCtx, { title: 'Waiting', priority: 'P2' }, T0);
		await actOnTicket(agentCtx, ticket.id, { action: 'start' }, T0 + MIN);
		await actOnTicket(agentCtx, ticket.id, { action: 'comment', body: 'first' }, T0 + 2 * MIN);
		await actOnTicket(agentCtx, ticket.id, { action: 'pend', reason: 'vendor' }, T0 + 3 * MIN);
		await runSlaWatch(t.db, T0 + 20 * H);
		let evs = await t.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
		expect(evs.some((e) => e.type.startsWith('sla.'))).toBe(false);
		await actOnTicket(agentCtx, ticket.id, { action: 'resume' }, T0 + 20 * H);
		const r = await actOnTicket(agentCtx, ticket.id, { action: 'resolve', code: 'fixed' }, T0 + 29 * H);
		expect(r.events.map((e) => e.type)).toEqual(['ticket.resolved', 'sla.breached']);
		expect(r.events[0].sla_met).toBe(0);
		evs = await t.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id));
		expect(evs.filter((e) => e.type === 'sla.breached')).toHaveLength(1);
	});

	it('accepts one survey answer, recorded by an agent only on the requester\'s behalf', async () => {
		const id = await ticketIn('resolved');
		const own = await err(actOnTicket(agentCtx, id, { action: 'survey', score: 5 }, T0 + H));
		expect(own.status).toBe(403);
		expect(own.message).toContain('onBehalf');
		const s = await actOnTicket(agentCtx, id, { action: 'survey', score: 5, onBehalf: true }, T0 + H);
		expect(s.events[0]).toMatchObject({ type: 'survey.answered', csat: 5 });
		expect(JSON.parse(s.events[0].payload)).toMatchObject({ onBehalf: true, recordedBy: desk.agent.accountId });
		expect((await err(actOnTicket(agentCtx, id, { action: 'survey', score: 3, onBehalf: true }, T0 + H))).status).toBe(409);
		expect((await err(actOnTicket(agentCtx, id, { action: 'survey', score: 6, onBehalf: true }, T0 + H))).field).toBe('score');
	});

	it('lists with filters and pagination, and shows a ticket with its history', async () => {
		const { ticket } = await createTicket(agentCtx, { title: 'Unique zebra outage', priority: 'P2', category: 'security', channel: 'chat' }, T0);
		const byText = await listTickets(agentCtx, { q: 'zebra' });
		expect(byText.items.map((i) => i.id)).toEqual([ticket.id]);
		const filtered = await listTickets(agentCtx, { priority: ['P2'], category: ['security'], channel: ['chat'], status: ['new'] });
		expect(filtered.items.map((i) => i.id)).toContain(ticket.id);
		expect(filtered.items.every((i) => i.priority === 'P2' && i.category === 'security')).toBe(true);
		const page1 = await listTickets(agentCtx, { limit: 2, page: 1 });
		const page2 = await listTickets(agentCtx, { limit: 2, page: 2 });
		expect(page1.items).toHaveLength(2);
		expect(page1.total).toBeGreaterThan(4);
		expect(page2.items[0].id).not.toBe(page1.items[0].id);
		expect((await err(listTickets(agentCtx, { status: ['open-ish'] }))).field).toBe('status.0');
		const detail = await getTicket(agentCtx, ticket.number);
		expect(detail.ticket.id).toBe(ticket.id);
		expect(detail.events.map((e) => e.type)).toEqual(['ticket.created']);
	});

	it('writes one outbox row per event, in the same transaction', async () => {
		const [{ e }] = rowsOf<{ e: number }>(await t.db.execute(sql`select count(*)::int as e from ticket_events`));
		const [{ o }] = rowsOf<{ o: number }>(await t.db.execute(sql`select count(*)::int as o from outbox`));
		expect(o).toBe(e);
		// A failing command (409) leaves no event behind.
		const id = await ticketIn('closed');
		await err(actOnTicket(agentCtx, id, { action: 'start' }, T0));
		const [{ o2 }] = rowsOf<{ o2: number }>(await t.db.execute(sql`select count(*)::int as o2 from outbox`));
		const [{ e2 }] = rowsOf<{ e2: number }>(await t.db.execute(sql`select count(*)::int as e2 from ticket_events`));
		expect(o2).toBe(e2);
	});
});
