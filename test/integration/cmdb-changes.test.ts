import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { cmdbActors, makeCi, codeOf, type CmdbActors } from '../helpers/cmdb';
import { auditLog, maintenanceWindows } from '../../schemas/postgres/index';
import { rowsOf } from '../../src/lib/server/db/index';
import { deleteCi, getCi } from '../../src/lib/server/cmdb/items';
import { createRelation } from '../../src/lib/server/cmdb/relations';
import { activeMaintenance, changeAction, createChange, decideChange, getChange, isRequester, SEGREGATION_OF_DUTIES } from '../../src/lib/server/cmdb/changes';
import { createAccount, loadAccountActor } from '../../src/lib/server/rbac/accounts';
import { systemActor } from '../../src/lib/server/rbac/actor';
import { ciHistory } from '../../src/lib/server/cmdb/history';

const START = new Date('2031-03-01T22:00:00Z');
const END = new Date('2031-03-02T02:00:00Z');

describe.each(DRIVERS)('cmdb change requests on %s', (driver) => {
	let t: TestDb;
	let a: CmdbActors;
	let svcA: string, svcB: string, app: string, host: string;
	const ctx = () => ({ db: t.db, actor: a.admin });
	const as = (actor: CmdbActors[keyof CmdbActors]) => ({ db: t.db, actor });
	const base = () => ({
		title: 'Patch host',
		plannedStart: START.toISOString(),
		plannedEnd: END.toISOString(),
		items: [{ ciId: host, patch: { attributes: { os_version: '12.5' } } }]
	});

	beforeAll(async () => {
		t = await freshDb(driver);
		a = await cmdbActors(t.db);
		svcA = (await makeCi(t.db, a.admin, { name: 'svc-a', classId: 'business_service' })).id;
		svcB = (await makeCi(t.db, a.admin, { name: 'svc-b', classId: 'business_service' })).id;
		app = (await makeCi(t.db, a.admin, { name: 'app' })).id;
		host = (await makeCi(t.db, a.admin, { name: 'host', classId: 'server', attributes: { os: 'linux', os_version: '12.4' } })).id;
		for (const [f, to, type] of [
			[svcA, app, 'depends_on'],
			[svcB, app, 'depends_on'],
			[app, host, 'runs_on']
		]) {
			await createRelation(ctx(), { fromCiId: f, toCiId: to, type });
		}
	});
	afterAll(async () => t?.close());

	it('fills impact from the affected business services', async () => {
		const c = await createChange(ctx(), { ...base(), type: 'standard' });
		expect(c.status).toBe('draft');
		expect(c.impact).toBe(2);
		const own = await createChange(ctx(), { ...base(), type: 'standard', items: [{ ciId: svcA }] });
		expect(own.impact).toBe(1);
	});

	it('validates change input: window, items, planned attributes, approvers', async () => {
		const e1 = await createChange(ctx(), { ...base(), type: 'normal', plannedEnd: START.toISOString() }).catch((e) => e);
		expect([e1.code, e1.field]).toEqual(['INVALID', 'plannedEnd']);
		const e2 = await createChange(ctx(), { ...base(), type: 'normal', items: [{ ciId: host, patch: { attributes: { os: 'beos' } } }] }).catch((e) => e);
		expect([e2.code, e2.field]).toEqual(['UNPROCESSABLE', 'attributes.os']);
		const e3 = await createChange(ctx(), { ...base(), type: 'normal', approvers: [{ role: 'pope' }] }).catch((e) => e);
		expect([e3.code, e3.field]).toEqual(['UNPROCESSABLE', 'approvers.0.role']);
		const e4 = await createChange(ctx(), { ...base(), type: 'normal', items: [] }).catch((e) => e);
		expect([e4.code, e4.field]).toEqual(['INVALID', 'items']);
		expect(await codeOf(createChange(as(a.agent), { ...base(), type: 'normal' }))).toBe('FORBIDDEN');
		const noApprovers = await createChange(ctx(), { ...base(), type: 'normal' });
		const e5 = await changeAction(ctx(), { changeId: noApprovers.id, action: 'submit' }).catch((e) => e);
		expect([e5.code, e5.field]).toEqual(['UNPROCESSABLE', 'approvers']);
	});

	it('standard changes are pre-approved on submit and open maintenance windows', async () => {
		const c = await createChange(ctx(), { ...base(), type: 'standard', approvers: [{ role: 'lead' }] });
		expect(c.approvals).toEqual([]);
		const s = await changeAction(ctx(), { changeId: c.id, action: 'submit' });
		expect(s.status).toBe('approved');
		const w = await t.db.select().from(maintenanceWindows).where(eq(maintenanceWindows.changeId, c.id));
		expect(w.map((x) => [x.ciId, x.startsAt.toISOString(), x.endsAt.toISOString()])).toEqual([[host, START.toISOString(), END.toISOString()]]);
	});

	it('normal changes need every approver; emergency changes need one', async () => {
		const n = await createChange(ctx(), {
			...base(),
			type: 'normal',
			approvers: [{ accountId: a.manager.accountId! }, { role: 'lead' }]
		});
		await changeAction(ctx(), { changeId: n.id, action: 'submit' });
		// Not an approver (admin lacks the lead role and is not named): 403.
		expect(await codeOf(decideChange(as(a.admin), { changeId: n.id, decision: 'approve' }))).toBe('FORBIDDEN');
		// No changes.approve permission at all: 403.
		expect(await codeOf(decideChange(as(a.agent), { changeId: n.id, decision: 'approve' }))).toBe('FORBIDDEN');
		const one = await decideChange(as(a.lead), { changeId: n.id, decision: 'approve', comment: 'ok from ops' });
		expect(one.status).toBe('submitted');
		expect(await codeOf(decideChange(as(a.lead), { changeId: n.id, decision: 'approve' }))).toBe('CONFLICT');
		const two = await decideChange(as(a.manager), { changeId: n.id, decision: 'approve' });
		expect(two.status).toBe('approved');
		expect(two.approvals.map((x) => [x.decision, x.decidedByLabel])).toEqual([
			['approved', 'manager@cmdb.test'],
			['approved', 'lead@cmdb.test']
		]);

		const em = await createChange(ctx(), {
			...base(),
			type: 'emergency',
			approvers: [{ accountId: a.manager.accountId! }, { role: 'lead' }]
		});
		await changeAction(ctx(), { changeId: em.id, action: 'submit' });
		expect((await decideChange(as(a.lead), { changeId: em.id, decision: 'approve' })).status).toBe('approved');
		expect(await codeOf(decideChange(as(a.manager), { changeId: em.id, decision: 'approve' }))).toBe('CONFLICT');

		const rj = await createChange(ctx(), { ...base(), type: 'normal', approvers: [{ role: 'lead' }, { role: 'desk_manager' }] });
		await changeAction(ctx(), { changeId: rj.id, action: 'submit' });
		expect(await codeOf(decideChange(as(a.lead), { changeId: rj.id, decision: 'reject' }))).toBe('UNPROCESSABLE'); // needs a comment
		const r = await decideChange(as(a.lead), { changeId: rj.id, decision: 'reject', comment: 'not this week' });
		expect(r.status).toBe('rejected');
		expect(r.approvals[0].comment).toBe('not this week');
		expect(await t.db.select().from(maintenanceWindows).where(eq(maintenanceWindows.changeId, rj.id))).toEqual([]);
		expect((await changeAction(ctx(), { changeId: rj.id, action: 'close' })).status).toBe('closed');
	});

	it('segregation of duties: the requester may not approve their own change (403), another approver may', async () => {
		const sys = { db: t.db, actor: systemActor('test') };
		const other = (await loadAccountActor(t.db, (await createAccount(sys, { email: 'cab@cmdb.test', name: 'CAB', roles: ['admin'] })).id))!;
		// The admin filed it and holds the approver role: still refused, with the reason.
		const c = await createChange(ctx(), { ...base(), type: 'normal', approvers: [{ role: 'admin' }] });
		await changeAction(ctx(), { changeId: c.id, action: 'submit' });
		const e = await decideChange(ctx(), { changeId: c.id, decision: 'approve', comment: 'mine' }).catch((x) => x);
		expect([e.code, e.status, e.details]).toEqual(['FORBIDDEN', 403, { reason: SEGREGATION_OF_DUTIES }]);
		expect(isRequester(await getChange(ctx(), c.id), a.admin)).toBe(true);
		expect(isRequester(await getChange(ctx(), c.id), other)).toBe(false);
		// Nothing was recorded: the approval is still pending.
		expect((await getChange(ctx(), c.id)).approvals.map((x) => x.decision)).toEqual([null]);
		const ok = await decideChange(as(other), { changeId: c.id, decision: 'approve' });
		expect(ok.status).toBe('approved');
		expect(ok.approvals[0].decidedByLabel).toBe('cab@cmdb.test');
		// Emergency changes too; rejecting (withdrawing) one's own change stays allowed.
		const em = await createChange(ctx(), { ...base(), type: 'emergency', approvers: [{ accountId: a.admin.accountId! }] });
		await changeAction(ctx(), { changeId: em.id, action: 'submit' });
		expect(await codeOf(decideChange(ctx(), { changeId: em.id, decision: 'approve' }))).toBe('FORBIDDEN');
		expect((await decideChange(ctx(), { changeId: em.id, decision: 'reject', comment: 'withdrawn' })).status).toBe('rejected');
	});

	it('refuses illegal transitions with 409 naming the current state', async () => {
		const c = await createChange(ctx(), { ...base(), type: 'normal', approvers: [{ role: 'lead' }] });
		const e = await changeAction(ctx(), { changeId: c.id, action: 'implement' }).catch((e) => e);
		expect(e.code).toBe('CONFLICT');
		expect(e.status).toBe(409);
		expect(e.message).toContain('is "draft"');
		expect(e.message).toContain('"implementing"');
		await changeAction(ctx(), { changeId: c.id, action: 'submit' });
		expect((await changeAction(ctx(), { changeId: c.id, action: 'submit' }).catch((e) => e)).message).toContain('is "submitted"');
		expect(await codeOf(changeAction(ctx(), { changeId: c.id, action: 'schedule' }))).toBe('CONFLICT');
		await decideChange(as(a.lead), { changeId: c.id, decision: 'approve' });
		expect(await codeOf(decideChange(as(a.lead), { changeId: c.id, decision: 'reject', comment: 'late' }))).toBe('CONFLICT');
		expect(await codeOf(changeAction(ctx(), { changeId: c.id, action: 'close' }))).toBe('CONFLICT');
		expect(await codeOf(changeAction(ctx(), { changeId: c.id, action: 'fly' }))).toBe('INVALID');
		expect(await codeOf(changeAction(ctx(), { changeId: '00000000-0000-0000-0000-000000000000', action: 'submit' }))).toBe('NOT_FOUND');
	});

	it('walks the full lifecycle, applies the planned CI updates on implementation, audits each step', async () => {
		const c = await createChange(ctx(), {
			...base(),
			type: 'normal',
			approvers: [{ role: 'lead' }],
			items: [
				{ ciId: host, patch: { status: 'maintenance', attributes: { os_version: '12.5', cpu_cores: 16 } } },
				{ ciId: app }
			]
		});
		await changeAction(ctx(), { changeId: c.id, action: 'submit' });
		await decideChange(as(a.lead), { changeId: c.id, decision: 'approve' });
		const del = await deleteCi(ctx(), app).catch((e) => e);
		expect(del.code).toBe('CONFLICT');
		expect(del.message).toContain(`change ${c.id} ("approved")`);
		// Maintenance windows for both CIs, half-open.
		expect((await activeMaintenance(t.db, app, new Date(START.getTime() + 60_000)))?.changeId).toBe(c.id);
		expect((await activeMaintenance(t.db, app, START))?.changeId).toBe(c.id);
		expect(await activeMaintenance(t.db, app, END)).toBeNull();
		expect(await activeMaintenance(t.db, app, new Date(START.getTime() - 1))).toBeNull();

		for (const action of ['schedule', 'implement'] as const) await changeAction(ctx(), { changeId: c.id, action });
		const ci = await getCi(ctx(), host);
		expect(ci.status).toBe('maintenance');
		expect(ci.attributes).toEqual({ os: 'linux', os_version: '12.5', cpu_cores: 16 });
		const hist = await ciHistory(ctx(), host);
		expect(hist.at(-1)).toMatchObject({ action: 'ci.updated', after: { changeId: c.id } });
		for (const action of ['complete', 'review', 'close'] as const) await changeAction(ctx(), { changeId: c.id, action });
		expect((await getChange(as(a.agent), c.id)).status).toBe('closed');

		const rows = await t.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entityType, 'change'), eq(auditLog.entityId, c.id)))
			.orderBy(auditLog.id);
		expect(rows.map((r) => r.action)).toEqual([
			'change.created',
			'change.submit',
			'change.approval',
			'change.schedule',
			'change.implement',
			'change.complete',
			'change.review',
			'change.close'
		]);
		expect(rows[4].before).toMatchObject({ status: 'scheduled' });
		expect(rows[4].after).toMatchObject({ status: 'implementing' });
	});

	it('rolls back the whole implementation (and its audit rows) when a planned update no longer fits', async () => {
		const c = await createChange(ctx(), {
			...base(),
			type: 'standard',
			items: [{ ciId: host, patch: { attributes: { cpu_cores: 32 } } }]
		});
		await changeAction(ctx(), { changeId: c.id, action: 'submit' });
		await changeAction(ctx(), { changeId: c.id, action: 'schedule' });
		// Simulate a plan that no longer fits the class (the spec forbids 0 cores) by editing it underneath.
		await t.db.execute(sql`update change_items set patch = '{"attributes":{"cpu_cores":0}}'::jsonb where change_id = ${c.id}`);
		const count = async () => rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from audit_log`))[0].n;
		const n = await count();
		const e = await changeAction(ctx(), { changeId: c.id, action: 'implement' }).catch((e) => e);
		expect([e.code, e.field]).toEqual(['UNPROCESSABLE', 'attributes.cpu_cores']);
		expect(await count()).toBe(n);
		expect((await getChange(ctx(), c.id)).status).toBe('scheduled');
	});
});
