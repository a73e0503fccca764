import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { createTicket, actOnTicket } from '../../src/lib/server/tickets/service';
import { listQueue, queueCounts, queueQueryFromParams } from '../../src/lib/server/tickets/queue';
import { searchTickets } from '../../src/lib/server/tickets/search';
import { createAccount, loadAccountActor } from '../../src/lib/server/rbac/accounts';
import type { Actor } from '../../src/lib/server/rbac/actor';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0); // Monday 2 March 2026, 10:00 in Paris
const MIN = 60_000;

async function err(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		return e as { code: string; message: string; field?: string; status: number };
	}
	throw new Error('expected an error');
}

const hits = (segs: { text: string; hit: boolean }[]) => segs.filter((s) => s.hit).map((s) => s.text.toLowerCase());

describe.each(DRIVERS)('agent queues on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let agent: { db: TestDb['db']; actor: Actor };
	let other: Actor; // an agent in no group
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		agent = { db: t.db, actor: desk.agent };
		const o = await createAccount({ db: t.db, actor: desk.admin }, { email: 'other@desk.test', name: 'Other', roles: ['agent'], tier: 'L1' });
		other = (await loadAccountActor(t.db, o.id))!;
		const mk = async (key: string, input: Record<string, unknown>, at = T0) => (ids[key] = (await createTicket(agent, input, at)).ticket.id);
		await mk('p1', { title: 'Core router down', priority: 'P1', category: 'network', groupId: desk.groups.L1, channel: 'phone' });
		await mk('p3mine', { title: 'Slow laptop', priority: 'P3', category: 'hardware', groupId: desk.groups.L1, agentId: desk.agent.accountId });
		await mk('p4', { title: 'New mouse', priority: 'P4', type: 'service_request', category: 'service_request' });
		await mk('pending', { title: 'Waiting on vendor', priority: 'P2', groupId: desk.groups.L2 });
		await actOnTicket(agent, ids.pending, { action: 'start' }, T0 + MIN);
		await actOnTicket(agent, ids.pending, { action: 'pend', reason: 'vendor' }, T0 + 2 * MIN);
		await mk('done', { title: 'Password reset', priority: 'P4', groupId: desk.groups.L0 });
		await actOnTicket(agent, ids.done, { action: 'resolve', code: 'fixed' }, T0 + 3 * MIN);
		await mk('req', { title: 'My printer jams', priority: 'P3' });
		for (let i = 0; i < 7; i++) await mk(`bulk${i}`, { title: `Bulk ${i}`, priority: i % 2 ? 'P3' : 'P2', groupId: desk.groups.L3 }, T0 + i * MIN);
	});
	afterAll(async () => t?.close());

	it('opens on SLA due first, with the remaining business time coloured like the SLA events', async () => {
		const r = await listQueue(agent, {}, T0 + 10 * MIN);
		expect(r.view).toBe('all_open');
		expect(r.sort).toBe('sla');
		expect(r.items[0].id).toBe(ids.p1);
		// P1 (24×7): response due in 15 min; at +10 min 5 min remain, 2/3 used → warning50.
		expect(r.items[0].sla).toMatchObject({ clock: 'response', remainingS: 300, level: 'warning50', paused: false });
		// Paused ticket sorts last, its clock shown paused; resolved ones are not in "all open".
		expect(r.items[r.items.length - 1].id).toBe(ids.pending);
		expect(r.items[r.items.length - 1].sla?.paused).toBe(true);
		expect(r.items.map((i) => i.id)).not.toContain(ids.done);
		const due = r.items.filter((i) => i.status !== 'pending').map((i) => Date.parse(i.sla!.dueAt));
		expect(due).toEqual([...due].sort((a, b) => a - b));
	});

	it('has the views with their counts', async () => {
		const now = T0 + 50 * MIN;
		const counts = await queueCounts(agent, now);
		const open = Object.keys(ids).length - 1; // all but the resolved one
		expect(counts).toMatchObject({ mine: 2, all_open: open, resolved: 1 });
		// "pending" was started by the agent (start takes it) → mine; p3mine assigned.
		const mine = await listQueue(agent, { view: 'mine' }, now);
		expect(mine.items.map((i) => i.id).sort()).toEqual([ids.p3mine, ids.pending].sort());
		// P1 response due at +15 min: breaching (overdue) and first; P2 responses due within the
		// hour too; P3/P4 (business days) and the paused ticket are not.
		const breaching = await listQueue(agent, { view: 'breaching' }, now);
		expect(breaching.items[0].id).toBe(ids.p1);
		expect(breaching.items[0].sla?.level).toBe('breached');
		expect(breaching.items.every((i) => Date.parse(i.sla!.dueAt) < now + 3_600_000)).toBe(true);
		expect(breaching.items.map((i) => i.id)).not.toContain(ids.p4);
		expect(breaching.items.map((i) => i.id)).not.toContain(ids.pending);
		expect(breaching.items.map((i) => i.priority).sort().join()).toMatch(/^P1(,P2)*$/);
		expect(counts.breaching).toBe(breaching.items.length);
		const unassigned = await listQueue(agent, { view: 'unassigned' }, now);
		expect(unassigned.items.map((i) => i.id)).toContain(ids.p4); // no group yet: the triage pool
		expect(unassigned.items.map((i) => i.id)).not.toContain(ids.p3mine);
		expect(counts.unassigned).toBe(unassigned.items.length);
		const resolved = await listQueue(agent, { view: 'resolved' }, now);
		expect(resolved.items.map((i) => i.id)).toEqual([ids.done]);
		// Another agent in no group: nothing in "my groups", only group-less tickets unassigned.
		const otherCtx = { db: t.db, actor: other };
		expect((await listQueue(otherCtx, { view: 'my_groups' }, now)).items).toEqual([]);
		const ou = await listQueue(otherCtx, { view: 'unassigned' }, now);
		expect(ou.items.every((i) => i.groupId === null)).toBe(true);
		expect((await queueCounts(otherCtx, now)).my_groups).toBe(0);
	});

	it('filters by every field and by text', async () => {
		const now = T0 + 10 * MIN;
		const ids_ = async (q: Record<string, unknown>) => (await listQueue(agent, q, now)).items.map((i) => i.id);
		expect(await ids_({ priority: ['P1'] })).toEqual([ids.p1]);
		expect(await ids_({ channel: ['phone'] })).toEqual([ids.p1]);
		expect(await ids_({ type: ['service_request'] })).toEqual([ids.p4]);
		expect(await ids_({ category: ['hardware'] })).toEqual([ids.p3mine]);
		expect((await ids_({ group: [desk.groups.L3] })).length).toBe(7);
		expect(await ids_({ group: ['none'], priority: ['P4'] })).toEqual([ids.p4]);
		expect(await ids_({ assignee: [desk.agent.accountId!], status: ['assigned'] })).toEqual([ids.p3mine]);
		expect(await ids_({ tier: ['L0'], q: 'printer' })).toEqual([ids.req]);
		expect(await ids_({ from: new Date(T0 + 5 * MIN).toISOString() })).toHaveLength(2);
		expect(await ids_({ requester: ['00000000-0000-4000-8000-000000000000'] })).toEqual([]);
		// Query-string form.
		expect(queueQueryFromParams(new URLSearchParams('priority=P1,P2&priority=P3&view=mine&q=a,b'))).toEqual({
			priority: ['P1', 'P2', 'P3'],
			view: 'mine',
			q: 'a,b'
		});
		expect((await err(listQueue(agent, { view: 'everything' }))).field).toBe('view');
		expect((await err(listQueue(agent, { priority: ['P9'] }))).field).toBe('priority.0');
	});

	it('pages by keyset: the pages join into the whole list, with no repeats', async () => {
		const now = T0 + 10 * MIN;
		for (const sort of ['sla', 'updated', 'created'] as const) {
			const whole = (await listQueue(agent, { sort, limit: 200 }, now)).items.map((i) => i.id);
			const seen: string[] = [];
			let cursor: string | undefined;
			for (let n = 0; n < 20; n++) {
				const p = await listQueue(agent, { sort, limit: 3, cursor }, now, { withCounts: false });
				seen.push(...p.items.map((i) => i.id));
				if (!p.nextCursor) break;
				cursor = p.nextCursor;
			}
			expect(seen).toEqual(whole);
		}
		const e = await err(listQueue(agent, { cursor: 'garbage' }, now));
		expect(e.status).toBe(400);
		expect(e.field).toBe('cursor');
	});

	it('shows requesters only their own tickets', async () => {
		const reqCtx = { db: t.db, actor: desk.requester };
		const { ticket } = await createTicket(reqCtx, { title: 'My own screen flickers' }, T0);
		const r = await listQueue(reqCtx, {}, T0 + MIN);
		expect(r.items.map((i) => i.id)).toEqual([ticket.id]);
		expect(r.counts?.all_open).toBe(1);
	});
});

