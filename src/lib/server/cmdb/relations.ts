/** Relationships between CIs; audited as entity 'ci_relation'. */
import { and, eq, or } from 'drizzle-orm';
import { ciRelations, configurationItems } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { authorize } from '../rbac/actor';
import { conflict, notFound, unprocessable } from '../errors';
import { parseInput } from '../validate';
import { isUniqueViolation } from './identities';
import { relationView } from './items';
import { relationInput } from './schemas';
import { z } from 'zod';

export type RelationView = ReturnType<typeof relationView>;

export async function createRelation(ctx: Ctx, raw: unknown): Promise<RelationView> {
	const actor = authorize(ctx.actor, 'cmdb.write');
	const input = parseInput(relationInput, raw);
	if (input.fromCiId === input.toCiId) {
		throw unprocessable('toCiId: a configuration item cannot relate to itself', 'toCiId');
	}
	return ctx.db.transaction(async (tx) => {
		const cis = await tx
			.select({ id: configurationItems.id, name: configurationItems.name })
			.from(configurationItems)
			.where(or(eq(configurationItems.id, input.fromCiId), eq(configurationItems.id, input.toCiId)));
		for (const id of [input.fromCiId, input.toCiId]) {
			if (!cis.some((c) => c.id === id)) throw notFound(`Configuration item ${id}`);
		}
		const name = (id: string) => cis.find((c) => c.id === id)!.name;
		const dupMessage = `Relation "${name(input.fromCiId)}" ${input.type} "${name(input.toCiId)}" already exists`;
		const [dup] = await tx
			.select({ id: ciRelations.id })
			.from(ciRelations)
			.where(
				and(eq(ciRelations.fromCiId, input.fromCiId), eq(ciRelations.toCiId, input.toCiId), eq(ciRelations.type, input.type))
			);
		if (dup) throw conflict(dupMessage);
		let row;
		try {
			[row] = await tx.insert(ciRelations).values(input).returning();
		} catch (e) {
			if (isUniqueViolation(e)) throw conflict(dupMessage);
			throw e;
		}
		const view = relationView(row);
		await audit(tx, actor, { action: 'ci_relation.created', entityType: 'ci_relation', entityId: row.id, after: view });
		return view;
	});
}

export async function deleteRelation(ctx: Ctx, id: string): Promise<void> {
	const actor = authorize(ctx.actor, 'cmdb.write');
	const relId = parseInput(z.uuid('must be a relation id'), id);
	await ctx.db.transaction(async (tx) => {
		const [row] = await tx.delete(ciRelations).where(eq(ciRelations.id, relId)).returning();
		if (!row) throw notFound(`Relation ${relId}`);
		await audit(tx, actor, { action: 'ci_relation.deleted', entityType: 'ci_relation', entityId: row.id, before: relationView(row) });
	});
}

/** The relations of one CI, both directions. */
export async function relationsOf(ctx: Ctx, ciId: string): Promise<RelationView[]> {
	authorize(ctx.actor, 'cmdb.read');
	const id = parseInput(z.uuid('must be a configuration item id'), ciId);
	const rows = await ctx.db
		.select()
		.from(ciRelations)
		.where(or(eq(ciRelations.fromCiId, id), eq(ciRelations.toCiId, id)))
		.orderBy(ciRelations.type, ciRelations.createdAt);
	return rows.map(relationView);
}
