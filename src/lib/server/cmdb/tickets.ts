/** The tickets raised against a CI (tickets.ci_id), scoped like the ticket list: requesters see their own. */
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { tickets } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { authorize } from '../rbac/actor';
import { parseInput } from '../validate';
import { z } from 'zod';

export interface CiTicket {
	id: string;
	number: string;
	title: string;
	status: string;
	priority: string;
	createdAt: string;
	resolvedAt: string | null;
}

const input = z.object({
	ciId: z.uuid('must be a configuration item id'),
	limit: z.number().int().min(1).max(500).default(50)
});

/** Newest first. */
export async function ciTickets(ctx: Ctx, ciId: string, limit = 50): Promise<CiTicket[]> {
	authorize(ctx.actor, 'cmdb.read');
	const actor = authorize(ctx.actor, 'tickets.read');
	const q = parseInput(input, { ciId, limit });
	const where: SQL[] = [eq(tickets.ciId, q.ciId)];
	if (!actor.permissions.has('tickets.work')) {
		where.push(eq(tickets.requesterId, actor.accountId ?? '00000000-0000-0000-0000-000000000000'));
	}
	const rows = await ctx.db
		.select({
			id: tickets.id,
			number: tickets.number,
			title: tickets.title,
			status: tickets.status,
			priority: tickets.priority,
			createdAt: tickets.createdAt,
			resolvedAt: tickets.resolvedAt
		})
		.from(tickets)
		.where(and(...where))
		.orderBy(desc(tickets.createdAt))
		.limit(q.limit);
	return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), resolvedAt: r.resolvedAt?.toISOString() ?? null }));
}
