/** A CI's history (its audit rows and those of its relations) and restoring attributes from it. */
import { and, asc, eq, or, sql } from 'drizzle-orm';
import { auditLog } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { authorize } from '../rbac/actor';
import { notFound, unprocessable } from '../errors';
import { parseInput } from '../validate';
import { loadCi, patchCi, type CiView } from './items';
import { z } from 'zod';
import { auditRecord, type AuditRecord } from '../audit';

export type HistoryEntry = AuditRecord;

export async function ciHistory(ctx: Ctx, id: string): Promise<HistoryEntry[]> {
	authorize(ctx.actor, 'cmdb.read');
	const ciId = parseInput(z.uuid('must be a configuration item id'), id);
	const touchesCi = (col: typeof auditLog.before | typeof auditLog.after) =>
		sql`(${col}->>'fromCiId' = ${ciId} or ${col}->>'toCiId' = ${ciId})`;
	const rows = await ctx.db
		.select()
		.from(auditLog)
		.where(
			or(
				and(eq(auditLog.entityType, 'ci'), eq(auditLog.entityId, ciId)),
				and(eq(auditLog.entityType, 'ci_relation'), or(touchesCi(auditLog.before), touchesCi(auditLog.after)))
			)
		)
		.orderBy(asc(auditLog.at), asc(auditLog.id));
	if (!rows.length) {
		await loadCi(ctx.db, ciId); // 404 for an unknown CI rather than an empty history
	}
	return rows.map(auditRecord);
}

const restoreInput = z.object({
	ciId: z.uuid('must be a configuration item id'),
	auditId: z.coerce.number().int().positive('must be a history entry id')
});

/**
 * Puts back the attribute set a CI had in a history entry (the entry's `after`, or its `before`
 * for a deletion). Validated against the class as it is today; audited as 'ci.restored'.
 */
export async function restoreCiAttributes(ctx: Ctx, raw: unknown): Promise<CiView> {
	const actor = authorize(ctx.actor, 'cmdb.write');
	const input = parseInput(restoreInput, raw);
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx.select().from(auditLog).where(eq(auditLog.id, input.auditId));
		if (!row || row.entityType !== 'ci' || row.entityId !== input.ciId) {
			throw notFound(`History entry ${input.auditId} of configuration item ${input.ciId}`);
		}
		const snap = (row.after ?? row.before) as { attributes?: Record<string, unknown> } | null;
		if (!snap || typeof snap.attributes !== 'object' || snap.attributes === null) {
			throw unprocessable(`auditId: history entry ${input.auditId} holds no attribute set`, 'auditId');
		}
		return patchCi(tx, actor, input.ciId, { attributes: snap.attributes }, 'ci.restored', { restoredFrom: input.auditId });
	});
}
