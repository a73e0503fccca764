/** Tickets, groups, SLA calendars and policies, the event log and the outbox. */
import { sql } from 'drizzle-orm';
import {
	customType,
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
	uniqueIndex,
	unique
} from 'drizzle-orm/pg-core';
import { accounts, departments } from './rbac';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
	dataType: () => 'bytea',
	fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v))
});

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
		csat: integer('csat'),
		/** Optimistic concurrency: +1 on every change; a command naming an older one gets 409. */
		version: integer('version').notNull().default(1),
		/** ISO 639-1 of the ticket's text (en, fr, es…): picks the text-search configuration. */
		language: text('language').notNull().default('en'),
		/** Impact × urgency (high | medium | low) give the priority unless overridden with a reason. */
		impact: text('impact'),
		urgency: text('urgency'),
		/** When the next running SLA clock is due (null while paused or done): the queue's sort key. */
		slaDueAt: ts('sla_due_at'),
		/** A duplicate closed by a merge points at the ticket it was merged into. */
		mergedIntoId: uuid('merged_into_id')
		// Search vectors search_tsv, comments_tsv, internal_tsv (+ GIN indexes) are added by the
		// hand-written part of migration 0010 and kept by its triggers: deliberately not mapped
		// here, so no select ever drags them into the app.
	},
	(t) => [
		index('tickets_status_idx').on(t.status),
		index('tickets_created_idx').on(t.createdAt),
		index('tickets_group_idx').on(t.groupId, t.status),
		index('tickets_agent_idx').on(t.agentId, t.status),
		index('tickets_ci_idx').on(t.ciId),
		index('tickets_sla_due_idx').on(sql`coalesce(${t.slaDueAt}, 'infinity'::timestamptz)`, t.id),
		index('tickets_updated_idx').on(t.updatedAt, t.id),
		index('tickets_requester_idx').on(t.requesterId, t.status),
		index('tickets_resolved_idx').on(t.resolvedAt, t.id)
	]
);

/** People who follow a ticket (they move to the surviving ticket on a merge). */
export const ticketWatchers = pgTable(
	'ticket_watchers',
	{
		ticketId: uuid('ticket_id')
			.notNull()
			.references(() => tickets.id, { onDelete: 'cascade' }),
		accountId: uuid('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		at: ts('at').notNull().defaultNow()
	},
	(t) => [uniqueIndex('ticket_watchers_uq').on(t.ticketId, t.accountId)]
);

/** Files on a ticket: metadata here, bytes in ticket_attachment_chunks (streamed in and out). */
export const ticketAttachments = pgTable(
	'ticket_attachments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		ticketId: uuid('ticket_id')
			.notNull()
			.references(() => tickets.id, { onDelete: 'cascade' }),
		/** Follows its comment's visibility: an attachment of an internal note is internal. */
		public: boolean('public').notNull().default(true),
		commentId: uuid('comment_id'),
		filename: text('filename').notNull(),
		/** Sniffed from the bytes, not taken from the client. */
		contentType: text('content_type').notNull(),
		sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
		sha256: text('sha256').notNull(),
		uploadedBy: uuid('uploaded_by'),
		uploadedByLabel: text('uploaded_by_label').notNull(),
		at: ts('at').notNull().defaultNow()
	},
	(t) => [index('ticket_attachments_ticket_idx').on(t.ticketId, t.at)]
);

export const ticketAttachmentChunks = pgTable(
	'ticket_attachment_chunks',
	{
		attachmentId: uuid('attachment_id')
			.notNull()
			.references(() => ticketAttachments.id, { onDelete: 'cascade' }),
		seq: integer('seq').notNull(),
		data: bytea('data').notNull()
	},
	(t) => [uniqueIndex('ticket_attachment_chunks_pk').on(t.attachmentId, t.seq)]
);

/** Desk settings (attachment limit, blocked types): key → JSON value; defaults live in code. */
export const deskSettings = pgTable('desk_settings', {
	key: text('key').primaryKey(),
	value: jsonb('value').notNull(),
	updatedAt: ts('updated_at').notNull().defaultNow()
});

/** An agent's saved queue views (a name and the query string of the filters). */
export const savedViews = pgTable(
	'saved_views',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		accountId: uuid('account_id')
			.notNull()
			.references(() => accounts.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		query: text('query').notNull(),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [uniqueIndex('saved_views_account_name_uq').on(t.accountId, t.name)]
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

/**
 * Open tickets per (group, agent, status): the queue tabs' counts without counting rows. Kept by
 * the trigger of migration 0014 in the same transaction as every ticket insert, update of
 * status/group/agent, and delete (commands, bulk actions, merges, COPY loads alike).
 */
export const ticketQueueCounts = pgTable(
	'ticket_queue_counts',
	{
		groupId: uuid('group_id'),
		agentId: uuid('agent_id'),
		status: text('status').notNull(),
		n: integer('n').notNull().default(0)
	},
	(t) => [unique('ticket_queue_counts_uq').on(t.groupId, t.agentId, t.status).nullsNotDistinct()]
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
