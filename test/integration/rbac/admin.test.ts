import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { makeDesk, type Desk } from '../../helpers/desk';
import { listAccounts, updateAccount, resetPassword, rolesMatrix, createDepartment, updateDepartment, queryAuditLog, auditCsv, auditEntityTypes } from '../../../src/lib/server/rbac/admin';
import { createAccount, loadAccountActor } from '../../../src/lib/server/rbac/accounts';
import { listGroupsWithMembers, updateGroup } from '../../../src/lib/server/tickets/groups';

describe.each(DRIVERS)('admin verbs on %s', (driver) => {
	let t: TestDb;
	let desk: Desk;
	const admin = () => ({ db: t.db, actor: desk.admin });
	beforeAll(async () => {
		t = await freshDb(driver);
		desk = await makeDesk(t.db);
	});
	afterAll(async () => t?.close());

	it('lists, updates (role, department, groups, language), disables and resets, audited', async () => {
		const all = await listAccounts(admin());
		expect(all.map((a) => a.email)).toEqual(expect.arrayContaining(['admin@desk.test', 'agent@desk.test']));
		const dep = await createDepartment(admin(), { code: 'OPS', name: 'Operations' });
		const agentId = desk.agent.accountId!;
		const up = await updateAccount(admin(), agentId, { roles: ['agent', 'lead'], departmentId: dep.id, groupIds: [desk.groups.L0], locale: 'fr' });
		expect(up).toMatchObject({ roles: ['agent', 'lead'], departmentId: dep.id, groupIds: [desk.groups.L0], locale: 'fr' });
		expect((await loadAccountActor(t.db, agentId))!.permissions.has('staffing.plan')).toBe(true);
		await updateAccount(admin(), agentId, { active: false });
		expect((await listAccounts(admin(), { search: 'agent@' }))[0].active).toBe(false);
		await resetPassword(admin(), agentId, { password: 'a-new-pass-1' });
		await expect(resetPassword(admin(), agentId, { password: 'short' })).rejects.toMatchObject({ field: 'password' });
		const log = await queryAuditLog(admin(), { entityId: agentId });
		expect(log.rows.map((r) => r.action)).toEqual(['account.password_reset', 'account.updated', 'account.updated', 'account.created']);
		expect(JSON.stringify(log.rows)).not.toContain('a-new-pass-1');
	});

	it('refuses to disable yourself or remove the last admin; non-admins are refused', async () => {
		const me = desk.admin.accountId!;
		await expect(updateAccount(admin(), me, { active: false })).rejects.toMatchObject({ code: 'CONFLICT', field: 'active' });
		await expect(updateAccount(admin(), me, { roles: ['agent'] })).rejects.toMatchObject({ code: 'CONFLICT', field: 'roles' });
		await expect(updateAccount({ db: t.db, actor: desk.lead }, me, { name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(createDepartment(admin(), { code: 'OPS', name: 'Again' })).rejects.toMatchObject({ code: 'CONFLICT', field: 'code' });
	});

	it('the roles matrix and the audit log with filters and CSV', async () => {
		const mx = rolesMatrix(admin());
		expect(mx.roles.find((r) => r.id === 'lead')!.permissions).toContain('monitoring.read');
		const byAction = await queryAuditLog(admin(), { action: 'department.' });
		expect(byAction.rows.every((r) => r.action.startsWith('department.'))).toBe(true);
		expect(byAction.rows.length).toBe(1);
		const future = await queryAuditLog(admin(), { from: '2999-01-01' });
		expect(future.rows).toHaveLength(0);
		await expect(queryAuditLog(admin(), { from: 'yesterday' })).rejects.toMatchObject({ field: 'from' });
		const paged = await queryAuditLog(admin(), { limit: 1 });
		expect(paged.rows).toHaveLength(1);
		expect(paged.next).toBe(paged.rows[0].id);
		const csv = auditCsv(byAction.rows);
		expect(csv.split('\r\n')[0]).toBe('id,at,actor,actor_id,action,entity_type,entity_id,before,after');
		await expect(queryAuditLog({ db: t.db, actor: desk.agent }, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('creates an account with its groups and language; edits departments and groups, audited', async () => {
		const acc = await createAccount(admin(), { email: 'new@desk.test', name: 'New', password: 'pass-1234', roles: ['agent'], groupIds: [desk.groups.L1], locale: 'es' });
		const listed = (await listAccounts(admin(), { search: 'new@desk' }))[0];
		expect(listed).toMatchObject({ id: acc.id, groupIds: [desk.groups.L1], locale: 'es' });
		await expect(createAccount(admin(), { email: 'x@desk.test', name: 'X', roles: ['agent'], groupIds: ['00000000-0000-4000-8000-000000000000'] })).rejects.toMatchObject({ field: 'groupIds' });
		await expect(createAccount(admin(), { email: 'y@desk.test', name: 'Y', roles: ['agent'], locale: 'de' })).rejects.toMatchObject({ field: 'locale' });

		const dep = await createDepartment(admin(), { code: 'HR', name: 'People' });
		const renamed = await updateDepartment(admin(), dep.id, { name: 'Human resources', ownerAccountId: acc.id });
		expect(renamed).toMatchObject({ code: 'HR', name: 'Human resources', ownerAccountId: acc.id });
		await expect(updateDepartment(admin(), dep.id, { ownerAccountId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ field: 'ownerAccountId' });
		await expect(updateDepartment({ db: t.db, actor: desk.lead }, dep.id, { name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

		const g = await updateGroup(admin(), desk.groups.L1, { tier: 'L2', members: [acc.id, desk.agent.accountId!] });
		expect(g.tier).toBe('L2');
		expect(g.members.sort()).toEqual([acc.id, desk.agent.accountId!].sort());
		expect((await listGroupsWithMembers(admin())).find((x) => x.id === desk.groups.L1)!.tier).toBe('L2');
		await expect(updateGroup(admin(), desk.groups.L1, { tier: 'L9' })).rejects.toMatchObject({ field: 'tier' });
		await expect(updateGroup(admin(), desk.groups.L1, { members: ['00000000-0000-4000-8000-000000000000'] })).rejects.toMatchObject({ field: 'members' });
		await expect(updateGroup({ db: t.db, actor: desk.agent }, desk.groups.L1, { tier: 'L0' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(updateGroup(admin(), '00000000-0000-4000-8000-000000000000', { tier: 'L0' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		const types = await auditEntityTypes(admin());
		expect(types).toEqual(expect.arrayContaining(['account', 'department', 'group']));
		const gl = await queryAuditLog(admin(), { entityType: 'group', entityId: desk.groups.L1 });
		expect(gl.rows[0]).toMatchObject({ action: 'group.updated', before: expect.objectContaining({ tier: 'L1' }) });
	});
});
