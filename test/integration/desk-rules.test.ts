import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { createTicket, actOnTicket } from '../../src/lib/server/tickets/service';
import { updateTicket, mergeTickets, watchTicket } from '../../src/lib/server/tickets/edit';
import { getTicket } from '../../src/lib/server/tickets/query';
import { searchTickets } from '../../src/lib/server/tickets/search';
import { errorParts } from '../../src/lib/server/http';
import { outbox, ticketComments, ticketWatchers, tickets } from '../../schemas/postgres/index';
import type { Actor } from '../../src/lib/server/rbac/actor';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0); // Monday 2 March 2026, 10:00 in Paris
const MIN = 60_000;
const H = 3_600_000;

async function err(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		return e as { code: string; message: string; field?: string; status: number; details?: Record<string, unknown> };
	}
	throw new Error('expected an error');
}
const payload = (e: { payload: string }) => JSON.parse(e.payload);

describe.each(DRIVERS)('desk rules and edits on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let agent: { db: TestDb['db']; actor: Actor };
	let lead: { db: TestDb['db']; actor: Actor };
	let req: { db: TestDb['db']; actor: Actor };

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		agent = { db: t.db, actor: desk.agent };
		lead = { db: t.db, actor: desk.lead };
		req = { db: t.db, actor: desk.requester };
	});
	afterAll(async () => t?.close());

	it('start on an unassigned ticket assigns it to the actor; on an assigned one keeps the agent', async () => {
		const { ticket } = await createTicket(agent, { title: 'Unassigned', groupId: desk.groups.L1 }, T0);
		const r = await actOnTicket(agent, ticket.id, { action: 'start' }, T0 + MIN);
		expect(r.ticket).toMatchObject({ agentId: desk.agent.accountId, status: 'in_progress' });
		expect(r.events.map((e) => e.type)).toEqual(['ticket.assigned', 'ticket.status_changed']);
		expect(r.events[1].agent_id).toBe(desk.agent.accountId);
		const other = await createTicket(agent, { title: 'Theirs', agentId: desk.lead.accountId }, T0);
		const r2 = await actOnTicket(agent, other.ticket.id, { action: 'start' }, T0 + MIN);
		expect(r2.ticket.agentId).toBe(desk.lead.accountId);
		expect(r2.events.map((e) => e.type)).toEqual(['ticket.status_changed']);
	});

	it('lets the requester answer the survey unmarked; an agent only on their behalf, marked', async () => {
		const { ticket } = await createTicket(req, { title: 'Survey me' }, T0);
		await actOnTicket(agent, ticket.id, { action: 'resolve', code: 'fixed' }, T0 + MIN);
		expect((await err(actOnTicket(agent, ticket.id, { action: 'survey', score: 5 }, T0 + H))).status).toBe(403);
		const s = await actOnTicket(req, ticket.id, { action: 'survey', score: 4 }, T0 + H);
		expect(payload(s.events[0])).toEqual({});
		expect(s.ticket.csat).toBe(4);
	});

	it('never shows internal notes to the requester (API view), nor their events', async () => {
		const { ticket } = await createTicket(req, { title: 'Notes' }, T0);
		await actOnTicket(agent, ticket.id, { action: 'comment', body: 'public reply' }, T0 + MIN);
		await actOnTicket(agent, ticket.id, { action: 'comment', body: 'SECRET internal', public: false, workMinutes: 5 }, T0 + 2 * MIN);
		const mine = await getTicket(req, ticket.id);
		expect(mine.comments.map((c) => c.body)).toEqual(['public reply']);
		expect(JSON.stringify(mine)).not.toContain('SECRET');
		expect(mine.events.map((e) => e.type)).toEqual(['ticket.created', 'ticket.commented']);
		expect(JSON.stringify(mine.events)).not.toContain(desk.agent.accountId!);
		const theirs = await getTicket(agent, ticket.id);
		expect(theirs.comments.map((c) => c.body)).toEqual(['public reply', 'SECRET internal']);
		expect(theirs.events.map((e) => e.type)).toContain('ticket.work_logged');
		// Work time is the desk's: a requester cannot log it.
		expect((await err(actOnTicket(req, ticket.id, { action: 'comment', body: 'x', workMinutes: 5 }, T0 + 3 * MIN))).status).toBe(403);
	});

	it('second writer with an older version gets 409 with the current state', async () => {
		const { ticket } = await createTicket(agent, { title: 'Race', groupId: desk.groups.L1 }, T0);
		expect(ticket.version).toBe(1);
		const a = await actOnTicket(agent, ticket.id, { action: 'start', version: 1 }, T0 + MIN);
		expect(a.ticket.version).toBe(2);
		const e = await err(actOnTicket(lead, ticket.id, { action: 'comment', body: 'me too', version: 1 }, T0 + 2 * MIN));
		expect(e.status).toBe(409);
		expect(e.field).toBe('version');
		const parts = errorParts(e);
		expect(parts.status).toBe(409);
		expect(parts.body.error).toMatchObject({ code: 'CONFLICT', field: 'version', current: { version: 2, status: 'in_progress', agentId: desk.agent.accountId } });
		const e2 = await err(updateTicket(lead, ticket.id, { title: 'Mine', version: 1 }, T0 + 2 * MIN));
		expect(e2.status).toBe(409);
		// Nothing was written by the losers.
		const [row] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
		expect(row.version).toBe(2);
		expect(row.title).toBe('Race');
	});

	it('records each edit as ticket.updated with from/to per field, with its outbox row', async () => {
		const { ticket } = await createTicket(agent, { title: 'Typo titel', category: 'other', groupId: desk.groups.L1, tier: 'L1' }, T0);
		const r = await updateTicket(agent, ticket.id, { title: 'Typo title', category: 'software', groupId: desk.groups.L2, version: 1 }, T0 + MIN);
		expect(r.events.map((e) => e.type)).toEqual(['ticket.updated']);
		expect(payload(r.events[0]).changes).toEqual({
			title: { from: 'Typo titel', to: 'Typo title' },
			category: { from: 'other', to: 'software' },
			groupId: { from: desk.groups.L1, to: desk.groups.L2 },
			tier: { from: 'L1', to: 'L2' }
		});
		expect(r.ticket).toMatchObject({ tier: 'L2', reassigned: true, version: 2 });
		expect(r.events[0]).toMatchObject({ category: 'software', tier: 'L2', group_id: desk.groups.L2 });
		const ob = await t.db.select().from(outbox).where(eq(outbox.eventId, r.events[0].event_id));
		expect(ob).toHaveLength(1);
		// Nothing changed → no event, no version bump.
		const same = await updateTicket(agent, ticket.id, { title: 'Typo title' }, T0 + 2 * MIN);
		expect(same.events).toEqual([]);
		expect(same.ticket.version).toBe(2);
		expect((await err(updateTicket(agent, ticket.id, { status: 'closed' }))).field).toBe('status');
		expect((await err(updateTicket(agent, ticket.id, { groupId: '00000000-0000-4000-8000-000000000000' }))).field).toBe('groupId');
		expect((await err(updateTicket(req, ticket.id, { title: 'x' }))).status).toBe(403);
	});

	it('derives priority from impact × urgency, overridable only with a reason, and re-evaluates the SLA', async () => {
		const { ticket } = await createTicket(agent, { title: 'Matrix', impact: 'low', urgency: 'low' }, T0);
		expect(ticket.priority).toBe('P5');
		expect((await err(createTicket(agent, { title: 'x', impact: 'low', urgency: 'low', priority: 'P1' }, T0))).field).toBe('priorityReason');
		const r = await updateTicket(agent, ticket.id, { impact: 'high', urgency: 'high' }, T0 + 30 * MIN);
		expect(r.ticket.priority).toBe('P1');
		expect(payload(r.events[0]).changes.priority).toEqual({ from: 'P5', to: 'P1' });
		// P1: 24×7, response 15 min: 30 min already elapsed → overdue, due in the past.
		expect(r.ticket.slaCalendarId).not.toBe(ticket.slaCalendarId);
		expect(r.ticket.slaResponseMs).toBe(15 * MIN);
		expect(r.ticket.slaDueAt!.getTime()).toBe(T0 + 15 * MIN);
		expect(r.events[0].priority).toBe('P1');
		const e = await err(updateTicket(agent, ticket.id, { priority: 'P3' }, T0 + 31 * MIN));
		expect(e.field).toBe('priorityReason');
		const o = await updateTicket(agent, ticket.id, { priority: 'P3', priorityReason: 'VIP waiting, but a workaround exists' }, T0 + 32 * MIN);
		expect(o.ticket.priority).toBe('P3');
		expect(payload(o.events[0])).toMatchObject({ priorityReason: 'VIP waiting, but a workaround exists', sla: { responseMs: expect.any(Number) } });
		expect(o.ticket.slaDueAt!.getTime()).toBeGreaterThan(T0 + 32 * MIN);
	});

	it('merges a duplicate: comments and watchers move, the duplicate closes with a link', async () => {
		const into = (await createTicket(agent, { title: 'Outlook crashes', groupId: desk.groups.L1 }, T0)).ticket;
		const dup = (await createTicket(req, { title: 'Mail app crashing' }, T0 + MIN)).ticket;
		await actOnTicket(req, dup.id, { action: 'comment', body: 'It crashes with a quokka error' }, T0 + 2 * MIN);
		await watchTicket(lead, dup.id, true);
		const m = await mergeTickets(agent, dup.id, { intoId: into.id }, T0 + 3 * MIN);
		expect(m.moved).toEqual({ comments: 1, attachments: 0, watchers: 2 });
		expect(m.duplicate.ticket).toMatchObject({ status: 'closed', mergedIntoId: into.id, slaDueAt: null });
		expect(payload(m.duplicate.events[0])).toMatchObject({ reason: 'duplicate', mergedInto: into.number });
		expect(payload(m.into.events[0]).merged).toMatchObject({ from: dup.number, comments: 1 });
		const comments = await t.db.select().from(ticketComments).where(eq(ticketComments.ticketId, into.id));
		expect(comments.map((c) => c.body)).toEqual(['It crashes with a quokka error']);
		const watchers = await t.db.select().from(ticketWatchers).where(eq(ticketWatchers.ticketId, into.id));
		expect(watchers.map((w) => w.accountId).sort()).toEqual([desk.lead.accountId, desk.requester.accountId].sort());
		// The search index followed the comment.
		expect((await searchTickets(agent, { q: 'quokka' })).items.map((i) => i.id)).toEqual([into.id]);
		expect((await err(mergeTickets(agent, dup.id, { intoId: into.id }))).status).toBe(409);
		expect((await err(mergeTickets(agent, into.id, { intoId: into.id }))).field).toBe('intoId');
	});
});
