/** Staffing: saved shift plans (forecast, requirement, solution) and the nightly forecasts. */
import { pgTable, text, uuid, timestamp, jsonb, integer, index, real } from 'drizzle-orm/pg-core';
import { accounts } from './rbac';

export const staffingPlans = pgTable(
	'staffing_plans',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		name: text('name').notNull(),
		createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		/** RequirementParams as asked (start, days, intervalMin, channel, targets, what-ifs). */
		inputs: jsonb('inputs').notNull(),
		/** The Requirement at planning time: forecast per interval and heads required. */
		requirement: jsonb('requirement').notNull(),
		/** Shift templates and objective given to the solver. */
		shifts: jsonb('shifts').notNull(),
		/** ShiftPlanResult: assignments and coverage. */
		solution: jsonb('solution').notNull(),
		/** Rota (staffing/rota.ts): the solution given to named agents, with the roster as it was. */
		rota: jsonb('rota'),
		publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' })
	},
	(t) => [index('staffing_plans_created_at_idx').on(t.createdAt)]
);

export const staffingForecasts = pgTable(
	'staffing_forecasts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		/** a channel, or 'all' */
		channel: text('channel').notNull(),
		intervalMin: integer('interval_min').notNull(),
		/** first forecast interval (UTC midnight) */
		startsAt: timestamp('starts_at', { withTimezone: true, mode: 'date' }).notNull(),
		generatedAt: timestamp('generated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		method: text('method').notNull(),
		/** arrivals per interval from startsAt */
		arrivals: jsonb('arrivals').notNull(),
		/** backtest scores and notes of the forecast module */
		details: jsonb('details').notNull()
	},
	(t) => [index('staffing_forecasts_latest_idx').on(t.channel, t.intervalMin, t.generatedAt)]
);

/** The agent roster: contract and days off per agent; skills are their groups (group_members). */
export const staffingRoster = pgTable('staffing_roster', {
	accountId: uuid('account_id')
		.primaryKey()
		.references(() => accounts.id, { onDelete: 'cascade' }),
	/** contracted hours per week, 0–60 */
	contractedHours: real('contracted_hours').notNull(),
	/** ISO weekdays off every week (1 = Monday … 7 = Sunday) */
	weekdaysOff: jsonb('weekdays_off').$type<number[]>().notNull().default([]),
	/** dated days off (leave), YYYY-MM-DD */
	leave: jsonb('leave').$type<string[]>().notNull().default([]),
	updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
	updatedBy: uuid('updated_by').references(() => accounts.id, { onDelete: 'set null' })
});
