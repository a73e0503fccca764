/** Groups (teams) with their tier and lead. */
import { z } from 'zod';
import { asc } from 'drizzle-orm';
import { groupMembers, groups } from '../../../../schemas/postgres/index';
import { TIERS } from '../../../../schemas/events';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { authorize, can } from '../rbac/actor';
import { conflict } from '../errors';
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
