import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { cmdbActors, makeCi, codeOf, type CmdbActors } from '../helpers/cmdb';
import { auditLog, ciRelations } from '../../schemas/postgres/index';
import { rowsOf } from '../../src/lib/server/db/index';
import { createCi, deleteCi, getCi, searchCis, updateCi } from '../../src/lib/server/cmdb/items';
import { addIdentity, findCiByIdentity, removeIdentity } from '../../src/lib/server/cmdb/identities';
import { createRelation, deleteRelation } from '../../src/lib/server/cmdb/relations';
import { analyzeImpact, impactOf } from '../../src/lib/server/cmdb/impact';
import { ciHistory, restoreCiAttributes } from '../../src/lib/server/cmdb/history';
import { defineClass, validateAttributes, BUILTIN_CLASSES } from '../../src/lib/server/cmdb/classes';
import type { DomainError } from '../../src/lib/server/errors';

describe('class attribute specs (pure)', () => {
	const spec = BUILTIN_CLASSES.server.spec;
	it.each([
		[{}, 'attributes.os: is required (class server)'],
		[{ os: 'beos' }, 'attributes.os: must be one of linux, windows, aix, solaris, bsd, other (class server)'],
		[{ os: 'linux', cpu_cores: 2.5 }, 'attributes.cpu_cores: must be an integer (class server)'],
		[{ os: 'linux', cpu_cores: 0 }, 'attributes.cpu_cores: must be ≥ 1 (class server)'],
		[{ os: 'linux', memory_gb: '16' }, 'attributes.memory_gb: must be a number (class server)'],
		[{ os: 'linux', ip_address: '10.0.0.300' }, 'attributes.ip_address: must be an IPv4 or IPv6 address (class server)'],
		[{ os: 'linux', colour: 'red' }, 'attributes.colour: is not an attribute of this class (class server)']
	])('%j → 422 %s', (attrs, message) => {
		let err: DomainError | undefined;
		try {
			validateAttributes('server', spec, attrs);
		} catch (e) {
			err = e as DomainError;
		}
		expect(err?.code).toBe('UNPROCESSABLE');
		expect(err?.status).toBe(422);
		expect(err?.message).toBe(message);
		expect(err?.field).toMatch(/^attributes\./);
	});
	it('accepts valid attributes and drops empty values', () => {
		expect(validateAttributes('server', spec, { os: 'linux', cpu_cores: 8, ip_address: '10.1.2.3', serial_number: '' })).toEqual({
			os: 'linux',
			cpu_cores: 8,
			ip_address: '10.1.2.3'
		});
	});
});

