/**
 * Ticket event types shared by the ticket service (Postgres events + outbox), the relay and
 * ClickHouse `ticket_events` (schemas/clickhouse/0001_ticket_events.sql), and the KPI engine.
 *
 * Every event carries a snapshot of the ticket's dimensions after the change, so analytics never
 * joins back to Postgres. Durations are business seconds on the ticket's SLA calendar, pending
 * time excluded, computed by the SLA engine when the event happens (docs/KPIS.md).
 */
export const TICKET_EVENT_TYPES = [
	'ticket.created',
	'ticket.assigned',
	'ticket.status_changed',
	'ticket.escalated',
	'ticket.commented',
	'ticket.work_logged',
	'ticket.resolved',
	'ticket.reopened',
	'ticket.closed',
	/** A field edit (payload.changes: { field: { from, to } }) or a merge into this ticket. */
	'ticket.updated',
	'sla.warning',
	'sla.breached',
	'survey.answered'
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

export const CATEGORIES = [
	'hardware',
	'software',
	'network',
	'security',
	'user_support',
	'service_request',
	'data_recovery',
	'performance',
	'consulting',
	'other'
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TIERS = ['L0', 'L1', 'L2', 'L3'] as const;
export type Tier = (typeof TIERS)[number];

export const CHANNELS = ['portal', 'email', 'phone', 'chat', 'api', 'monitoring'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TICKET_TYPES = ['incident', 'service_request'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const STATUSES = ['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed', 'reopened'] as const;
export type Status = (typeof STATUSES)[number];

/** Impact and urgency of the priority matrix (tickets/priority.ts). */
export const IMPACTS = ['high', 'medium', 'low'] as const;
export type Impact = (typeof IMPACTS)[number];
export const URGENCIES = ['high', 'medium', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const PENDING_REASONS = ['requester', 'vendor'] as const;
export type PendingReason = (typeof PENDING_REASONS)[number];

export type SlaClockName = 'response' | 'resolution';
export type SlaThresholdName = 'warning50' | 'warning75' | 'breached';

/** One row of ClickHouse `ticket_events`; also the payload of the Postgres event and outbox rows. */
export interface TicketEventRow {
	event_id: string;
	ticket_id: string;
	ticket_number: string;
	type: TicketEventType;
	/** ISO-8601 UTC with milliseconds. */
	at: string;
	ticket_created_at: string;
	actor_id: string;
	/** agent | requester | system | monitoring */
	actor_kind: string;
	ticket_type: TicketType;
	channel: Channel;
	category: Category;
	priority: Priority;
	tier: Tier;
	group_id: string;
	agent_id: string;
	department_id: string;
	ci_id: string;
	/** Monitoring source id for monitoring tickets, else ''. */
	source: string;
	status: Status;
	from_status: string;
	/** First human agent response (on that ticket.commented event): created → now. */
	response_s: number | null;
	/** On ticket.resolved: created → resolved. */
	resolution_s: number | null;
	/** On ticket.work_logged: the seconds logged. On ticket.resolved: all work logged so far. */
	work_s: number;
	/** On leaving pending: that pause; on ticket.resolved: all pending so far (business s). */
	pending_s: number | null;
	sla_clock: '' | SlaClockName;
	sla_threshold: '' | SlaThresholdName;
	/** On the first-response event (response clock) and on ticket.resolved (resolution clock). */
	sla_met: number | null;
	/** FCR inputs, on ticket.resolved: the history so far. */
	escalated: number;
	reassigned: number;
	pended_requester: number;
	reopen_count: number;
	csat: number | null;
	/** Free details as JSON text (reason, comment length, escalation target…). */
	payload: string;
}
