/** Tickets, groups, SLA calendars and policies, the event log and the outbox. */
import { sql } from 'drizzle-orm';
import {
	pgTable,
	pgSequence,
	uuid,
	text,
	timestamp,
	boolean,
	integer,
	bigint,
	bigserial,
	jsonb,
	doublePrecision,
	index,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { accounts, departments } from './rbac';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const groups = pgTable('groups', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull().unique(),
	tier: text('tier').notNull(),
	leadAccountId: uuid('lead_account_id').references(() => accounts.id),
	createdAt: ts('created_at').notNull().defaultNow()
});

export const groupMembers = pgTable(
	'group_members',
	{
		groupId: uuid('group_id')
			.notNull()
			.references(() => groups.id, { onDelete: 'cascade' }),
		accountId: uuid('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' })
	},
	(t) => [uniqueIndex('group_members_uq').on(t.groupId, t.accountId)]
);

/** Business calendars: weekly hours per weekday (0 = Sunday), local minute intervals, holidays. */
export const slaCalendars = pgTable('sla_calendars', {
	id: text('id').primaryKey(),
	timeZone: text('time_zone').notNull(),
	weeklyHours: jsonb('weekly_hours').notNull(),
	holidays: jsonb('holidays').notNull(),
	updatedAt: ts('updated_at').notNull().defaultNow()
});

export const slaPolicies = pgTable('sla_policies', {
	priority: text('priority').primaryKey(),
	calendarId: text('calendar_id')
		.notNull()
		.references(() => slaCalendars.id),
	/** { unit, value } or null (no response target). */
	response: jsonb('response'),
	resolution: jsonb('resolution').notNull(),
	/** A breached resolution clock also escalates functionally (next tier). */
	escalateOnBreach: boolean('escalate_on_breach').notNull().default(false),
	updatedAt: ts('updated_at').notNull().defaultNow()
});

export const ticketNumberSeq = pgSequence('ticket_number_seq', { startWith: 1 });

export const tickets = pgTable(
	'tickets',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		number: text('number').notNull().unique(),
		type: text('type').notNull(),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		requesterId: uuid('requester_id').references(() => accounts.id),
		requesterName: text('requester_name'),
		departmentId: uuid('department_id').references(() => departments.id),
		channel: text('channel').notNull(),
		category: text('category').notNull(),
		priority: text('priority').notNull(),
		tier: text('tier').notNull(),
		groupId: uuid('group_id').references(() => groups.id),
		agentId: uuid('agent_id').references(() => accounts.id),
		ciId: uuid('ci_id'),
		/** Monitoring source for auto-tickets. */
		source: text('source'),
		parentId: uuid('parent_id'),
		status: text('status').notNull(),
		pendingReason: text('pending_reason'),
		createdAt: ts('created_at').notNull(),
		updatedAt: ts('updated_at').notNull(),
		firstResponseAt: ts('first_response_at'),
		resolvedAt: ts('resolved_at'),
		closedAt: ts('closed_at'),
		resolutionCode: text('resolution_code'),
		resolutionText: text('resolution_text'),
		// FCR inputs, kept as the history happens.
		escalated: boolean('escalated').notNull().default(false),
		reassigned: boolean('reassigned').notNull().default(false),
		pendedRequester: boolean('pended_requester').notNull().default(false),
		reopenCount: integer('reopen_count').notNull().default(0),
		workS: integer('work_s').notNull().default(0),
		// SLA: targets fixed at creation (or priority change) from the policy in force.
		slaCalendarId: text('sla_calendar_id').notNull(),
		slaResponseMs: bigint('sla_response_ms', { mode: 'number' }),
		slaResolutionMs: bigint('sla_resolution_ms', { mode: 'number' }).notNull(),
		slaResponseDueAt: ts('sla_response_due_at'),
		slaResolutionDueAt: ts('sla_resolution_due_at'),
		/** Thresholds already emitted, e.g. 'response:warning50', 'resolution:breached'. */
		slaFired: text('sla_fired').array().notNull().default(sql`'{}'::text[]`),
		responseMet: boolean('response_met'),
		resolutionMet: boolean('resolution_met'),
		flapping: boolean('flapping').notNull().default(false),
		csat: integer('csat')
	},
	(t) => [
		index('tickets_status_idx').on(t.status),
		index('tickets_created_idx').on(t.createdAt),
		index('tickets_group_idx').on(t.groupId, t.status),
		index('tickets_agent_idx').on(t.agentId, t.status),
		index('tickets_ci_idx').on(t.ciId)
	]
);

