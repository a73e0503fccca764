import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import { eq, sql } from 'drizzle-orm';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { createTicket } from '../../src/lib/server/tickets/service';
import { updateTicket } from '../../src/lib/server/tickets/edit';
import { createDeskTicket, findRequesters } from '../../src/lib/server/tickets/requesters';
import { attachDeskRealtime, forwardRelayedChanges } from '../../src/lib/server/realtime/desk';
import { accounts, roleGrants, tickets } from '../../schemas/postgres/index';
import { rowsOf } from '../../src/lib/server/db/index';
import type { Actor } from '../../src/lib/server/rbac/actor';
import type { QueueTicketChange } from '../../src/lib/realtime';

const NOW = Date.UTC(2026, 2, 2, 9, 30, 0);

async function err(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		return e as { code: string; message: string; field?: string; status: number };
	}
	throw new Error('expected an error');
}

describe.each(DRIVERS)('agent ticket creation on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let agent: { db: TestDb['db']; actor: Actor };

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		agent = { db: t.db, actor: desk.agent };
	});
	afterAll(async () => t?.close());

	it('creates the requester in place and records the call as the first response', async () => {
		const start = NOW - 6 * 60_000;
		const r = await createDeskTicket(
			agent,
			{
				title: 'Cannot log in to payroll',
				category: 'user_support',
				impact: 'medium',
				urgency: 'high',
				newRequester: { name: 'Zoé Martin', email: 'zoe.martin@corp.test', phone: '+33 1 23 45 67 89' },
				call: { startedAt: new Date(start).toISOString(), durationS: 240 }
			},
			NOW
		);
		expect(r.ticket).toMatchObject({ channel: 'phone', priority: 'P2', workS: 240, responseMet: true, requesterName: 'Zoé Martin' });
		expect(r.ticket.createdAt.getTime()).toBe(start);
		expect(r.ticket.firstResponseAt!.getTime()).toBe(start);
		expect(r.events.map((e) => e.type)).toEqual(['ticket.created', 'ticket.commented', 'ticket.work_logged']);
		expect(r.events[1]).toMatchObject({ response_s: 0, sla_clock: 'response', sla_met: 1 });
		expect(JSON.parse(r.events[1].payload).call).toEqual({ startedAt: new Date(start).toISOString(), durationS: 240 });
		const [acc] = await t.db.select().from(accounts).where(eq(accounts.id, r.ticket.requesterId!));
		expect(acc).toMatchObject({ name: 'Zoé Martin', phone: '+33 1 23 45 67 89', passwordHash: null });
		const grants = await t.db.select().from(roleGrants).where(eq(roleGrants.accountId, acc.id));
		expect(grants.map((g) => g.roleId)).toEqual(['requester']);
		// Lookup by name, email and phone digits however they are typed.
		for (const q of ['zoé', 'martin@corp', '23-45 67', '(1) 23 45 67 89']) {
			const hits = await findRequesters(agent, { q });
			expect(hits.map((h) => h.id), q).toContain(acc.id);
			expect(hits.find((h) => h.id === acc.id)?.openTickets).toBe(1);
		}
	});

	it('validates the call and rolls back the new requester on any error', async () => {
		const before = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from accounts`))[0].n;
		expect((await err(createDeskTicket(agent, { title: 'x', call: { startedAt: new Date(NOW + 3_600_000).toISOString(), durationS: 1 } }, NOW))).field).toBe('call.startedAt');
		expect((await err(createDeskTicket(agent, { title: 'x', channel: 'email', call: { startedAt: new Date(NOW).toISOString(), durationS: 1 } }, NOW))).field).toBe('channel');
		const e = await err(createDeskTicket(agent, { title: '', newRequester: { name: 'New', email: 'new@corp.test' } }, NOW));
		expect(e.field).toBe('title');
		const dup = await err(createDeskTicket(agent, { title: 'ok', newRequester: { name: 'Dup', email: 'AGENT@desk.test' } }, NOW));
		expect(dup.status).toBe(409);
		expect(rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from accounts`))[0].n).toBe(before);
		expect((await t.db.select().from(tickets).where(eq(tickets.title, 'ok'))).length).toBe(0);
		expect((await err(createDeskTicket({ db: t.db, actor: desk.requester }, { title: 'x' }, NOW))).status).toBe(403);
		expect((await err(findRequesters({ db: t.db, actor: desk.requester }, { q: 'zoe' }))).status).toBe(403);
	});
});

