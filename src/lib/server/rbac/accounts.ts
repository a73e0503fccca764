import { z } from 'zod';
import { eq, inArray, sql } from 'drizzle-orm';
import { accounts, roleGrants, rolePermissions, departments, groupMembers, groups } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { conflict, forbidden, invalid, notFound, unauthenticated } from '../errors';
import { parseInput } from '../validate';
import { authorize, systemActor, type Actor } from './actor';
import { hashPassword, randomSecret } from './password';
import { ROLES, TIERS, type Permission } from './roles';

export const createAccountInput = z.object({
	email: z.email('must be an email address').max(254),
	name: z.string().trim().min(1, 'is required').max(200),
	password: z.string().min(8, 'must be at least 8 characters').max(200).optional(),
	roles: z
		.array(z.enum(Object.keys(ROLES) as [string, ...string[]]))
		.min(1, 'needs at least one role'),
	tier: z.enum(TIERS).nullable().optional(),
	departmentId: z.uuid('must be a department id').nullable().optional(),
	/** The groups (teams) the account works in (the admin page's create form). */
	groupIds: z.array(z.uuid('must be group ids')).max(50).optional(),
	/** Its language; none = follow the browser. */
	locale: z.enum(['en', 'es', 'fr'], { error: 'must be one of en, es, fr' }).nullable().optional()
});
export type CreateAccountInput = z.input<typeof createAccountInput>;

export interface AccountView {
	id: string;
	email: string;
	name: string;
	roles: string[];
	tier: string | null;
	departmentId: string | null;
	groupIds?: string[];
	locale?: string | null;
}

/** Inserts an account and its grants; no permission check (callers check). */
export async function insertAccount(tx: Db, input: z.infer<typeof createAccountInput>): Promise<AccountView> {
	const existing = await tx
		.select({ id: accounts.id })
		.from(accounts)
		.where(sql`lower(${accounts.email}) = lower(${input.email})`);
	if (existing.length) throw conflict(`An account with email ${input.email} already exists`, 'email');
	if (input.departmentId) {
		const dep = await tx.select({ id: departments.id }).from(departments).where(eq(departments.id, input.departmentId));
		if (!dep.length) throw notFound(`Department ${input.departmentId}`);
	}
	const groupIds = [...new Set(input.groupIds ?? [])];
	if (groupIds.length) {
		const found = await tx.select({ id: groups.id }).from(groups).where(inArray(groups.id, groupIds));
		if (found.length !== groupIds.length) throw invalid('groupIds lists a group that does not exist', 'groupIds');
	}
	const [row] = await tx
		.insert(accounts)
		.values({
			email: input.email,
			name: input.name,
			passwordHash: input.password ? await hashPassword(input.password) : null,
			tier: input.tier ?? null,
			departmentId: input.departmentId ?? null,
			locale: input.locale ?? null
		})
		.returning();
	await tx.insert(roleGrants).values(input.roles.map((roleId) => ({ accountId: row.id, roleId })));
	if (groupIds.length) await tx.insert(groupMembers).values(groupIds.map((groupId) => ({ groupId, accountId: row.id })));
	return {
		id: row.id,
		email: row.email,
		name: row.name,
		roles: input.roles,
		tier: row.tier,
		departmentId: row.departmentId,
		...(input.groupIds ? { groupIds } : {}),
		...(input.locale !== undefined ? { locale: row.locale } : {})
	};
}

export async function createAccount(ctx: Ctx, raw: unknown): Promise<AccountView> {
	const actor = authorize(ctx.actor, 'rbac.manage');
	const input = parseInput(createAccountInput, raw);
	return ctx.db.transaction(async (tx) => {
		const view = await insertAccount(tx, input);
		await audit(tx, actor, { action: 'account.created', entityType: 'account', entityId: view.id, after: view });
		return view;
	});
}

/** Loads the actor for an account: roles and the union of their permissions. */
export async function loadAccountActor(db: Db, accountId: string): Promise<Actor | null> {
	const [acc] = await db.select().from(accounts).where(eq(accounts.id, accountId));
	if (!acc || !acc.active) return null;
	const grants = await db
		.select({ roleId: roleGrants.roleId, permissionId: rolePermissions.permissionId })
		.from(roleGrants)
		.leftJoin(rolePermissions, eq(rolePermissions.roleId, roleGrants.roleId))
		.where(eq(roleGrants.accountId, accountId));
	return {
		kind: 'account',
		accountId: acc.id,
		label: acc.email,
		roles: [...new Set(grants.map((g) => g.roleId))],
		permissions: new Set(grants.map((g) => g.permissionId).filter((p): p is Permission => !!p)),
		tier: acc.tier,
		departmentId: acc.departmentId,
		locale: acc.locale
	};
}

export async function accountCount(db: Db): Promise<number> {
	const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(accounts);
	return Number(r.n);
}

/**
 * On an empty database, creates the first admin from OPSHUB_ADMIN_EMAIL/PASSWORD, or with a
 * generated password that the caller prints once.
 */
export async function bootstrapAdmin(
	db: Db,
	opts: { email: string | null; password: string | null }
): Promise<{ email: string; generatedPassword: string | null } | null> {
	if ((await accountCount(db)) > 0) return null;
	const email = opts.email ?? 'admin@opshub.local';
	const generatedPassword = opts.password ? null : randomSecret(12);
	await db.transaction(async (tx) => {
		const view = await insertAccount(tx, {
			email,
			name: 'Administrator',
			password: opts.password ?? generatedPassword!,
			roles: ['admin']
		});
		await audit(tx, systemActor('bootstrap'), {
			action: 'account.bootstrapped',
			entityType: 'account',
			entityId: view.id,
			after: { email, roles: ['admin'] }
		});
	});
	return { email, generatedPassword };
}

export const updateProfileInput = z.object({
	/** en, es, fr, or null to follow the browser. */
	locale: z.enum(['en', 'es', 'fr'], { error: 'must be one of en, es, fr, or null' }).nullable()
});

/** The signed-in account changes its own preferences (no permission needed beyond being itself). */
export async function updateMyProfile(ctx: Ctx, raw: unknown): Promise<{ locale: string | null }> {
	const actor = ctx.actor;
	if (!actor) throw unauthenticated();
	if (actor.kind !== 'account' || !actor.accountId) throw forbidden('Only a signed-in account has a profile');
	const input = parseInput(updateProfileInput, raw);
	return ctx.db.transaction(async (tx) => {
		const [before] = await tx.select({ locale: accounts.locale }).from(accounts).where(eq(accounts.id, actor.accountId!));
		if (!before) throw notFound('Account');
		await tx.update(accounts).set({ locale: input.locale }).where(eq(accounts.id, actor.accountId!));
		await audit(tx, actor, { action: 'account.profile_updated', entityType: 'account', entityId: actor.accountId!, before, after: { locale: input.locale } });
		return { locale: input.locale };
	});
}
