/** Cost pools: a period's shared cost and how it is spread (even | tickets | work_hours | fixed_pct). */
import { and, asc, eq } from 'drizzle-orm';
import { costPools } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { conflict, notFound } from '../errors';
import { parseInput } from '../validate';
import { authorizeRead, authorizeRun } from './access';
import { assertDepartments, assertPeriodOpen } from './settings';
import { costPoolInput, parsePeriod } from './schemas';

export async function createCostPool(ctx: Ctx, raw: unknown) {
	const actor = authorizeRun(ctx.actor);
	const input = parseInput(costPoolInput, raw, 'UNPROCESSABLE');
	return ctx.db.transaction(async (tx) => {
		await assertPeriodOpen(tx, input.period);
		await assertDepartments(tx, Object.keys(input.percentages ?? {}), 'percentages');
		const [dup] = await tx
			.select({ id: costPools.id })
			.from(costPools)
			.where(and(eq(costPools.period, input.period), eq(costPools.name, input.name)));
		if (dup) throw conflict(`A cost pool named ${input.name} exists for ${input.period}`, 'name');
		const [row] = await tx
			.insert(costPools)
			.values({ ...input, percentages: input.percentages ?? null })
			.returning();
		await audit(tx, actor, { action: 'cost_pool.created', entityType: 'cost_pool', entityId: row.id, after: row });
		return row;
	});
}

export async function deleteCostPool(ctx: Ctx, id: string) {
	const actor = authorizeRun(ctx.actor);
	await ctx.db.transaction(async (tx) => {
		const [row] = await tx.select().from(costPools).where(eq(costPools.id, id));
		if (!row) throw notFound(`Cost pool ${id}`);
		await assertPeriodOpen(tx, row.period);
		await tx.delete(costPools).where(eq(costPools.id, id));
		await audit(tx, actor, { action: 'cost_pool.deleted', entityType: 'cost_pool', entityId: id, before: row });
	});
}

export async function listCostPools(ctx: Ctx, p: string) {
	authorizeRead(ctx.actor);
	const per = parsePeriod(p);
	return ctx.db.select().from(costPools).where(eq(costPools.period, per)).orderBy(asc(costPools.name));
}
