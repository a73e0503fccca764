import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { createTicket, actOnTicket } from '../../src/lib/server/tickets/service';
import { mergeTickets } from '../../src/lib/server/tickets/edit';
import { getTicketPage } from '../../src/lib/server/tickets/page';
import { bulkAct } from '../../src/lib/server/tickets/bulk';
import { saveView, listSavedViews, deleteView } from '../../src/lib/server/tickets/views';
import { addAttachment } from '../../src/lib/server/tickets/attachments';
import type { Actor } from '../../src/lib/server/rbac/actor';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const MIN = 60_000;

async function err(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		return e as { code: string; message: string; field?: string; status: number };
	}
	throw new Error('expected an error');
}
async function* one(b: Buffer) {
	yield b;
}

describe.each(DRIVERS)('ticket page data, bulk actions, saved views on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let agent: { db: TestDb['db']; actor: Actor };
	let req: { db: TestDb['db']; actor: Actor };

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		agent = { db: t.db, actor: desk.agent };
		req = { db: t.db, actor: desk.requester };
	});
	afterAll(async () => t?.close());

	it('gives the header, clocks, timeline with comments, related tickets and the actions', async () => {
		const { ticket } = await createTicket(req, { title: 'VPN drops', description: 'every hour' }, T0);
		const other = await createTicket(req, { title: 'Other one' }, T0);
		const dup = await createTicket(req, { title: 'VPN drops again' }, T0);
		await actOnTicket(agent, ticket.id, { action: 'start' }, T0 + MIN);
		await actOnTicket(agent, ticket.id, { action: 'comment', body: 'Looking into it' }, T0 + 2 * MIN);
		const note = await actOnTicket(agent, ticket.id, { action: 'comment', body: 'Internal: firewall?', public: false, workMinutes: 10 }, T0 + 3 * MIN);
		await addAttachment(agent, ticket.id, { filename: 'fw.log', commentId: note.commentId }, one(Buffer.from('deny all')), { nowMs: T0 + 3 * MIN });
		await actOnTicket(agent, ticket.id, { action: 'escalate', reason: 'needs network team' }, T0 + 4 * MIN);
		await mergeTickets(agent, dup.ticket.id, { intoId: ticket.id }, T0 + 5 * MIN);

		const p = await getTicketPage(agent, ticket.number.toLowerCase(), { nowMs: T0 + 10 * MIN });
		expect(p.ticket).toMatchObject({ number: ticket.number, status: 'assigned', tier: 'L1', requester: { name: 'Requester' } });
		expect(p.clocks.map((c) => c.clock)).toEqual(['response', 'resolution']);
		expect(p.clocks[0]).toMatchObject({ done: true, met: true });
		expect(p.otherOpen.map((o) => o.id)).toEqual([other.ticket.id]);
		expect(p.related.duplicates.map((d) => d.id)).toEqual([dup.ticket.id]);
		// Newest first: the merge, then the escalation with its reason and kind…
		expect(p.timeline[0].type).toBe('ticket.updated');
		const esc = p.timeline.find((i) => i.type === 'ticket.escalated')!;
		expect(esc.details).toMatchObject({ kind: 'functional', reason: 'needs network team', toTier: 'L1' });
		const comments = p.timeline.filter((i) => i.comment).map((i) => [i.comment!.body, i.internal]);
		expect(comments).toEqual([
			['Internal: firewall?', true],
			['Looking into it', false]
		]);
		expect(p.timeline.some((i) => i.type === 'attachment.added' && i.internal)).toBe(true);
		const asc = await getTicketPage(agent, ticket.id, { nowMs: T0 + 10 * MIN, order: 'asc' });
		expect(asc.timeline[0].type).toBe('ticket.created');
		const states = Object.fromEntries(p.actions.map((a) => [a.action, a]));
		expect(states.start).toMatchObject({ enabled: true });
		expect(states.reopen).toMatchObject({ enabled: false, reason: { key: 'status', status: 'assigned' } });
		expect(states.resume.enabled).toBe(false);

		// The requester's page: no internal note, no internal attachment, no desk-only events.
		const mine = await getTicketPage(req, ticket.id, { nowMs: T0 + 10 * MIN });
		expect(JSON.stringify(mine)).not.toContain('firewall');
		expect(JSON.stringify(mine)).not.toContain('fw.log');
		expect(mine.timeline.every((i) => !i.internal)).toBe(true);
		expect(mine.timeline.map((i) => i.type)).not.toContain('ticket.escalated');
		expect(Object.fromEntries(mine.actions.map((a) => [a.action, a.enabled]))).toMatchObject({ start: false, comment: true, edit: false });
		// An id that is nobody's: the last digit changed (replacing it by a fixed '0' hit the ticket itself 1 time in 16).
		const unknown = other.ticket.id.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
		expect((await err(getTicketPage(req, unknown))).status).toBe(404);
	});

	it('bulk-assigns, sets priority and closes with a result per row', async () => {
		const a = (await createTicket(agent, { title: 'b1' }, T0)).ticket;
		const b = (await createTicket(agent, { title: 'b2' }, T0)).ticket;
		const c = (await createTicket(agent, { title: 'b3' }, T0)).ticket;
		await actOnTicket(agent, c.id, { action: 'resolve', code: 'fixed' }, T0);
		await actOnTicket(agent, c.id, { action: 'close' }, T0);
		const r = await bulkAct(agent, { op: 'assign', ids: [a.id, b.id, c.id], groupId: desk.groups.L2 }, T0 + MIN);
		expect(r).toMatchObject({ ok: 2, failed: 1 });
		expect(r.results[2]).toMatchObject({ id: c.id, ok: false, error: { status: 409 } });
		const pr = await bulkAct(agent, { op: 'priority', ids: [a.id, b.id], priority: 'P2', reason: 'outage' }, T0 + 2 * MIN);
		expect(pr.ok).toBe(2);
		expect((await err(bulkAct(agent, { op: 'priority', ids: [a.id], priority: 'P2' }))).field).toBe('reason');
		const cl = await bulkAct(agent, { op: 'close', ids: [a.id, c.id] }, T0 + 3 * MIN);
		expect(cl.results.map((x) => x.ok)).toEqual([true, false]);
		expect((await err(bulkAct(req, { op: 'close', ids: [a.id] }))).status).toBe(403);
	});

	it('saves personal views', async () => {
		const v = await saveView(agent, { name: 'My P1s', query: '?view=mine&priority=P1&cursor=abc' });
		expect(v.query).toBe('view=mine&priority=P1');
		expect((await err(saveView(agent, { name: 'My P1s', query: 'view=mine' }))).status).toBe(409);
		expect((await err(saveView(agent, { name: 'Bad', query: 'view=nope' }))).field).toBe('view');
		expect((await listSavedViews(agent)).map((x) => x.name)).toEqual(['My P1s']);
		expect(await listSavedViews({ db: t.db, actor: desk.lead })).toEqual([]);
		expect((await err(deleteView({ db: t.db, actor: desk.lead }, v.id))).status).toBe(404);
		await deleteView(agent, v.id);
		expect(await listSavedViews(agent)).toEqual([]);
	});
});
