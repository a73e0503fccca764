/** Budgets per cost center × period × cost type (upsert); closed periods are frozen. */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { budgets } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { parseInput } from '../validate';
import { authorizeRead, authorizeRun } from './access';
import { assertDepartments, assertPeriodOpen } from './settings';
import { budgetsInput, period } from './schemas';
import { z } from 'zod';

export async function setBudgets(ctx: Ctx, raw: unknown) {
	const actor = authorizeRun(ctx.actor);
	const input = parseInput(budgetsInput, raw, 'UNPROCESSABLE');
	return ctx.db.transaction(async (tx) => {
		await assertDepartments(tx, input.budgets.map((b) => b.departmentId), 'budgets.departmentId');
		for (const p of new Set(input.budgets.map((b) => b.period))) await assertPeriodOpen(tx, p);
		const out = [];
		for (const b of input.budgets) {
			const [before] = await tx
				.select()
				.from(budgets)
				.where(and(eq(budgets.departmentId, b.departmentId), eq(budgets.period, b.period), eq(budgets.costType, b.costType)));
			const [row] = await tx
				.insert(budgets)
				.values(b)
				.onConflictDoUpdate({
					target: [budgets.departmentId, budgets.period, budgets.costType],
					set: { amountCents: b.amountCents, updatedAt: new Date() }
				})
				.returning();
			await audit(tx, actor, {
				action: before ? 'budget.updated' : 'budget.created',
				entityType: 'budget',
				entityId: row.id,
				before: before ?? undefined,
				after: row
			});
			out.push(row);
		}
		return out;
	});
}

export async function listBudgets(ctx: Ctx, q: { from: string; to: string }) {
	authorizeRead(ctx.actor);
	const { from, to } = parseInput(z.object({ from: period, to: period }), q);
	return ctx.db
		.select()
		.from(budgets)
		.where(and(gte(budgets.period, from), lte(budgets.period, to)))
		.orderBy(asc(budgets.period), asc(budgets.departmentId), asc(budgets.costType));
}
