/** An agent's saved queue views: a name and the query string of the queue's filters. */
import { z } from 'zod';
import { and, asc, eq } from 'drizzle-orm';
import { savedViews } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { conflict, invalid, notFound } from '../errors';
import { authorize } from '../rbac/actor';
import { parseInput } from '../validate';
import { queueInput, queueQueryFromParams } from './queue';

const saveInput = z.object({
	name: z.string({ error: 'must be a string' }).trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
	query: z.string({ error: 'must be a string' }).max(2000, 'must be at most 2000 characters')
});

export async function listSavedViews(ctx: Ctx) {
	const actor = authorize(ctx.actor, 'tickets.work');
	return ctx.db
		.select({ id: savedViews.id, name: savedViews.name, query: savedViews.query })
		.from(savedViews)
		.where(eq(savedViews.accountId, actor.accountId ?? ''))
		.orderBy(asc(savedViews.name));
}

export async function saveView(ctx: Ctx, raw: unknown) {
	const actor = authorize(ctx.actor, 'tickets.work');
	if (!actor.accountId) throw invalid('Only accounts can save views');
	const input = parseInput(saveInput, raw);
	// The query must be one the queue accepts (cursor dropped: a view starts at the top).
	const params = new URLSearchParams(input.query.replace(/^\?/, ''));
	params.delete('cursor');
	parseInput(queueInput, queueQueryFromParams(params));
	const [row] = await ctx.db
		.insert(savedViews)
		.values({ accountId: actor.accountId, name: input.name, query: params.toString() })
		.onConflictDoNothing()
		.returning({ id: savedViews.id, name: savedViews.name, query: savedViews.query });
	if (!row) throw conflict(`You already have a view named ${input.name}`, 'name');
	return row;
}

export async function deleteView(ctx: Ctx, id: string) {
	const actor = authorize(ctx.actor, 'tickets.work');
	if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound(`View ${id}`);
	const rows = await ctx.db
		.delete(savedViews)
		.where(and(eq(savedViews.id, id), eq(savedViews.accountId, actor.accountId ?? '')))
		.returning({ id: savedViews.id });
	if (!rows.length) throw notFound(`View ${id}`);
	return { deleted: id };
}
