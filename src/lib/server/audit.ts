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

/** An audit row as services hand it out (history pages, the audit log, its CSV). */
export interface AuditRecord {
	id: number;
	at: string;
	actorId: string | null;
	actorLabel: string;
	action: string;
	entityType: string;
	entityId: string;
	before: unknown;
	after: unknown;
}

export function auditRecord(r: typeof auditLog.$inferSelect): AuditRecord {
	return {
		id: r.id,
		at: r.at.toISOString(),
		actorId: r.actorId,
		actorLabel: r.actorLabel,
		action: r.action,
		entityType: r.entityType,
		entityId: r.entityId,
		before: r.before,
		after: r.after
	};
}
