/**
 * Admin verbs behind the admin pages: accounts (list, update role/department/groups/language,
 * disable, reset password), the roles × permissions matrix (read-only), departments (cost
 * centres), and the audit log with filters and CSV. rbac.manage for changes, audit.read for the
 * log; every change audited in its transaction. API tokens are K1's (src/routes/api/tokens).
 */
import { z } from 'zod';
import { and, asc, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { accounts, auditLog, departments, groupMembers, groups, roleGrants } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { audit, auditRecord, type AuditRecord } from '../audit';
import { conflict, invalid, notFound } from '../errors';
import { parseInput } from '../validate';
import { authorize } from './actor';
import { hashPassword } from './password';
import { PERMISSIONS, ROLES, TIERS } from './roles';
import { toCsv } from '../finance/csv';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCALES = ['en', 'es', 'fr'] as const;

export interface AdminAccount {
	id: string;
	email: string;
	name: string;
	active: boolean;
	tier: string | null;
	departmentId: string | null;
	locale: string | null;
	roles: string[];
	groupIds: string[];
	createdAt: string;
}

export async function listAccounts(ctx: Ctx, q: { search?: string; role?: string; limit?: number } = {}): Promise<AdminAccount[]> {
	authorize(ctx.actor, 'rbac.manage');
	const where: SQL[] = [];
	if (q.search) where.push(or(ilike(accounts.email, `%${q.search}%`), ilike(accounts.name, `%${q.search}%`))!);
	if (q.role) where.push(sql`${accounts.id} in (select account_id from role_grants where role_id = ${q.role})`);
	const rows = await ctx.db.select().from(accounts).where(where.length ? and(...where) : undefined).orderBy(asc(accounts.email)).limit(Math.min(q.limit ?? 500, 2000));
	if (!rows.length) return [];
	const ids = rows.map((r) => r.id);
	const [grants, members] = await Promise.all([
		ctx.db.select().from(roleGrants).where(inArray(roleGrants.accountId, ids)),
		ctx.db.select().from(groupMembers).where(inArray(groupMembers.accountId, ids))
	]);
	return rows.map((r) => ({
		id: r.id,
		email: r.email,
		name: r.name,
		active: r.active,
		tier: r.tier,
		departmentId: r.departmentId,
		locale: r.locale ?? null,
		roles: grants.filter((g) => g.accountId === r.id).map((g) => g.roleId).sort(),
		groupIds: members.filter((g) => g.accountId === r.id).map((g) => g.groupId),
		createdAt: r.createdAt.toISOString()
	}));
}

export const updateAccountInput = z.object({
	name: z.string().trim().min(1, 'is required').max(200).optional(),
	active: z.boolean().optional(),
	roles: z.array(z.enum(Object.keys(ROLES) as [string, ...string[]])).min(1, 'needs at least one role').optional(),
	tier: z.enum(TIERS).nullable().optional(),
	departmentId: z.uuid('must be a department id').nullable().optional(),
	groupIds: z.array(z.uuid('must be group ids')).max(50).optional(),
	locale: z.enum(LOCALES).nullable().optional()
});

async function adminsLeft(db: Ctx['db'], except: string): Promise<number> {
	const [r] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(roleGrants)
		.innerJoin(accounts, eq(accounts.id, roleGrants.accountId))
		.where(and(eq(roleGrants.roleId, 'admin'), eq(accounts.active, true), sql`${accounts.id} <> ${except}`));
	return Number(r.n);
}

/** Changes what is given; refuses to disable or demote the last active admin, and self-disabling. */
export async function updateAccount(ctx: Ctx, id: string, raw: unknown): Promise<AdminAccount> {
	const actor = authorize(ctx.actor, 'rbac.manage');
	if (!UUID.test(id)) throw notFound(`Account ${id}`);
	const input = parseInput(updateAccountInput, raw);
	await ctx.db.transaction(async (tx) => {
		const [before] = await tx.select().from(accounts).where(eq(accounts.id, id)).for('update');
		if (!before) throw notFound(`Account ${id}`);
		const beforeRoles = (await tx.select().from(roleGrants).where(eq(roleGrants.accountId, id))).map((g) => g.roleId);
		if (input.active === false && actor.accountId === id) throw conflict('You cannot disable your own account', 'active');
		const losesAdmin = beforeRoles.includes('admin') && (input.active === false || (input.roles && !input.roles.includes('admin')));
		if (losesAdmin && (await adminsLeft(tx, id)) === 0) throw conflict('This is the last active admin: give another account the admin role first', input.roles ? 'roles' : 'active');
		if (input.departmentId) {
			const [d] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.id, input.departmentId));
			if (!d) throw invalid(`departmentId ${input.departmentId} is not a department`, 'departmentId');
		}
		const set: Partial<typeof accounts.$inferInsert> = {};
		if (input.name !== undefined) set.name = input.name;
		if (input.active !== undefined) set.active = input.active;
		if (input.tier !== undefined) set.tier = input.tier;
		if (input.departmentId !== undefined) set.departmentId = input.departmentId;
		if (input.locale !== undefined) set.locale = input.locale;
		if (Object.keys(set).length) await tx.update(accounts).set(set).where(eq(accounts.id, id));
		if (input.roles) {
			await tx.delete(roleGrants).where(eq(roleGrants.accountId, id));
			await tx.insert(roleGrants).values(input.roles.map((roleId) => ({ accountId: id, roleId })));
		}
		if (input.groupIds) {
			if (input.groupIds.length) {
				const found = await tx.select({ id: groups.id }).from(groups).where(inArray(groups.id, input.groupIds));
				if (found.length !== new Set(input.groupIds).size) throw invalid('groupIds lists a group that does not exist', 'groupIds');
			}
			await tx.delete(groupMembers).where(eq(groupMembers.accountId, id));
			if (input.groupIds.length) await tx.insert(groupMembers).values([...new Set(input.groupIds)].map((groupId) => ({ groupId, accountId: id })));
		}
		await audit(tx, actor, {
			action: 'account.updated',
			entityType: 'account',
			entityId: id,
			before: { name: before.name, active: before.active, tier: before.tier, departmentId: before.departmentId, roles: beforeRoles },
			after: input
		});
	});
	return (await listAccountsById(ctx, id))!;
}

