// Issue 18, Low: what a requester may not do on tickets — post internal notes, see which staff
// member wrote, set channel/source/priority/tier, link parents or CIs they cannot see.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { makeDesk, type Desk } from '../../helpers/desk';
import { makeCi } from '../../helpers/cmdb';
import { seedReferenceData } from '../../../src/lib/server/seed';
import { createTicket, actOnTicket } from '../../../src/lib/server/tickets/service';
import { getTicket, listTickets, ticketForActor } from '../../../src/lib/server/tickets/query';
import { listQueue } from '../../../src/lib/server/tickets/queue';
import { getTicketPage } from '../../../src/lib/server/tickets/page';
import { createAccount, loadAccountActor } from '../../../src/lib/server/rbac/accounts';
import type { Actor } from '../../../src/lib/server/rbac/actor';
import type { DomainError } from '../../../src/lib/server/errors';

const err = (p: Promise<unknown>) => p.then(() => null, (e) => e as DomainError);

describe.each(DRIVERS)('requester limits on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	let other: Actor;
	const as = (actor: Actor) => ({ db: t.db, actor });

	beforeAll(async () => {
		t = await freshDb(driver);
		await seedReferenceData(t.db);
		desk = await makeDesk(t.db);
		const o = await createAccount(as(desk.admin), { email: 'other@desk.test', name: 'Other', roles: ['requester'], password: 'other-pass-1' });
		other = (await loadAccountActor(t.db, o.id))!;
	});
	afterAll(async () => t?.close());

	it('channel, source, priority and tier are the desk’s to set', async () => {
		const { ticket } = await createTicket(as(desk.requester), { title: 'Printer', channel: 'monitoring', source: 'zabbix', priority: 'P1', tier: 'L3' });
		expect(ticket).toMatchObject({ channel: 'portal', source: null, priority: 'P3', tier: 'L0', requesterId: desk.requester.accountId });
		const agent = await createTicket(as(desk.agent), { title: 'Phone call', channel: 'phone', priority: 'P2' });
		expect(agent.ticket).toMatchObject({ channel: 'phone', priority: 'P2' });
	});

	it('cannot post an internal note on their own ticket (403); public comments still work', async () => {
		const { ticket } = await createTicket(as(desk.requester), { title: 'VPN' });
		const e = await err(actOnTicket(as(desk.requester), ticket.id, { action: 'comment', body: 'psst', public: false }));
		expect(e?.code).toBe('FORBIDDEN');
		await actOnTicket(as(desk.requester), ticket.id, { action: 'comment', body: 'any news?' });
	});

	it('sees that the desk answered, not which staff member, and no internal notes', async () => {
		const { ticket } = await createTicket(as(desk.requester), { title: 'Laptop' });
		await actOnTicket(as(desk.agent), ticket.id, { action: 'comment', body: 'On it', public: true });
		await actOnTicket(as(desk.agent), ticket.id, { action: 'comment', body: 'user is difficult', public: false });
		await actOnTicket(as(desk.requester), ticket.id, { action: 'comment', body: 'thanks' });
		const view = await getTicket(as(desk.requester), ticket.id);
		expect(view.comments.map((c) => [c.body, c.authorLabel, c.authorId])).toEqual([
			['On it', 'Service desk', null],
			['thanks', desk.requester.label, desk.requester.accountId]
		]);
		const blob = JSON.stringify(view);
		expect(blob).not.toContain(desk.agent.label);
		expect(blob).not.toContain('user is difficult');
		// Staff keep the full picture.
		const staff = await getTicket(as(desk.agent), ticket.id);
		expect(staff.comments.map((c) => c.authorLabel)).toContain(desk.agent.label);
	});

	it('cannot link a parent ticket that is not theirs, nor any CI; agents can link what exists', async () => {
		const mine = await createTicket(as(desk.requester), { title: 'Mine' });
		const theirs = await createTicket(as(other), { title: 'Theirs' });
		const ci = await makeCi(t.db, desk.admin);
		const e1 = await err(createTicket(as(desk.requester), { title: 'child', parentId: theirs.ticket.id }));
		expect([e1?.code, e1?.field]).toEqual(['INVALID', 'parentId']);
		const child = await createTicket(as(desk.requester), { title: 'child', parentId: mine.ticket.id });
		expect(child.ticket.parentId).toBe(mine.ticket.id);
		expect((await err(createTicket(as(desk.requester), { title: 'ci', ciId: ci.id })))?.code).toBe('FORBIDDEN');
		const agentLinked = await createTicket(as(desk.agent), { title: 'ci', ciId: ci.id, parentId: theirs.ticket.id });
		expect(agentLinked.ticket.ciId).toBe(ci.id);
		const e2 = await err(createTicket(as(desk.agent), { title: 'ghost', ciId: '00000000-0000-4000-8000-000000000000' }));
		expect([e2?.code, e2?.field]).toEqual(['INVALID', 'ciId']);
	});

	it('sees no staff ids or names (agent, group) nor the CI in any read of their ticket; staff do', async () => {
		const ci = await makeCi(t.db, desk.admin);
		const { ticket } = await createTicket(as(desk.requester), { title: 'Monitor flickers' });
		await actOnTicket(as(desk.agent), ticket.id, { action: 'assign', groupId: desk.groups.L1, agentId: desk.agent.accountId });
		await actOnTicket(as(desk.agent), ticket.id, { action: 'start' });
		const { updateTicket } = await import('../../../src/lib/server/tickets/edit');
		const cur = await getTicket(as(desk.agent), ticket.id);
		await updateTicket(as(desk.agent), ticket.id, { ciId: ci.id, version: cur.ticket.version });
		const { addAttachment } = await import('../../../src/lib/server/tickets/attachments');
		await addAttachment(as(desk.agent), ticket.id, { filename: 'fix.txt', public: true }, (async function* () { yield Buffer.from('try this'); })());
		const secrets = [desk.agent.accountId!, desk.groups.L1, desk.agent.label, 'L1 team', ci.id];
		const reads = {
			get: await getTicket(as(desk.requester), ticket.id),
			list: await listTickets(as(desk.requester), {}),
			queue: await listQueue(as(desk.requester), { view: 'all_open' }),
			page: await getTicketPage(as(desk.requester), ticket.number),
			comment: ticketForActor(desk.requester, (await actOnTicket(as(desk.requester), ticket.id, { action: 'comment', body: 'still flickering' })).ticket)
		};
		expect(reads.page.attachments.map((a) => a.filename)).toEqual(['fix.txt']);
		for (const [name, read] of Object.entries(reads)) {
			const blob = JSON.stringify(read);
			expect(blob, name).toContain(ticket.id);
			for (const secret of secrets) expect(blob.includes(secret), `${name} leaks ${secret}`).toBe(false);
		}
		// The desk keeps the full picture.
		const staff = JSON.stringify([await getTicket(as(desk.agent), ticket.id), await getTicketPage(as(desk.agent), ticket.number)]);
		for (const secret of secrets) expect(staff).toContain(secret);
	});
});
