/** Inputs of the ticket verbs; zod messages name the field (parseInput prefixes the path). */
import { z } from 'zod';
import {
	CATEGORIES,
	CHANNELS,
	IMPACTS,
	URGENCIES,
	PENDING_REASONS,
	PRIORITIES,
	STATUSES,
	TICKET_TYPES,
	TIERS
} from '../../../../schemas/events';

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
	z.enum(values, { error: `must be one of ${values.join(', ')}` });

const id = z.uuid('must be a UUID');
const text = (max: number) => z.string({ error: 'must be a string' }).trim().max(max, `must be at most ${max} characters`);
const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' });

export const createTicketInput = z.object({
	type: oneOf(TICKET_TYPES).default('incident'),
	title: text(300).min(1, 'is required'),
	description: text(20_000).default(''),
	channel: oneOf(CHANNELS).default('portal'),
	category: oneOf(CATEGORIES).default('other'),
	/** Default: from impact × urgency when both are given, else P3. */
	priority: oneOf(PRIORITIES).optional(),
	/** Required when priority differs from the impact × urgency matrix. */
	priorityReason: text(2000).optional(),
	tier: oneOf(TIERS).default('L0'),
	groupId: id.nullable().optional(),
	agentId: id.nullable().optional(),
	requesterId: id.nullable().optional(),
	requesterName: text(200).nullable().optional(),
	departmentId: id.nullable().optional(),
	ciId: id.nullable().optional(),
	source: text(100).nullable().optional(),
	parentId: id.nullable().optional(),
	impact: oneOf(IMPACTS).nullable().optional(),
	urgency: oneOf(URGENCIES).nullable().optional(),
	language: z.string({ error: 'must be a string' }).regex(/^[a-z]{2}$/, 'must be a two-letter language code (en, fr, es…)').optional()
});
export type CreateTicketInput = z.input<typeof createTicketInput>;

const assign = z.object({ action: z.literal('assign'), groupId: id.nullable().optional(), agentId: id.nullable().optional() });
const start = z.object({ action: z.literal('start') });
const pend = z.object({ action: z.literal('pend'), reason: oneOf(PENDING_REASONS) });
const resume = z.object({ action: z.literal('resume') });
const escalate = z.object({
	action: z.literal('escalate'),
	kind: oneOf(['functional', 'hierarchical'] as const).default('functional'),
	groupId: id.nullable().optional(),
	reason: text(2000).min(1, 'is required')
});
const comment = z.object({
	action: z.literal('comment'),
	body: text(20_000).min(1, 'is required'),
	public: z.boolean({ error: 'must be true or false' }).default(true),
	/** Auto-replies never count as the first response. */
	auto: z.boolean({ error: 'must be true or false' }).default(false),
	/** Work time logged with the reply (the composer's field). */
	workMinutes: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be ≥ 0').max(24 * 60, 'must be at most 1440').optional()
});
const logWork = z.object({
	action: z.literal('log_work'),
	minutes: z.number({ error: 'must be a number' }).int('must be a whole number').positive('must be greater than 0').max(24 * 60, 'must be at most 1440')
});
const resolve = z.object({
	action: z.literal('resolve'),
	code: text(100).min(1, 'is required'),
	text: text(20_000).default('')
});
const reopen = z.object({ action: z.literal('reopen'), reason: text(2000).default('') });
const close = z.object({ action: z.literal('close') });
const survey = z.object({
	action: z.literal('survey'),
	score: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be 1–5').max(5, 'must be 1–5'),
	/** An agent recording the requester's answer (by phone…) says so; the event is marked. */
	onBehalf: z.boolean({ error: 'must be true or false' }).default(false)
});

export const ACTIONS = ['assign', 'start', 'pend', 'resume', 'escalate', 'comment', 'log_work', 'resolve', 'reopen', 'close', 'survey'] as const;

export const actionInput = z.discriminatedUnion('action', [assign, start, pend, resume, escalate, comment, logWork, resolve, reopen, close, survey], {
	error: (iss) => (iss.code === 'invalid_union' ? `must be one of ${ACTIONS.join(', ')}` : undefined)
});
export type ActionInput = z.input<typeof actionInput>;

/** Optimistic concurrency: the version the client last saw (optional on every command). */
export const versionInput = z.object({
	version: z.number({ error: 'must be a number' }).int('must be a whole number').positive('must be greater than 0').optional()
});

export const listTicketsInput = z.object({
	status: z.array(oneOf(STATUSES)).optional(),
	priority: z.array(oneOf(PRIORITIES)).optional(),
	category: z.array(oneOf(CATEGORIES)).optional(),
	tier: z.array(oneOf(TIERS)).optional(),
	channel: z.array(oneOf(CHANNELS)).optional(),
	group: z.array(id).optional(),
	assignee: z.array(id).optional(),
	source: z.array(text(100)).optional(),
	department: z.array(id).optional(),
	q: text(200).optional(),
	createdFrom: isoDate.optional(),
	createdTo: isoDate.optional(),
	page: z.coerce.number({ error: 'must be a number' }).int().min(1, 'must be ≥ 1').default(1),
	limit: z.coerce.number({ error: 'must be a number' }).int().min(1, 'must be ≥ 1').max(500, 'must be ≤ 500').default(50)
});
export type ListTicketsInput = z.input<typeof listTicketsInput>;
