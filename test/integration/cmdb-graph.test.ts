/** The CI page services: ciGraph (neighbourhood ≤ 3 hops), ciTickets, changesForCi. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { freshDb, type TestDb } from '../helpers/db';
import { makeDesk, type Desk } from '../helpers/desk';
import { codeOf, makeCi } from '../helpers/cmdb';
import { seedCmdb } from '../../src/lib/server/cmdb/classes';
import { createRelation } from '../../src/lib/server/cmdb/relations';
import { ciGraph } from '../../src/lib/server/cmdb/graph';
import { ciTickets } from '../../src/lib/server/cmdb/tickets';
import { changesForCi, createChange } from '../../src/lib/server/cmdb/changes';
import { createTicket } from '../../src/lib/server/tickets/service';
import type { CiView } from '../../src/lib/server/cmdb/items';

describe('CI page services', () => {
	let t: TestDb;
	let desk: Desk;
	const ci: Record<string, CiView> = {};
	const rel = (from: string, type: string, to: string) =>
		createRelation({ db: t.db, actor: desk.admin }, { fromCiId: ci[from].id, toCiId: ci[to].id, type });

	beforeAll(async () => {
		t = await freshDb('pglite');
		desk = await makeDesk(t.db);
		await seedCmdb(t.db);
		// svc → app → db → vm → host → san (a chain of 5 hops), host connected_to sw, app connected_to lb.
		for (const [name, classId] of [
			['svc', 'business_service'],
			['app', 'application'],
			['db', 'database'],
			['vm', 'virtual_machine'],
			['host', 'server'],
			['san', 'storage'],
			['sw', 'network_device'],
			['lb', 'network_device'],
			['lonely', 'application']
		]) {
			ci[name] = await makeCi(t.db, desk.admin, { name, classId });
		}
		await rel('svc', 'depends_on', 'app');
		await rel('app', 'depends_on', 'db');
		await rel('db', 'runs_on', 'vm');
		await rel('vm', 'hosted_on', 'host');
		await rel('host', 'depends_on', 'san');
		await rel('host', 'connected_to', 'sw');
		await rel('app', 'connected_to', 'lb');
	});
	afterAll(async () => t?.close());

	it('draws upstream and downstream up to 3 hops, direct connected_to neighbours as related', async () => {
		const g = await ciGraph({ db: t.db, actor: desk.agent }, ci.app.id);
		const byName = Object.fromEntries(g.nodes.map((n) => [n.name, [n.role, n.depth]]));
		expect(byName).toEqual({
			app: ['self', 0],
			svc: ['upstream', 1],
			db: ['downstream', 1],
			vm: ['downstream', 2],
			host: ['downstream', 3],
			lb: ['related', 1]
		});
		// san is 4 hops away; sw is connected to host, not to app.
		expect(g.truncated).toBe(false);
		const names = (id: string) => g.nodes.find((n) => n.id === id)!.name;
		expect(g.edges.map((e) => `${names(e.from)} ${e.type} ${names(e.to)}`).sort()).toEqual([
			'app connected_to lb',
			'app depends_on db',
			'db runs_on vm',
			'svc depends_on app',
			'vm hosted_on host'
		]);
		const shallow = await ciGraph({ db: t.db, actor: desk.agent }, ci.app.id, 1);
		expect(shallow.nodes.map((n) => n.name).sort()).toEqual(['app', 'db', 'lb', 'svc']);
	});

	it('caps the node count nearest first and says so', async () => {
		const g = await ciGraph({ db: t.db, actor: desk.agent }, ci.app.id, 3, 3);
		expect(g.truncated).toBe(true);
		expect(g.nodes.map((n) => n.name).sort()).toEqual(['app', 'db', 'svc']);
	});

	it('a CI without relations is a graph of one; unknown ids are 404, bad ids 400', async () => {
		const g = await ciGraph({ db: t.db, actor: desk.agent }, ci.lonely.id);
		expect([g.nodes.length, g.edges.length]).toEqual([1, 0]);
		expect(await codeOf(ciGraph({ db: t.db, actor: desk.agent }, '00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
		expect(await codeOf(ciGraph({ db: t.db, actor: desk.agent }, 'nope'))).toBe('INVALID');
		expect(await codeOf(ciGraph({ db: t.db, actor: desk.requester }, ci.app.id))).toBe('FORBIDDEN');
	});

	it('lists the tickets naming the CI, newest first; requesters without cmdb.read are refused', async () => {
		const mk = (title: string, ciId: string | null, at: number) =>
			createTicket({ db: t.db, actor: desk.agent }, { title, priority: 'P3', category: 'software', channel: 'phone', ciId }, at);
		await mk('older on app', ci.app.id, Date.UTC(2026, 0, 5, 9));
		await mk('newer on app', ci.app.id, Date.UTC(2026, 0, 6, 9));
		await mk('on db', ci.db.id, Date.UTC(2026, 0, 6, 10));
		await mk('on nothing', null, Date.UTC(2026, 0, 6, 11));
		const list = await ciTickets({ db: t.db, actor: desk.agent }, ci.app.id);
		expect(list.map((x) => x.title)).toEqual(['newer on app', 'older on app']);
		expect(list[0]).toMatchObject({ priority: 'P3', createdAt: '2026-01-06T09:00:00.000Z' });
		expect(await ciTickets({ db: t.db, actor: desk.agent }, ci.lonely.id)).toEqual([]);
		expect(await codeOf(ciTickets({ db: t.db, actor: desk.requester }, ci.app.id))).toBe('FORBIDDEN');
	});

	it('lists the changes that name the CI', async () => {
		const file = (title: string, ciIds: string[]) =>
			createChange(
				{ db: t.db, actor: desk.admin },
				{ title, type: 'standard', plannedStart: '2030-01-01T00:00:00Z', plannedEnd: '2030-01-01T01:00:00Z', items: ciIds.map((ciId) => ({ ciId })) }
			);
		const a = await file('touches app and db', [ci.app.id, ci.db.id]);
		await file('touches vm', [ci.vm.id]);
		expect((await changesForCi({ db: t.db, actor: desk.agent }, ci.db.id)).map((c) => c.id)).toEqual([a.id]);
		expect(await changesForCi({ db: t.db, actor: desk.agent }, ci.lonely.id)).toEqual([]);
	});
});