describe.each(DRIVERS)('cmdb items, identities, relations, impact on %s', (driver) => {
	let t: TestDb;
	let a: CmdbActors;
	const ctx = () => ({ db: t.db, actor: a.admin });

	beforeAll(async () => {
		t = await freshDb(driver);
		a = await cmdbActors(t.db);
	});
	afterAll(async () => t?.close());

	const auditCount = async () => rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from audit_log`))[0].n;

	it('creates, reads and searches a CI; checks permissions first', async () => {
		const ci = await createCi(ctx(), {
			name: 'web01',
			classId: 'server',
			criticality: 2,
			location: 'DC1',
			attributes: { os: 'linux', cpu_cores: 8 },
			identities: [
				{ kind: 'hostname', value: 'WEB01.' },
				{ kind: 'ip', value: ' 10.0.0.1 ' }
			]
		});
		expect(ci).toMatchObject({ name: 'web01', classId: 'server', status: 'active', criticality: 2 });
		expect(ci.identities).toEqual([
			{ kind: 'hostname', value: 'web01' },
			{ kind: 'ip', value: '10.0.0.1' }
		]);
		expect((await getCi({ db: t.db, actor: a.agent }, ci.id)).name).toBe('web01');
		const found = await searchCis({ db: t.db, actor: a.agent }, { q: 'WEB0' });
		expect(found.items.map((i) => i.id)).toContain(ci.id);
		expect((await searchCis(ctx(), { q: '10.0.0.1' })).items.map((i) => i.id)).toEqual([ci.id]);
		expect(await codeOf(createCi({ db: t.db, actor: a.agent }, { name: 'x', classId: 'application' }))).toBe('FORBIDDEN');
		expect(await codeOf(getCi({ db: t.db, actor: a.requester }, ci.id))).toBe('FORBIDDEN');
		expect(await codeOf(getCi({ db: t.db, actor: null }, ci.id))).toBe('UNAUTHENTICATED');
		expect(await codeOf(getCi(ctx(), '00000000-0000-0000-0000-000000000000'))).toBe('NOT_FOUND');
	});

	it('rejects attributes that break the class spec with a 422 naming the attribute', async () => {
		const e = await createCi(ctx(), { name: 'db1', classId: 'database', attributes: { engine: 'postgresql', port: 70000 } }).catch((e) => e);
		expect(e.code).toBe('UNPROCESSABLE');
		expect(e.field).toBe('attributes.port');
		expect(e.message).toContain('attributes.port');
		const e2 = await createCi(ctx(), { name: 'x', classId: 'spaceship' }).catch((e) => e);
		expect(e2.code).toBe('UNPROCESSABLE');
		expect(e2.message).toContain('unknown class "spaceship"');
		const e3 = await createCi(ctx(), { name: '', classId: 'application' }).catch((e) => e);
		expect(e3.code).toBe('INVALID');
		expect(e3.field).toBe('name');
		const e4 = await createCi(ctx(), { name: 'x', classId: 'application', criticality: 5 }).catch((e) => e);
		expect(e4.code).toBe('INVALID');
		expect(e4.field).toBe('criticality');
	});

	it('supports custom classes', async () => {
		await defineClass(ctx(), { id: 'ups', label: 'UPS', spec: { fields: { va: { type: 'integer', required: true } } } });
		expect(await codeOf(defineClass(ctx(), { id: 'server', label: 'again', spec: { fields: {} } }))).toBe('CONFLICT');
		const e = await createCi(ctx(), { name: 'ups1', classId: 'ups', attributes: {} }).catch((e) => e);
		expect(e.field).toBe('attributes.va');
		expect((await createCi(ctx(), { name: 'ups1', classId: 'ups', attributes: { va: 3000 } })).attributes).toEqual({ va: 3000 });
	});

	it('rejects a duplicate monitoring identity with a 409 naming it, and rolls back', async () => {
		await makeCi(t.db, a.admin, { name: 'mon-a', identities: [{ kind: 'fqdn', value: 'app.example.com' }] });
		const before = await auditCount();
		const e = await makeCi(t.db, a.admin, { name: 'mon-b', identities: [{ kind: 'fqdn', value: 'APP.example.com.' }] }).catch((e) => e);
		expect(e.code).toBe('CONFLICT');
		expect(e.message).toContain('fqdn=app.example.com');
		expect(e.message).toContain('mon-a');
		expect((await searchCis(ctx(), { q: 'mon-b' })).total).toBe(0);
		expect(await auditCount()).toBe(before);
		// The same value under another kind is a different identity.
		const other = await makeCi(t.db, a.admin, { name: 'mon-c', identities: [{ kind: 'hostname', value: 'app.example.com' }] });
		const e2 = await addIdentity(ctx(), { ciId: other.id, kind: 'fqdn', value: 'app.example.com' }).catch((e) => e);
		expect(e2.code).toBe('CONFLICT');
	});

	it('resolves monitoring candidates to a CI in one query, most specific candidate first', async () => {
		const ci = await makeCi(t.db, a.admin, {
			name: 'lookup',
			identities: [
				{ kind: 'solarwinds_node_id', value: '4711' },
				{ kind: 'prometheus_instance', value: 'Lookup:9100' }
			]
		});
		expect(await findCiByIdentity(t.db, ['nothing', 'LOOKUP:9100'])).toEqual({ ciId: ci.id, kind: 'prometheus_instance', value: 'lookup:9100' });
		expect(await findCiByIdentity(t.db, ['4711', 'lookup:9100'])).toMatchObject({ kind: 'solarwinds_node_id' });
		expect(await findCiByIdentity(t.db, ['none', ''])).toBeNull();
		expect(await findCiByIdentity(t.db, [])).toBeNull();
		await addIdentity(ctx(), { ciId: ci.id, kind: 'ip', value: '192.168.7.7' });
		expect((await findCiByIdentity(t.db, ['192.168.7.7']))?.ciId).toBe(ci.id);
		await removeIdentity(ctx(), { ciId: ci.id, kind: 'ip', value: '192.168.7.7' });
		expect(await findCiByIdentity(t.db, ['192.168.7.7'])).toBeNull();
	});

	it('refuses duplicate relations (409) and self-loops', async () => {
		const x = await makeCi(t.db, a.admin, { name: 'rel-x' });
		const y = await makeCi(t.db, a.admin, { name: 'rel-y' });
		const r = await createRelation(ctx(), { fromCiId: x.id, toCiId: y.id, type: 'depends_on' });
		const e = await createRelation(ctx(), { fromCiId: x.id, toCiId: y.id, type: 'depends_on' }).catch((e) => e);
		expect(e.code).toBe('CONFLICT');
		expect(e.message).toBe('Relation "rel-x" depends_on "rel-y" already exists');
		// Another type between the same pair is fine.
		await createRelation(ctx(), { fromCiId: x.id, toCiId: y.id, type: 'connected_to' });
		expect(await codeOf(createRelation(ctx(), { fromCiId: x.id, toCiId: x.id, type: 'depends_on' }))).toBe('UNPROCESSABLE');
		expect(await codeOf(createRelation(ctx(), { fromCiId: x.id, toCiId: y.id, type: 'likes' }))).toBe('INVALID');
		expect(await codeOf(createRelation({ db: t.db, actor: a.agent }, { fromCiId: y.id, toCiId: x.id, type: 'depends_on' }))).toBe('FORBIDDEN');
		await deleteRelation(ctx(), r.id);
		expect(await codeOf(deleteRelation(ctx(), r.id))).toBe('NOT_FOUND');
	});

	it('analyzes impact on a graph with cycles, at minimum depth', async () => {
		// svc (business service) ← app (runs_on) vm (hosted_on) host; db part_of… cycle app ⇄ cache.
		const mk = (name: string, classId: string) => makeCi(t.db, a.admin, { name, classId });
		const svc = await mk('imp-svc', 'business_service');
		const svc2 = await mk('imp-svc2', 'business_service');
		const app = await mk('imp-app', 'application');
		const cache = await mk('imp-cache', 'application');
		const vm = await mk('imp-vm', 'virtual_machine');
		const host = await mk('imp-host', 'server');
		const sw = await mk('imp-switch', 'network_device');
		const rel = (fromCiId: string, toCiId: string, type: string) => createRelation(ctx(), { fromCiId, toCiId, type });
		await rel(svc.id, app.id, 'depends_on');
		await rel(app.id, svc2.id, 'part_of'); // svc2 is made of app: svc2 relies on app
		await rel(app.id, cache.id, 'depends_on');
		await rel(cache.id, app.id, 'depends_on'); // cycle
		await rel(app.id, vm.id, 'runs_on');
		await rel(vm.id, host.id, 'hosted_on');
		await rel(host.id, vm.id, 'depends_on'); // another cycle
		await rel(host.id, sw.id, 'connected_to'); // not traversed

		const up = await analyzeImpact({ db: t.db, actor: a.agent }, { ciId: host.id, direction: 'upstream' });
		expect(up.items.map((i) => [i.name, i.depth])).toEqual([
			['imp-vm', 1],
			['imp-app', 2],
			['imp-cache', 3],
			['imp-svc', 3],
			['imp-svc2', 3]
		]);
		expect(up.businessServices.map((b) => b.name)).toEqual(['imp-svc', 'imp-svc2']);

		const down = await analyzeImpact(ctx(), { ciId: svc.id, direction: 'downstream' });
		expect(down.items.map((i) => [i.name, i.depth])).toEqual([
			['imp-app', 1],
			['imp-cache', 2],
			['imp-vm', 2],
			['imp-host', 3]
		]);
		const shallow = await analyzeImpact(ctx(), { ciId: svc.id, direction: 'downstream', maxDepth: 1 });
		expect(shallow.items.map((i) => i.name)).toEqual(['imp-app']);
		// The cycle back to the start does not list the start.
		const fromCache = await impactOf(t.db, [cache.id], 'upstream');
		expect(fromCache.items.map((i) => i.name)).toEqual(['imp-app', 'imp-svc', 'imp-svc2']);
		expect(await codeOf(analyzeImpact({ db: t.db, actor: a.requester }, { ciId: svc.id }))).toBe('FORBIDDEN');
	});

	it('audits every mutation with before/after, keeps history, restores attributes', async () => {
		const ci = await makeCi(t.db, a.admin, { name: 'hist', classId: 'server', attributes: { os: 'linux', cpu_cores: 4 } });
		await updateCi(ctx(), { id: ci.id, attributesPatch: { cpu_cores: 8, memory_gb: 32 } });
		await updateCi(ctx(), { id: ci.id, status: 'maintenance', attributes: { os: 'windows' } });
		const peer = await makeCi(t.db, a.admin, { name: 'hist-peer' });
		const rel = await createRelation(ctx(), { fromCiId: peer.id, toCiId: ci.id, type: 'runs_on' });

		const h = await ciHistory({ db: t.db, actor: a.agent }, ci.id);
		expect(h.map((e) => e.action)).toEqual(['ci.created', 'ci.updated', 'ci.updated', 'ci_relation.created']);
		expect(h[1].before).toMatchObject({ attributes: { os: 'linux', cpu_cores: 4 } });
		expect(h[1].after).toMatchObject({ attributes: { os: 'linux', cpu_cores: 8, memory_gb: 32 } });
		expect(h[2].after).toMatchObject({ status: 'maintenance', attributes: { os: 'windows' } });
		expect(h[3].entityId).toBe(rel.id);
		expect(h.every((e) => e.actorId === a.admin.accountId)).toBe(true);

		const restored = await restoreCiAttributes(ctx(), { ciId: ci.id, auditId: h[1].id });
		expect(restored.attributes).toEqual({ os: 'linux', cpu_cores: 8, memory_gb: 32 });
		expect(restored.status).toBe('maintenance'); // only the attribute set is restored
		const h2 = await ciHistory(ctx(), ci.id);
		expect(h2.at(-1)).toMatchObject({ action: 'ci.restored', after: { restoredFrom: h[1].id } });
		expect(await codeOf(restoreCiAttributes(ctx(), { ciId: peer.id, auditId: h[1].id }))).toBe('NOT_FOUND');

		// A failing update (bad attribute) leaves no audit row and no change.
		const n = await auditCount();
		expect(await codeOf(updateCi(ctx(), { id: ci.id, attributesPatch: { os: 'beos' } }))).toBe('UNPROCESSABLE');
		expect(await auditCount()).toBe(n);
		expect((await getCi(ctx(), ci.id)).attributes.os).toBe('linux');

		// Deleting a CI audits the CI and each relation it had.
		await deleteCi(ctx(), ci.id);
		const relRows = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'ci_relation'), eq(auditLog.entityId, rel.id)));
		expect(relRows.map((r) => r.action)).toEqual(['ci_relation.created', 'ci_relation.deleted']);
		expect(await t.db.select().from(ciRelations).where(eq(ciRelations.id, rel.id))).toEqual([]);
		const last = await ciHistory(ctx(), ci.id);
		expect(last.at(-1)).toMatchObject({ action: 'ci.deleted', before: { name: 'hist' } });
		expect(await codeOf(getCi(ctx(), ci.id))).toBe('NOT_FOUND');
	});
});
