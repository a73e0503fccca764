/**
 * Monitoring ingest: webhook sources (their credentials and routing defaults), every raw request
 * stored before it is answered, one problem row per deduplicated alert key, and the downtimes
 * Nagios/Icinga announce (DOWNTIMESTART/END) until the CMDB's maintenance windows take over.
 */
import { sql } from 'drizzle-orm';
import { pgTable, uuid, text, timestamp, boolean, integer, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { groups, tickets } from './tickets';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const monitoringSources = pgTable('monitoring_sources', {
	id: uuid('id').primaryKey().defaultRandom(),
	/** Normaliser kind (ingest/normalize KINDS): the URL /api/ingest/<kind> must match it. */
	kind: text('kind').notNull(),
	name: text('name').notNull().unique(),
	/** sha256 of the current token; the token itself is shown once. */
	tokenHash: text('token_hash').notNull(),
	/** The previous token stays valid until prevExpiresAt, so senders can be re-configured. */
	prevTokenHash: text('prev_token_hash'),
	prevExpiresAt: ts('prev_expires_at'),
	/** When set, bodies must carry a hex HMAC-SHA256 signature (Grafana style). */
	hmacSecret: text('hmac_secret'),
	/** Accepted clock skew of the signature timestamp header, in seconds. */
	hmacWindowS: integer('hmac_window_s').notNull().default(300),
	rateLimitPerMin: integer('rate_limit_per_min').notNull().default(600),
	defaultGroupId: uuid('default_group_id').references(() => groups.id),
	/** Per-source override of severity → priority when the CI's criticality is unknown. */
	priorityMap: jsonb('priority_map').notNull().default(sql`'{}'::jsonb`),
	/** 'resolve': a recovery resolves the ticket; 'note': it only adds a note. */
	resolveMode: text('resolve_mode').notNull().default('resolve'),
	lastSeenAt: ts('last_seen_at'),
	createdAt: ts('created_at').notNull().defaultNow()
});

export const rawAlerts = pgTable(
	'raw_alerts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		sourceId: uuid('source_id')
			.notNull()
			.references(() => monitoringSources.id, { onDelete: 'cascade' }),
		receivedAt: ts('received_at').notNull(),
		contentType: text('content_type').notNull(),
		body: text('body').notNull(),
		/** sha256 of the body: a retried delivery (same source, same bytes) changes nothing. */
		bodyHash: text('body_hash').notNull(),
		headers: jsonb('headers').notNull(),
		/** received → processed | rejected (malformed) | failed (unexpected error, kept for replay). */
		status: text('status').notNull(),
		error: text('error'),
		/** Per alert of the body: { dedupKey, action, outcome, ticketId }. */
		outcomes: jsonb('outcomes'),
		processedAt: ts('processed_at')
	},
	(t) => [
		index('raw_alerts_pending_idx').on(t.receivedAt).where(sql`status = 'received'`),
		index('raw_alerts_source_hash_idx').on(t.sourceId, t.bodyHash),
		index('raw_alerts_source_status_idx').on(t.sourceId, t.status, t.receivedAt)
	]
);

export const alertProblems = pgTable(
	'alert_problems',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		sourceId: uuid('source_id')
			.notNull()
			.references(() => monitoringSources.id, { onDelete: 'cascade' }),
		/** `${sourceId}:${alert.dedupKey}` */
		dedupKey: text('dedup_key').notNull(),
		host: text('host').notNull(),
		service: text('service'),
		ticketId: uuid('ticket_id').references(() => tickets.id),
		/** Host-down grouping: the host problem's ticket this service problem sits under. */
		parentTicketId: uuid('parent_ticket_id').references(() => tickets.id),
		ciId: uuid('ci_id'),
		state: text('state').notNull(),
		severity: text('severity').notNull(),
		flapping: boolean('flapping').notNull().default(false),
		/** The last applied (action, state, comment) fingerprint: a re-sent ack/resolve is a no-op. */
		lastApplied: text('last_applied'),
		firstAlertAt: ts('first_alert_at').notNull(),
		lastAlertAt: ts('last_alert_at').notNull(),
		repeatCount: integer('repeat_count').notNull().default(0),
		resolvedAt: ts('resolved_at')
	},
	(t) => [
		uniqueIndex('alert_problems_key_uq').on(t.sourceId, t.dedupKey),
		index('alert_problems_host_idx').on(t.sourceId, t.host, t.state)
	]
);

export const monitoringDowntimes = pgTable(
	'monitoring_downtimes',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		sourceId: uuid('source_id')
			.notNull()
			.references(() => monitoringSources.id, { onDelete: 'cascade' }),
		host: text('host').notNull(),
		/** '' for a host downtime (covers all its services). */
		service: text('service').notNull().default(''),
		startAt: ts('start_at').notNull(),
		endAt: ts('end_at')
	},
	(t) => [index('monitoring_downtimes_host_idx').on(t.sourceId, t.host)]
);