describe.each(DRIVERS)('full-text search on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let agent: { db: TestDb['db']; actor: Actor };
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		agent = { db: t.db, actor: desk.agent };
		const req = { db: t.db, actor: desk.requester };
		ids.fr = (await createTicket(req, { title: 'Les imprimantes sont bloquées', description: "Depuis ce matin, aucune impression ne sort de l'imprimante du 3e étage.", language: 'fr' }, T0)).ticket.id;
		ids.es = (await createTicket(agent, { title: 'Las impresoras están bloqueadas', language: 'es' }, T0)).ticket.id;
		ids.en = (await createTicket(agent, { title: 'Printers jammed on floor two', description: 'Paper keeps jamming', language: 'en' }, T0)).ticket.id;
		await actOnTicket(agent, ids.fr, { action: 'comment', body: 'La cartouche de toner est vide, commande passée.' }, T0 + MIN);
		await actOnTicket(agent, ids.fr, { action: 'comment', body: 'Note interne : fournisseur Zorglub très lent.', public: false }, T0 + 2 * MIN);
	});
	afterAll(async () => t?.close());

	it('stems by the ticket language (French, Spanish, English) and highlights the words', async () => {
		const fr = await searchTickets(agent, { q: 'imprimante bloquée' });
		expect(fr.items[0].id).toBe(ids.fr);
		expect(hits(fr.items[0].titleHl)).toEqual(['imprimantes', 'bloquées']);
		expect(fr.items[0].titleHl.map((s) => s.text).join('')).toBe('Les imprimantes sont bloquées');
		const es = await searchTickets(agent, { q: 'impresora' });
		expect(es.items.map((i) => i.id)).toEqual([ids.es]);
		const en = await searchTickets(agent, { q: 'printer jam' });
		expect(en.items.map((i) => i.id)).toEqual([ids.en]);
		expect(hits(en.items[0].titleHl)).toEqual(['printers', 'jammed']);
	});

	it('searches comments, keeps internal notes to agents, and finds numbers', async () => {
		const toner = await searchTickets(agent, { q: 'toner' });
		expect(toner.items.map((i) => i.id)).toEqual([ids.fr]);
		expect(toner.items[0].snippetFrom).toBe('comment');
		expect(hits(toner.items[0].snippet)).toEqual(['toner']);
		expect((await searchTickets(agent, { q: 'zorglub' })).items.map((i) => i.id)).toEqual([ids.fr]);
		const req = { db: t.db, actor: desk.requester };
		expect((await searchTickets(req, { q: 'toner' })).items.map((i) => i.id)).toEqual([ids.fr]);
		expect((await searchTickets(req, { q: 'zorglub' })).items).toEqual([]);
		// Requesters search only their own tickets.
		expect((await searchTickets(req, { q: 'printer' })).items).toEqual([]);
		const { ticket } = await createTicket(agent, { title: 'Anything' }, T0);
		const byNumber = await searchTickets(agent, { q: ticket.number.toLowerCase() });
		expect(byNumber.items.map((i) => i.id)).toEqual([ticket.id]);
		expect((await err(searchTickets(agent, { q: '' }))).field).toBe('q');
	});

	it('ranks the better match first', async () => {
		await createTicket(agent, { title: 'Printer driver', description: 'printer printer printer: the printer queue is stuck', language: 'en' }, T0);
		const r = await searchTickets(agent, { q: 'printer' });
		expect(r.items).toHaveLength(2);
		expect(r.items[0].rank).toBeGreaterThanOrEqual(r.items[1].rank);
		expect(r.items[0].title).toBe('Printer driver');
	});
});