async function listAccountsById(ctx: Ctx, id: string): Promise<AdminAccount | undefined> {
	const [row] = await ctx.db.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, id));
	return row ? (await listAccounts(ctx, { search: row.email })).find((a) => a.id === id) : undefined;
}

export const resetPasswordInput = z.object({ password: z.string().min(8, 'must be at least 8 characters').max(200) });

/** Sets a new password (the admin tells the person); audited without the secret. */
export async function resetPassword(ctx: Ctx, id: string, raw: unknown): Promise<{ id: string }> {
	const actor = authorize(ctx.actor, 'rbac.manage');
	if (!UUID.test(id)) throw notFound(`Account ${id}`);
	const input = parseInput(resetPasswordInput, raw);
	const hash = await hashPassword(input.password);
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx.update(accounts).set({ passwordHash: hash }).where(eq(accounts.id, id)).returning({ id: accounts.id });
		if (!row) throw notFound(`Account ${id}`);
		await audit(tx, actor, { action: 'account.password_reset', entityType: 'account', entityId: id });
		return { id };
	});
}

/** Roles × permissions, read-only: what each role may do, with the permissions' descriptions. */
export function rolesMatrix(ctx: Ctx) {
	authorize(ctx.actor, 'rbac.manage');
	return {
		permissions: Object.entries(PERMISSIONS).map(([id, description]) => ({ id, description })),
		roles: Object.entries(ROLES).map(([id, r]) => ({ id, description: r.description, permissions: [...r.permissions] }))
	};
}

export async function listDepartments(ctx: Ctx) {
	if (!ctx.actor?.permissions.has('finance.read')) authorize(ctx.actor, 'rbac.manage');
	return ctx.db.select().from(departments).orderBy(asc(departments.code));
}

export const departmentInput = z.object({
	code: z.string().trim().regex(/^[A-Z0-9_-]{2,20}$/, 'must be 2–20 capital letters, digits, - or _'),
	name: z.string().trim().min(1, 'is required').max(200),
	ownerAccountId: z.uuid('must be an account id').nullable().optional()
});

export async function createDepartment(ctx: Ctx, raw: unknown) {
	const actor = authorize(ctx.actor, 'rbac.manage');
	const input = parseInput(departmentInput, raw);
	return ctx.db.transaction(async (tx) => {
		const [dup] = await tx.select({ id: departments.id }).from(departments).where(eq(departments.code, input.code));
		if (dup) throw conflict(`A department with code ${input.code} already exists`, 'code');
		const [row] = await tx.insert(departments).values({ code: input.code, name: input.name, ownerAccountId: input.ownerAccountId ?? null }).returning();
		await audit(tx, actor, { action: 'department.created', entityType: 'department', entityId: row.id, after: row });
		return row;
	});
}

export const updateDepartmentInput = z.object({
	name: z.string().trim().min(1, 'is required').max(200).optional(),
	ownerAccountId: z.uuid('must be an account id').nullable().optional()
});

