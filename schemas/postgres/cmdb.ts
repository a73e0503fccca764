/**
 * CMDB: classes, configuration items, monitoring identities, relationships, change requests
 * with approvals, and the maintenance windows approved changes open. History lives in audit_log
 * (entity types 'ci', 'ci_relation', 'change', 'ci_class').
 */
import { sql } from 'drizzle-orm';
import {
	pgTable,
	uuid,
	text,
	timestamp,
	boolean,
	integer,
	bigserial,
	jsonb,
	index,
	uniqueIndex,
	check
} from 'drizzle-orm/pg-core';
import { accounts, departments } from './rbac';
import { groups } from './tickets';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A CI class and the spec of its attributes ({ fields: { name: { type, required, enum } } }). */
export const ciClasses = pgTable('ci_classes', {
	id: text('id').primaryKey(),
	label: text('label').notNull(),
	attributeSpec: jsonb('attribute_spec').notNull(),
	/** Built-in classes are re-seeded at boot; custom ones are created through the service. */
	builtin: boolean('builtin').notNull().default(false),
	createdAt: ts('created_at').notNull().defaultNow()
});

export const configurationItems = pgTable(
	'configuration_items',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		classId: text('class_id')
			.notNull()
			.references(() => ciClasses.id),
		status: text('status').notNull(),
		/** 1 = most critical … 4 = least. */
		criticality: integer('criticality').notNull(),
		ownerGroupId: uuid('owner_group_id').references(() => groups.id, { onDelete: 'set null' }),
		costCenterId: uuid('cost_center_id').references(() => departments.id, { onDelete: 'set null' }),
		location: text('location'),
		attributes: jsonb('attributes').notNull().default(sql`'{}'::jsonb`),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [
		index('ci_class_idx').on(t.classId, t.status),
		index('ci_name_lower_idx').on(sql`lower(${t.name})`),
		check('ci_criticality_ck', sql`${t.criticality} between 1 and 4`),
		check('ci_status_ck', sql`${t.status} in ('planned', 'active', 'maintenance', 'retired')`)
	]
);

/** How monitoring names a CI; values are stored normalized (trimmed, lower-case). */
export const ciIdentities = pgTable(
	'ci_identities',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		ciId: uuid('ci_id')
			.notNull()
			.references(() => configurationItems.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		value: text('value').notNull()
	},
	(t) => [
		uniqueIndex('ci_identities_kind_value_uq').on(t.kind, t.value),
		// findCiByIdentity looks candidates up by value whatever their kind.
		index('ci_identities_value_idx').on(t.value),
		index('ci_identities_ci_idx').on(t.ciId)
	]
);

/** `from` relates to `to`: depends_on/runs_on/hosted_on = from relies on to; part_of = from is part of to. */
export const ciRelations = pgTable(
	'ci_relations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		fromCiId: uuid('from_ci_id')
			.notNull()
			.references(() => configurationItems.id, { onDelete: 'cascade' }),
		toCiId: uuid('to_ci_id')
			.notNull()
			.references(() => configurationItems.id, { onDelete: 'cascade' }),
		type: text('type').notNull(),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('ci_relations_uq').on(t.fromCiId, t.toCiId, t.type),
		index('ci_relations_to_idx').on(t.toCiId, t.type),
		check('ci_relations_no_self_ck', sql`${t.fromCiId} <> ${t.toCiId}`)
	]
);

export const changeRequests = pgTable(
	'change_requests',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		type: text('type').notNull(),
		risk: text('risk').notNull(),
		/** Business services affected by the change's CIs (impact analysis, upstream). */
		impact: integer('impact').notNull().default(0),
		status: text('status').notNull(),
		plannedStart: ts('planned_start').notNull(),
		plannedEnd: ts('planned_end').notNull(),
		requestedBy: uuid('requested_by').references(() => accounts.id),
		requestedByLabel: text('requested_by_label').notNull(),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [
		index('change_requests_status_idx').on(t.status),
		check('change_window_ck', sql`${t.plannedEnd} > ${t.plannedStart}`)
	]
);

/** The CIs a change touches, with the update it applies when implementation starts. */
export const changeItems = pgTable(
	'change_items',
	{
		changeId: uuid('change_id')
			.notNull()
			.references(() => changeRequests.id, { onDelete: 'cascade' }),
		ciId: uuid('ci_id')
			.notNull()
			.references(() => configurationItems.id, { onDelete: 'cascade' }),
		/** { status?, attributes? (merged; null removes a key) } or null. */
		patch: jsonb('patch')
	},
	(t) => [uniqueIndex('change_items_uq').on(t.changeId, t.ciId), index('change_items_ci_idx').on(t.ciId)]
);

/** One row per required approver: a named account or anyone holding a role. */
export const changeApprovals = pgTable(
	'change_approvals',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		changeId: uuid('change_id')
			.notNull()
			.references(() => changeRequests.id, { onDelete: 'cascade' }),
		approverAccountId: uuid('approver_account_id'),
		approverRole: text('approver_role'),
		decision: text('decision'),
		decidedBy: uuid('decided_by'),
		decidedByLabel: text('decided_by_label'),
		comment: text('comment'),
		decidedAt: ts('decided_at')
	},
	(t) => [
		index('change_approvals_change_idx').on(t.changeId),
		check(
			'change_approvals_who_ck',
			sql`(${t.approverAccountId} is null) <> (${t.approverRole} is null)`
		)
	]
);

export const maintenanceWindows = pgTable(
	'maintenance_windows',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		ciId: uuid('ci_id')
			.notNull()
			.references(() => configurationItems.id, { onDelete: 'cascade' }),
		startsAt: ts('starts_at').notNull(),
		endsAt: ts('ends_at').notNull(),
		changeId: uuid('change_id').references(() => changeRequests.id, { onDelete: 'cascade' }),
		reason: text('reason').notNull()
	},
	(t) => [index('maintenance_windows_ci_idx').on(t.ciId, t.startsAt)]
);
