/** Groups (teams) with their tier and lead. */
import { z } from 'zod';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { accounts, groupMembers, groups, roleGrants, rolePermissions } from '../../../../schemas/postgres/index';
import { TIERS } from '../../../../schemas/events';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { authorize, can } from '../rbac/actor';
import { conflict, invalid, notFound } from '../errors';
import { parseInput } from '../validate';

export const createGroupInput = z.object({
	name: z.string().trim().min(1, 'is required').max(100),
	tier: z.enum(TIERS, { error: `must be one of ${TIERS.join(', ')}` }),
	leadAccountId: z.uuid('must be an account id').nullable().optional(),
	members: z.array(z.uuid('must be an account id')).default([])
});

export async function createGroup(ctx: Ctx, raw: unknown) {
	const actor = authorize(ctx.actor, 'tickets.manage');
	const input = parseInput(createGroupInput, raw);
	return ctx.db.transaction(async (tx) => {
		const [g] = await tx
			.insert(groups)
			.values({ name: input.name, tier: input.tier, leadAccountId: input.leadAccountId ?? null })
			.onConflictDoNothing()
			.returning();
		if (!g) throw conflict(`A group named ${input.name} already exists`, 'name');
		if (input.members.length) await tx.insert(groupMembers).values(input.members.map((accountId) => ({ groupId: g.id, accountId })));
		await audit(tx, actor, { action: 'group.created', entityType: 'group', entityId: g.id, after: { ...g, members: input.members } });
		return g;
	});
}

/** Groups are reference data: whoever reads tickets or KPIs (filters by group) may list them. */
export async function listGroups(ctx: Ctx) {
	if (!can(ctx.actor, 'kpi.read')) authorize(ctx.actor, 'tickets.read');
	return ctx.db.select().from(groups).orderBy(asc(groups.tier), asc(groups.name));
}

export const updateGroupInput = z.object({
	name: z.string().trim().min(1, 'is required').max(100).optional(),
	tier: z.enum(TIERS, { error: `must be one of ${TIERS.join(', ')}` }).optional(),
	leadAccountId: z.uuid('must be an account id').nullable().optional(),
	/** The whole member list (replaces it). */
	members: z.array(z.uuid('must be an account id')).max(500).optional()
});

export interface GroupView {
	id: string;
	name: string;
	tier: string;
	leadAccountId: string | null;
	members: string[];
	createdAt: string;
}

/** Groups with their member ids (the admin page; tickets.manage). */
export async function listGroupsWithMembers(ctx: Ctx): Promise<GroupView[]> {
	authorize(ctx.actor, 'tickets.manage');
	const [rows, members] = await Promise.all([
		ctx.db.select().from(groups).orderBy(asc(groups.tier), asc(groups.name)),
		ctx.db.select().from(groupMembers)
	]);
	return rows.map((g) => ({
		id: g.id,
		name: g.name,
		tier: g.tier,
		leadAccountId: g.leadAccountId,
		members: members.filter((x) => x.groupId === g.id).map((x) => x.accountId),
		createdAt: g.createdAt.toISOString()
	}));
}

/** Renames a group, changes its tier or lead, or replaces its members. Audited. */
export async function updateGroup(ctx: Ctx, id: string, raw: unknown): Promise<GroupView> {
	const actor = authorize(ctx.actor, 'tickets.manage');
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound(`Group ${id}`);
	const input = parseInput(updateGroupInput, raw);
	await ctx.db.transaction(async (tx) => {
		const [before] = await tx.select().from(groups).where(eq(groups.id, id)).for('update');
		if (!before) throw notFound(`Group ${id}`);
		const beforeMembers = (await tx.select().from(groupMembers).where(eq(groupMembers.groupId, id))).map((x) => x.accountId);
		const wanted = [...new Set([...(input.members ?? []), ...(input.leadAccountId ? [input.leadAccountId] : [])])];
		if (wanted.length) {
			const found = await tx.select({ id: accounts.id }).from(accounts).where(inArray(accounts.id, wanted));
			if (found.length !== wanted.length) throw invalid('lists an account that does not exist', input.members ? 'members' : 'leadAccountId');
		}
		if (input.name !== undefined && input.name !== before.name) {
			const [dup] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.name, input.name));
			if (dup) throw conflict(`A group named ${input.name} already exists`, 'name');
		}
		const set: Partial<typeof groups.$inferInsert> = {};
		if (input.name !== undefined) set.name = input.name;
		if (input.tier !== undefined) set.tier = input.tier;
		if (input.leadAccountId !== undefined) set.leadAccountId = input.leadAccountId;
		if (Object.keys(set).length) await tx.update(groups).set(set).where(eq(groups.id, id));
		if (input.members) {
			const members = [...new Set(input.members)];
			await tx.delete(groupMembers).where(eq(groupMembers.groupId, id));
			if (members.length) await tx.insert(groupMembers).values(members.map((accountId) => ({ groupId: id, accountId })));
		}
		await audit(tx, actor, {
			action: 'group.updated',
			entityType: 'group',
			entityId: id,
			before: { name: before.name, tier: before.tier, leadAccountId: before.leadAccountId, members: beforeMembers },
			after: input
		});
	});
	return (await listGroupsWithMembers(ctx)).find((g) => g.id === id)!;
}

/** Who may be a group's lead or member: active accounts holding tickets.work (tickets.manage). */
export async function groupCandidates(ctx: Ctx): Promise<{ id: string; email: string; name: string; tier: string | null }[]> {
	authorize(ctx.actor, 'tickets.manage');
	return ctx.db
		.selectDistinct({ id: accounts.id, email: accounts.email, name: accounts.name, tier: accounts.tier })
		.from(accounts)
		.innerJoin(roleGrants, eq(roleGrants.accountId, accounts.id))
		.innerJoin(rolePermissions, eq(rolePermissions.roleId, roleGrants.roleId))
		.where(and(eq(accounts.active, true), eq(rolePermissions.permissionId, 'tickets.work')))
		.orderBy(asc(accounts.email));
}
