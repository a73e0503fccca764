/** Cron job claims: one row per job and schedule slot, so no slot runs twice across processes. */
import { pgTable, text, timestamp, boolean, doublePrecision, primaryKey, index } from 'drizzle-orm/pg-core';

export const jobRuns = pgTable(
	'job_runs',
	{
		job: text('job').notNull(),
		/** The schedule slot (the cron time the run is for, to the second, UTC). */
		slot: timestamp('slot', { withTimezone: true, mode: 'date' }).notNull(),
		/** Which process claimed it (host:pid), for the operator. */
		owner: text('owner').notNull(),
		startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
		durationMs: doublePrecision('duration_ms'),
		/** null while running. */
		ok: boolean('ok'),
		error: text('error')
	},
	(t) => [primaryKey({ columns: [t.job, t.slot] }), index('job_runs_started_idx').on(t.startedAt)]
);