/** Pending periods: the SLA clocks pause while one is open. */
export const ticketPauses = pgTable(
	'ticket_pauses',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		ticketId: uuid('ticket_id')
			.notNull()
			.references(() => tickets.id, { onDelete: 'cascade' }),
		reason: text('reason').notNull(),
		startAt: ts('start_at').notNull(),
		endAt: ts('end_at')
	},
	(t) => [index('ticket_pauses_ticket_idx').on(t.ticketId)]
);

export const ticketComments = pgTable(
	'ticket_comments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		ticketId: uuid('ticket_id')
			.notNull()
			.references(() => tickets.id, { onDelete: 'cascade' }),
		authorId: uuid('author_id'),
		authorLabel: text('author_label').notNull(),
		public: boolean('public').notNull(),
		body: text('body').notNull(),
		at: ts('at').notNull()
	},
	(t) => [index('ticket_comments_ticket_idx').on(t.ticketId, t.at)]
);

/** Append-only event log (the history shown on a ticket). */
export const ticketEvents = pgTable(
	'ticket_events',
	{
		id: uuid('id').primaryKey(),
		ticketId: uuid('ticket_id')
			.notNull()
			.references(() => tickets.id, { onDelete: 'cascade' }),
		type: text('type').notNull(),
		at: ts('at').notNull(),
		actorId: uuid('actor_id'),
		actorLabel: text('actor_label').notNull(),
		data: jsonb('data').notNull()
	},
	(t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.at)]
);

/** Transactional outbox: written with the change, shipped to ClickHouse by the relay. */
export const outbox = pgTable(
	'outbox',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		topic: text('topic').notNull(),
		eventId: uuid('event_id').notNull(),
		payload: jsonb('payload').notNull(),
		createdAt: ts('created_at').notNull().defaultNow(),
		shippedAt: ts('shipped_at')
	},
	(t) => [
		index('outbox_pending_idx').on(t.id).where(sql`shipped_at is null`),
		// The analytics rebuild (src/lib/server/events/rebuild.ts) finds each event's outbox row.
		index('outbox_event_idx').on(t.eventId)
	]
);

/**
 * The relay's batch in flight: written (one small row) before the ClickHouse INSERT, cleared
 * with the shipped mark. Present at start = the previous send may have reached ClickHouse.
 * One row per batch instead of a per-row attempts counter halves the outbox rewrites.
 */
export const outboxInflight = pgTable('outbox_inflight', {
	relay: text('relay').primaryKey(),
	ids: bigint('ids', { mode: 'number' }).array().notNull(),
	at: ts('at').notNull().defaultNow()
});

/** Notifications to people (hierarchical escalation, SLA breach to the lead, finance drafts). */
export const notifications = pgTable(
	'notifications',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		ticketId: uuid('ticket_id'),
		message: text('message').notNull(),
		at: ts('at').notNull().defaultNow(),
		readAt: ts('read_at')
	},
	(t) => [index('notifications_account_idx').on(t.accountId, t.at)]
);

export const workerRuns = pgTable('worker_runs', {
	id: bigserial('id', { mode: 'number' }).primaryKey(),
	job: text('job').notNull(),
	startedAt: ts('started_at').notNull(),
	durationMs: doublePrecision('duration_ms').notNull(),
	ok: boolean('ok').notNull(),
	error: text('error')
});
