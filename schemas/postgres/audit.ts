/** Append-only audit trail; written by services inside the transaction of the change. */
import { pgTable, bigserial, uuid, text, timestamp, jsonb, index } from 'drizzle-orm/pg-core';

export const auditLog = pgTable(
	'audit_log',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		actorId: uuid('actor_id'),
		actorLabel: text('actor_label').notNull(),
		action: text('action').notNull(),
		entityType: text('entity_type').notNull(),
		entityId: text('entity_id').notNull(),
		before: jsonb('before'),
		after: jsonb('after')
	},
	(t) => [index('audit_entity_idx').on(t.entityType, t.entityId, t.at)]
);