describe.each(DRIVERS)('live queues over socket.io on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let server: http.Server;
	let io: Server;
	let detach: () => void;
	let url: string;
	const sockets: Socket[] = [];

	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
		server = http.createServer();
		io = new Server(server);
		const actors: Record<string, Actor> = { agent: desk.agent, lead: desk.lead, requester: desk.requester };
		// Stands in for the hub's handshake authentication (session cookie → actor).
		io.use((s, next) => {
			s.data.actor = actors[(s.handshake.auth as { who: string }).who];
			next();
		});
		detach = attachDeskRealtime(io as never);
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
	});
	afterAll(async () => {
		for (const s of sockets) s.disconnect();
		detach?.();
		io?.close();
		await t?.close();
	});

	async function join(who: string, groups: string[]) {
		const s = connect(url, { auth: { who }, transports: ['websocket'], forceNew: true });
		sockets.push(s);
		const got: QueueTicketChange[] = [];
		s.on('queue:ticket', (c) => got.push(c));
		const ack = await new Promise<{ ok: boolean; joined?: string[]; error?: string }>((r) => s.emit('queue:join', groups, r));
		return { s, got, ack };
	}
	const until = async (f: () => boolean, ms = 1000) => {
		const t0 = Date.now();
		while (!f()) {
			if (Date.now() - t0 > ms) return false;
			await new Promise((r) => setTimeout(r, 10));
		}
		return true;
	};

	it('pushes a new or moved ticket to the rooms of its groups within a second, after the permission check', async () => {
		const l1 = await join('agent', [desk.groups.L1]);
		const l2 = await join('lead', [desk.groups.L2]);
		const l3 = await join('agent', [desk.groups.L3]);
		const req = await join('requester', [desk.groups.L1]);
		expect(l1.ack).toEqual({ ok: true, joined: [desk.groups.L1] });
		expect(req.ack.ok).toBe(false);
		const t0 = Date.now();
		const { ticket } = await createTicket({ db: t.db, actor: desk.agent }, { title: 'Live one', groupId: desk.groups.L1 });
		expect(await until(() => l1.got.length === 1)).toBe(true);
		expect(Date.now() - t0).toBeLessThan(1000);
		expect(l1.got[0]).toMatchObject({ id: ticket.id, types: ['ticket.created'], status: 'assigned', version: 1 });
		await updateTicket({ db: t.db, actor: desk.agent }, ticket.id, { groupId: desk.groups.L2 });
		expect(await until(() => l1.got.length === 2 && l2.got.length === 1)).toBe(true);
		expect(l2.got[0]).toMatchObject({ id: ticket.id, version: 2, types: ['ticket.updated'] });
		await new Promise((r) => setTimeout(r, 100));
		expect(l3.got).toEqual([]);
		expect(req.got).toEqual([]);
	});

	it('forwards system and monitoring changes from relay flushes, not those of people (published directly)', async () => {
		const l1 = await join('agent', [desk.groups.L1]);
		const row = (id: string, kind: string) => ({ ticket_id: id, ticket_number: 'INC-9', actor_kind: kind, group_id: desk.groups.L1, agent_id: '', status: 'new', priority: 'P1', at: new Date().toISOString(), type: 'ticket.created' });
		forwardRelayedChanges(io as never, [
			{ topic: 'ticket_events', rows: [row('00000000-0000-4000-8000-000000000001', 'monitoring'), row('00000000-0000-4000-8000-000000000002', 'agent')] },
			{ topic: 'alert_events', rows: [{ any: 1 }] }
		]);
		expect(await until(() => l1.got.length === 1)).toBe(true);
		await new Promise((r) => setTimeout(r, 100));
		expect(l1.got.map((c) => c.id)).toEqual(['00000000-0000-4000-8000-000000000001']);
		expect(l1.got[0]).toMatchObject({ version: 0, types: ['ticket.created'] });
	});
});
