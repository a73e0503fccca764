/** The audit helper: services call it inside their transaction, so the row commits or rolls back with the change. */
import { auditLog } from '../../../schemas/postgres/index';
import type { Db } from './db/index';
import type { Actor } from './rbac/actor';

export interface AuditEntry {
	action: string;
	entityType: string;
	entityId: string;
	before?: unknown;
	after?: unknown;
}

export async function audit(tx: Db, actor: Actor, entry: AuditEntry): Promise<void> {
	await tx.insert(auditLog).values({
		actorId: actor.accountId,
		actorLabel: actor.label,
		action: entry.action,
		entityType: entry.entityType,
		entityId: entry.entityId,
		before: entry.before ?? null,
		after: entry.after ?? null
	});
}
