/** A small desk for a suite: admin, groups per tier with a lead, an agent, a requester. */
import { eq } from 'drizzle-orm';
import { accounts } from '../../schemas/postgres/index';
import type { Db } from '../../src/lib/server/db/index';
import { bootstrapAdmin, createAccount, loadAccountActor } from '../../src/lib/server/rbac/accounts';
import { createGroup } from '../../src/lib/server/tickets/groups';
import type { Actor } from '../../src/lib/server/rbac/actor';

export interface Desk {
	admin: Actor;
	agent: Actor;
	lead: Actor;
	requester: Actor;
	groups: Record<'L0' | 'L1' | 'L2' | 'L3', string>;
}

export async function makeDesk(db: Db): Promise<Desk> {
	await bootstrapAdmin(db, { email: 'admin@desk.test', password: 'admin-pass-1' });
	const [row] = await db.select().from(accounts).where(eq(accounts.email, 'admin@desk.test'));
	const admin = (await loadAccountActor(db, row.id))!;
	const ctx = { db, actor: admin };
	const lead = await createAccount(ctx, { email: 'lead@desk.test', name: 'Lead', roles: ['lead'], tier: 'L2', password: 'lead-pass-1' });
	const agent = await createAccount(ctx, { email: 'agent@desk.test', name: 'Agent', roles: ['agent'], tier: 'L1', password: 'agent-pass-1' });
	const requester = await createAccount(ctx, { email: 'req@desk.test', name: 'Requester', roles: ['requester'], password: 'req-pass-12' });
	const groups = {} as Desk['groups'];
	for (const tier of ['L0', 'L1', 'L2', 'L3'] as const) {
		groups[tier] = (await createGroup(ctx, { name: `${tier} team`, tier, leadAccountId: lead.id, members: [agent.id] })).id;
	}
	return {
		admin,
		agent: (await loadAccountActor(db, agent.id))!,
		lead: (await loadAccountActor(db, lead.id))!,
		requester: (await loadAccountActor(db, requester.id))!,
		groups
	};
}
