/** Reading tickets: filtered, paginated lists and one ticket with its history. */
import { and, count, desc, eq, gte, ilike, inArray, lt, or, asc, type SQL } from 'drizzle-orm';
import { ticketAttachments, ticketComments, ticketEvents, tickets } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { notFound } from '../errors';
import { authorize, type Actor } from '../rbac/actor';
import { parseInput } from '../validate';
import { listTicketsInput } from './schemas';

const LIST_FILTERS = {
	status: tickets.status,
	priority: tickets.priority,
	category: tickets.category,
	tier: tickets.tier,
	channel: tickets.channel,
	group: tickets.groupId,
	assignee: tickets.agentId,
	source: tickets.source,
	department: tickets.departmentId
} as const;

/** Query-string form: repeated or comma-separated values for the list filters. */
export function listQueryFromParams(params: URLSearchParams): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
		out[key] = key in LIST_FILTERS ? values : values[values.length - 1];
	}
	return out;
}

export async function listTickets(ctx: Ctx, raw: unknown) {
	const actor = authorize(ctx.actor, 'tickets.read');
	const input = parseInput(listTicketsInput, raw);
	const where: SQL[] = [];
	for (const [key, column] of Object.entries(LIST_FILTERS)) {
		const values = input[key as keyof typeof LIST_FILTERS];
		if (values?.length) where.push(inArray(column, values));
	}
	if (!actor.permissions.has('tickets.work')) where.push(eq(tickets.requesterId, actor.accountId ?? '00000000-0000-0000-0000-000000000000'));
	if (input.q) {
		const like = `%${input.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
		where.push(or(ilike(tickets.title, like), ilike(tickets.number, like), ilike(tickets.description, like))!);
	}
	if (input.createdFrom) where.push(gte(tickets.createdAt, new Date(input.createdFrom)));
	if (input.createdTo) where.push(lt(tickets.createdAt, new Date(input.createdTo)));
	const cond = where.length ? and(...where) : undefined;
	const [{ total }] = await ctx.db.select({ total: count() }).from(tickets).where(cond);
	const items = await ctx.db
		.select()
		.from(tickets)
		.where(cond)
		.orderBy(desc(tickets.createdAt), desc(tickets.number))
		.limit(input.limit)
		.offset((input.page - 1) * input.limit);
	return { items: items.map((t) => ticketForActor(actor, t)), total: Number(total), page: input.page, limit: input.limit };
}

const DESK_LABEL = 'Service desk';

/** Who a viewer sees acting: to a requester, staff are "Service desk" (their own name stays). */
export function actorLabelFor(viewer: Actor, id: string | null, label: string): string {
	return viewer.permissions.has('tickets.work') || (!!id && id === viewer.accountId) ? label : DESK_LABEL;
}

/**
 * Who works a ticket is the desk's business: a requester's view of a ticket row carries no staff
 * ids or names (agent, group), nor the CI or monitoring source (issue 18, Low). The one place that
 * decides it for rows leaving the service (lists, reads, command results, queue rows).
 */
const STAFF_FIELDS = ['agentId', 'agentName', 'groupId', 'groupName', 'ciId', 'source'] as const;

export function ticketForActor<T extends object>(actor: Actor | null, row: T): T {
	if (actor?.permissions.has('tickets.work')) return row;
	const out = { ...row } as Record<string, unknown>;
	for (const k of STAFF_FIELDS) if (k in out) out[k] = null;
	return out as T;
}

export async function getTicket(ctx: Ctx, id: string) {
	const actor = authorize(ctx.actor, 'tickets.read');
	const isUuid = /^[0-9a-f-]{36}$/i.test(id);
	const [t] = await ctx.db
		.select()
		.from(tickets)
		.where(isUuid ? eq(tickets.id, id) : eq(tickets.number, id.toUpperCase()));
	if (!t || (!actor.permissions.has('tickets.work') && t.requesterId !== actor.accountId)) throw notFound(`Ticket ${id}`);
	const events = await ctx.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, t.id)).orderBy(asc(ticketEvents.at));
	const comments = await ctx.db
		.select()
		.from(ticketComments)
		.where(
			actor.permissions.has('tickets.work')
				? eq(ticketComments.ticketId, t.id)
				: and(eq(ticketComments.ticketId, t.id), eq(ticketComments.public, true))
		)
		.orderBy(asc(ticketComments.at));
	const agent = actor.permissions.has('tickets.work');
	const attachments = await ctx.db
		.select({
			id: ticketAttachments.id,
			filename: ticketAttachments.filename,
			contentType: ticketAttachments.contentType,
			sizeBytes: ticketAttachments.sizeBytes,
			sha256: ticketAttachments.sha256,
			public: ticketAttachments.public,
			commentId: ticketAttachments.commentId,
			at: ticketAttachments.at
		})
		.from(ticketAttachments)
		.where(agent ? eq(ticketAttachments.ticketId, t.id) : and(eq(ticketAttachments.ticketId, t.id), eq(ticketAttachments.public, true)))
		.orderBy(asc(ticketAttachments.at));
	if (agent) {
		return {
			ticket: t,
			events: events.map((e) => ({ id: e.id, type: e.type, at: e.at, actor: e.actorLabel, data: e.data })),
			comments,
			attachments
		};
	}
	// A requester sees that the desk answered, not which staff member (issue 18, Low): staff
	// names and ids are replaced by the desk's, their own stay. Internal notes, work logs,
	// escalations and SLA events are not theirs to see (issue 15).
	const mine = (id: string | null) => !!id && id === actor.accountId;
	return {
		ticket: ticketForActor(actor, t),
		events: events
			.filter(requesterSees)
			.map((e) => ({ id: e.id, type: e.type, at: e.at, actor: actorLabelFor(actor, e.actorId, e.actorLabel), data: requesterData(e.data) })),
		comments: comments.map((c) => (mine(c.authorId) ? c : { ...c, authorId: null, authorLabel: DESK_LABEL })),
		attachments
	};
}

/**
 * What a requester's view of the history keeps: the lifecycle and public replies. Internal notes,
 * work logs, escalations and SLA events are the desk's own.
 */
const REQUESTER_EVENTS = new Set(['ticket.created', 'ticket.status_changed', 'ticket.resolved', 'ticket.reopened', 'ticket.closed', 'ticket.commented', 'survey.answered']);

export function requesterSees(e: { type: string; data: unknown }): boolean {
	if (!REQUESTER_EVENTS.has(e.type)) return false;
	if (e.type !== 'ticket.commented') return true;
	return eventPayload(e.data).public === true;
}

export function eventPayload(data: unknown): Record<string, unknown> {
	const p = (data as { payload?: unknown } | null)?.payload;
	if (typeof p !== 'string') return {};
	try {
		return JSON.parse(p) as Record<string, unknown>;
	} catch {
		return {};
	}
}

function requesterData(data: unknown) {
	const d = (data ?? {}) as { status?: string; from_status?: string };
	return { status: d.status, from_status: d.from_status };
}
