/**
 * Finance: fiscal periods, budgets, versioned rate cards, cost pools, settings, and the
 * chargeback/showback statements a run produces. Money is integer cents (bigint, mode number:
 * a single amount is a safe integer; the statement total, a sum, is mode bigint). Cost centers are departments. Every mutation is audited (entity types
 * 'fiscal_period', 'budget', 'rate_card', 'cost_pool', 'finance_settings', 'statement').
 */
import { sql } from 'drizzle-orm';
import {
	pgTable,
	uuid,
	text,
	timestamp,
	integer,
	bigint,
	bigserial,
	date,
	doublePrecision,
	jsonb,
	index,
	uniqueIndex,
	check
} from 'drizzle-orm/pg-core';
import { accounts, departments } from './rbac';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const cents = (name: string) => bigint(name, { mode: 'number' });

/** One row (id = 1): the currency statements are in and whether they bill (chargeback) or only show. */
export const financeSettings = pgTable(
	'finance_settings',
	{
		id: integer('id').primaryKey().default(1),
		currency: text('currency').notNull().default('EUR'),
		mode: text('mode').notNull().default('showback'),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [
		check('finance_settings_singleton_ck', sql`${t.id} = 1`),
		check('finance_settings_mode_ck', sql`${t.mode} in ('showback', 'chargeback')`)
	]
);

/** A month 'YYYY-MM' (UTC, half-open [first day, first day of next month)). */
export const fiscalPeriods = pgTable(
	'fiscal_periods',
	{
		period: text('period').primaryKey(),
		status: text('status').notNull().default('open'),
		closedAt: ts('closed_at'),
		closedBy: uuid('closed_by').references(() => accounts.id),
		/** The last reopening (who/when/why); the audit log keeps every one. */
		reopenedAt: ts('reopened_at'),
		reopenedBy: uuid('reopened_by').references(() => accounts.id),
		reopenReason: text('reopen_reason'),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [
		check('fiscal_periods_period_ck', sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
		check('fiscal_periods_status_ck', sql`${t.status} in ('open', 'closed')`)
	]
);

/** Budget of a cost center for a period and cost type (the statement line kinds). */
export const budgets = pgTable(
	'budgets',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		departmentId: uuid('department_id')
			.notNull()
			.references(() => departments.id, { onDelete: 'cascade' }),
		period: text('period').notNull(),
		costType: text('cost_type').notNull(),
		amountCents: cents('amount_cents').notNull(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('budgets_uq').on(t.departmentId, t.period, t.costType),
		index('budgets_period_idx').on(t.period),
		check('budgets_amount_ck', sql`${t.amountCents} >= 0`)
	]
);

/**
 * A rate card version: the whole card is replaced by a newer one. The version in force for a
 * period is the one with the latest effective_from on or before the period's first day.
 */
export const rateCards = pgTable('rate_cards', {
	id: uuid('id').primaryKey().defaultRandom(),
	effectiveFrom: date('effective_from', { mode: 'string' }).notNull().unique(),
	note: text('note').notNull().default(''),
	createdBy: uuid('created_by').references(() => accounts.id),
	createdAt: ts('created_at').notNull().defaultNow()
});

/**
 * One rate of a card. kind = ticket (category × priority, ticket_type null = any type),
 * agent_hour (tier), ci_month (ci_class), service_fee (service, charged to department_id, or to
 * every cost center when null).
 */
export const rateCardEntries = pgTable(
	'rate_card_entries',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		rateCardId: uuid('rate_card_id')
			.notNull()
			.references(() => rateCards.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		category: text('category'),
		priority: text('priority'),
		ticketType: text('ticket_type'),
		tier: text('tier'),
		ciClass: text('ci_class'),
		service: text('service'),
		departmentId: uuid('department_id').references(() => departments.id, { onDelete: 'cascade' }),
		unitRateCents: cents('unit_rate_cents').notNull()
	},
	(t) => [
		index('rate_card_entries_card_idx').on(t.rateCardId),
		check('rate_card_entries_kind_ck', sql`${t.kind} in ('ticket', 'agent_hour', 'ci_month', 'service_fee')`),
		check('rate_card_entries_rate_ck', sql`${t.unitRateCents} >= 0`)
	]
);

/**
 * A shared cost of a period spread over cost centers: even, by tickets created, by agent work
 * hours, or fixed percentages ({ departmentId: pct }, summing to 100).
 */
export const costPools = pgTable(
	'cost_pools',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		period: text('period').notNull(),
		amountCents: cents('amount_cents').notNull(),
		rule: text('rule').notNull(),
		percentages: jsonb('percentages'),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('cost_pools_uq').on(t.period, t.name),
		check('cost_pools_rule_ck', sql`${t.rule} in ('even', 'tickets', 'work_hours', 'fixed_pct')`),
		check('cost_pools_amount_ck', sql`${t.amountCents} >= 0`)
	]
);

/** One statement per period (all cost centers); a re-run replaces the draft, a closed one is frozen. */
export const statements = pgTable(
	'statements',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		period: text('period').notNull().unique(),
		status: text('status').notNull().default('draft'),
		mode: text('mode').notNull(),
		currency: text('currency').notNull(),
		rateCardId: uuid('rate_card_id').references(() => rateCards.id),
		/** sha256 of the canonical JSON of the usage, rates, pools and cost centers priced. */
		fingerprint: text('fingerprint').notNull(),
		/** A sum: can pass 2^53, so read and written as a BigInt (the API sends it as a digit string). */
		totalCents: bigint('total_cents', { mode: 'bigint' }).notNull(),
		/** { byDepartment: { id|'': cents }, byKind: { kind: cents }, tickets: n }; cents as digit strings (older rows: numbers). */
		totals: jsonb('totals').notNull(),
		createdBy: uuid('created_by').references(() => accounts.id),
		createdAt: ts('created_at').notNull().defaultNow(),
		closedAt: ts('closed_at'),
		closedBy: uuid('closed_by').references(() => accounts.id)
	},
	(t) => [check('statements_status_ck', sql`${t.status} in ('draft', 'closed')`)]
);

/**
 * A priced line. kind ∈ tickets | labor | ci | services | overhead (also the budget cost types).
 * item names the service/category ('hardware/P2/incident', 'L2', 'server', pool name); dims holds
 * the usage key for the drill-down. department_id null = usage with no cost center.
 */
export const statementLines = pgTable(
	'statement_lines',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		statementId: uuid('statement_id')
			.notNull()
			.references(() => statements.id, { onDelete: 'cascade' }),
		departmentId: uuid('department_id'),
		kind: text('kind').notNull(),
		item: text('item').notNull(),
		basis: text('basis').notNull(),
		units: doublePrecision('units').notNull(),
		unitRateCents: cents('unit_rate_cents'),
		amountCents: cents('amount_cents').notNull(),
		dims: jsonb('dims').notNull().default(sql`'{}'::jsonb`)
	},
	(t) => [index('statement_lines_stmt_idx').on(t.statementId, t.departmentId)]
);