/**
 * Renames a department or changes its owner (who reads its chargeback statement). The code is the
 * cost centre's code on finance lines and statements: it does not change.
 */
export async function updateDepartment(ctx: Ctx, id: string, raw: unknown) {
	const actor = authorize(ctx.actor, 'rbac.manage');
	if (!UUID.test(id)) throw notFound(`Department ${id}`);
	const input = parseInput(updateDepartmentInput, raw);
	return ctx.db.transaction(async (tx) => {
		const [before] = await tx.select().from(departments).where(eq(departments.id, id)).for('update');
		if (!before) throw notFound(`Department ${id}`);
		if (input.ownerAccountId) {
			const [a] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, input.ownerAccountId));
			if (!a) throw invalid(`ownerAccountId ${input.ownerAccountId} is not an account`, 'ownerAccountId');
		}
		const set: Partial<typeof departments.$inferInsert> = {};
		if (input.name !== undefined) set.name = input.name;
		if (input.ownerAccountId !== undefined) set.ownerAccountId = input.ownerAccountId;
		const [row] = Object.keys(set).length ? await tx.update(departments).set(set).where(eq(departments.id, id)).returning() : [before];
		await audit(tx, actor, { action: 'department.updated', entityType: 'department', entityId: id, before, after: input });
		return row;
	});
}

/** The entity types present in the audit log (the viewer's filter). */
export async function auditEntityTypes(ctx: Ctx): Promise<string[]> {
	authorize(ctx.actor, 'audit.read');
	const rows = await ctx.db.selectDistinct({ t: auditLog.entityType }).from(auditLog).orderBy(asc(auditLog.entityType));
	return rows.map((r) => r.t);
}

export const auditQuerySchema = z.object({
	actor: z.string().trim().max(200).optional(),
	entityType: z.string().trim().max(100).optional(),
	entityId: z.string().trim().max(200).optional(),
	action: z.string().trim().max(100).optional(),
	from: z.iso.datetime({ offset: true, error: 'from must be an ISO date-time' }).or(z.iso.date({ error: 'from must be a date' })).optional(),
	to: z.iso.datetime({ offset: true, error: 'to must be an ISO date-time' }).or(z.iso.date({ error: 'to must be a date' })).optional(),
	limit: z.coerce.number().int().min(1).max(5000).optional(),
	/** keyset paging: rows with id < before */
	before: z.coerce.number().int().positive().optional()
});

export type AuditRow = AuditRecord;

/** The audit log, newest first, filtered by actor (label or id), entity, action (prefix) and [from, to). */
export async function queryAuditLog(ctx: Ctx, raw: Record<string, unknown>): Promise<{ rows: AuditRow[]; next: number | null }> {
	authorize(ctx.actor, 'audit.read');
	const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== '' && v !== undefined && v !== null));
	const q = parseInput(auditQuerySchema, clean);
	const where: SQL[] = [];
	if (q.actor) where.push(UUID.test(q.actor) ? eq(auditLog.actorId, q.actor) : ilike(auditLog.actorLabel, `%${q.actor}%`));
	if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
	if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
	if (q.action) where.push(ilike(auditLog.action, `${q.action.replace(/[%_]/g, (c) => `\\${c}`)}%`));
	if (q.from) where.push(gte(auditLog.at, new Date(q.from)));
	if (q.to) where.push(lt(auditLog.at, new Date(q.to)));
	if (q.before) where.push(lt(auditLog.id, q.before));
	const limit = q.limit ?? 200;
	const rows = await ctx.db.select().from(auditLog).where(where.length ? and(...where) : undefined).orderBy(desc(auditLog.id)).limit(limit + 1);
	const page = rows.slice(0, limit).map(auditRecord);
	return { rows: page, next: rows.length > limit ? page[page.length - 1].id : null };
}

export function auditCsv(rows: AuditRow[]): string {
	return toCsv(
		[
			{ header: 'id', value: (r: AuditRow) => String(r.id) },
			{ header: 'at', value: (r: AuditRow) => r.at },
			{ header: 'actor', value: (r: AuditRow) => r.actorLabel },
			{ header: 'actor_id', value: (r: AuditRow) => r.actorId ?? '' },
			{ header: 'action', value: (r: AuditRow) => r.action },
			{ header: 'entity_type', value: (r: AuditRow) => r.entityType },
			{ header: 'entity_id', value: (r: AuditRow) => r.entityId },
			{ header: 'before', value: (r: AuditRow) => (r.before === null || r.before === undefined ? '' : JSON.stringify(r.before)) },
			{ header: 'after', value: (r: AuditRow) => (r.after === null || r.after === undefined ? '' : JSON.stringify(r.after)) }
		],
		rows
	);
}
