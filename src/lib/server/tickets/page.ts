/**
 * Everything the ticket page shows, in one call: the header (with names), both SLA clocks, the
 * requester's other open tickets, the CI and its impact, related tickets, the timeline (events
 * with their comment bodies and attachments; internal items only for agents), and the actions
 * the viewer may take now, each with the reason when not.
 */
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import { accounts, configurationItems, groups, ticketAttachments, ticketComments, ticketEvents, ticketWatchers, tickets } from '../../../../schemas/postgres/index';
import type { Status } from '../../../../schemas/events';
import type { Ctx } from '../context';
import { notFound } from '../errors';
import { authorize, type Actor } from '../rbac/actor';
import { impactOf } from '../cmdb/impact';
import { calendarOf, loadSlaConfig } from './slaConfig';
import { clockViews, loadPauses, type ClockView } from './clocks';
import { ALLOWED_FROM, OPEN_STATUSES, type Action } from './service';
import { actorLabelFor, eventPayload, requesterSees } from './query';
import { matrixPriority } from './priority';

export const TIMELINE_LIMIT = 200;

export interface TimelineItem {
	id: string;
	type: string;
	at: string;
	actor: string;
	/** ticket.commented: the comment (body, public); attachments attached to it. */
	comment?: { id: string; body: string; public: boolean } | null;
	internal: boolean;
	/** Type-specific details: changes, reason, kind, from/to status, SLA clock… */
	details: Record<string, unknown>;
}

export interface ActionState {
	action: Action | 'edit' | 'merge';
	enabled: boolean;
	/** Why not, when disabled (a message key and its parameters for the UI). */
	reason?: { key: 'status' | 'permission' | 'requester_only'; status?: string };
}

const ORDERED_ACTIONS: Action[] = ['assign', 'start', 'pend', 'resume', 'escalate', 'comment', 'log_work', 'resolve', 'reopen', 'close', 'survey'];

export function actionStates(actor: Actor, t: { status: string; requesterId: string | null; csat: number | null }): ActionState[] {
	const agent = actor.permissions.has('tickets.work');
	const own = !!actor.accountId && actor.accountId === t.requesterId;
	const out: ActionState[] = ORDERED_ACTIONS.map((action) => {
		const requesterMay = action === 'comment' || action === 'reopen' || action === 'survey';
		if (!agent && !(own && requesterMay)) return { action, enabled: false, reason: { key: 'permission' } };
		if (!ALLOWED_FROM[action].includes(t.status as Status)) return { action, enabled: false, reason: { key: 'status', status: t.status } };
		if (action === 'survey' && t.csat !== null) return { action, enabled: false, reason: { key: 'status', status: t.status } };
		return { action, enabled: true };
	});
	const editable = agent && t.status !== 'closed';
	out.push({ action: 'edit', enabled: editable, ...(editable ? {} : { reason: agent ? { key: 'status' as const, status: t.status } : { key: 'permission' as const } }) });
	out.push({ action: 'merge', enabled: editable, ...(editable ? {} : { reason: agent ? { key: 'status' as const, status: t.status } : { key: 'permission' as const } }) });
	return out;
}

interface Brief {
	id: string;
	number: string;
	title: string;
	status: string;
	priority: string;
}

export async function getTicketPage(ctx: Ctx, idOrNumber: string, { nowMs = Date.now(), order = 'desc' as 'asc' | 'desc' } = {}) {
	const actor = authorize(ctx.actor, 'tickets.read');
	const agent = actor.permissions.has('tickets.work');
	const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrNumber);
	if (!isUuid && !/^[A-Za-z]{3}-\d{1,12}$/.test(idOrNumber)) throw notFound(`Ticket ${idOrNumber}`);
	const [t] = await ctx.db
		.select()
		.from(tickets)
		.where(isUuid ? eq(tickets.id, idOrNumber) : eq(tickets.number, idOrNumber.toUpperCase()));
	if (!t || (!agent && t.requesterId !== actor.accountId)) throw notFound(`Ticket ${idOrNumber}`);

	// Everything below depends only on the ticket row: issued at once (one wait instead of a dozen
	// round trips in a row; on a pool they run side by side, on PGlite they queue as before).
	const people = [t.agentId, t.requesterId].filter((x): x is string => !!x);
	const brief = { id: tickets.id, number: tickets.number, title: tickets.title, status: tickets.status, priority: tickets.priority };
	const byId = async (id: string | null): Promise<Brief | null> => (id ? ((await ctx.db.select(brief).from(tickets).where(eq(tickets.id, id)))[0] ?? null) : null);
	const loadCi = async () => {
		if (!t.ciId || !agent) return null;
		const [c] = await ctx.db
			.select({ id: configurationItems.id, name: configurationItems.name, classId: configurationItems.classId, status: configurationItems.status, criticality: configurationItems.criticality })
			.from(configurationItems)
			.where(eq(configurationItems.id, t.ciId));
		if (!c) return null;
		const impact = agent ? await impactOf(ctx.db, [c.id], 'upstream', 6) : null;
		return { ...c, impacted: impact?.items.length ?? 0, businessServices: impact?.businessServices.map((b) => b.name) ?? [] };
	};
	const none = async <T>(): Promise<T[]> => [];
	const [names, [group], config, pauses, otherOpen, ci, parent, children, sameCi, duplicates, mergedInto, evRows, comments, attachments, watchers] = await Promise.all([
		people.length
			? ctx.db.select({ id: accounts.id, name: accounts.name, email: accounts.email, phone: accounts.phone }).from(accounts).where(inArray(accounts.id, people))
			: none<{ id: string; name: string; email: string; phone: string | null }>(),
		t.groupId ? ctx.db.select({ id: groups.id, name: groups.name, tier: groups.tier }).from(groups).where(eq(groups.id, t.groupId)) : none<{ id: string; name: string; tier: string }>(),
		loadSlaConfig(ctx.db, nowMs),
		loadPauses(ctx.db, t.id),
		agent && t.requesterId
			? ctx.db
					.select(brief)
					.from(tickets)
					.where(and(eq(tickets.requesterId, t.requesterId), ne(tickets.id, t.id), inArray(tickets.status, [...OPEN_STATUSES])))
					.orderBy(desc(tickets.createdAt))
					.limit(20)
			: none<Brief>(),
		loadCi(),
		// Related: parent, children, same CI (open), merged duplicates and the ticket this merged into.
		agent ? byId(t.parentId) : null,
		agent ? ctx.db.select(brief).from(tickets).where(eq(tickets.parentId, t.id)).orderBy(asc(tickets.number)).limit(100) : none<Brief>(),
		agent && t.ciId
			? ctx.db
					.select(brief)
					.from(tickets)
					.where(and(eq(tickets.ciId, t.ciId), ne(tickets.id, t.id), inArray(tickets.status, [...OPEN_STATUSES])))
					.orderBy(desc(tickets.createdAt))
					.limit(20)
			: none<Brief>(),
		agent ? ctx.db.select(brief).from(tickets).where(eq(tickets.mergedIntoId, t.id)).orderBy(asc(tickets.number)) : none<Brief>(),
		byId(t.mergedIntoId),
		// Timeline: the newest 200 events (or oldest), with their comments and attachments.
		ctx.db
			.select()
			.from(ticketEvents)
			.where(eq(ticketEvents.ticketId, t.id))
			.orderBy(order === 'asc' ? asc(ticketEvents.at) : desc(ticketEvents.at), order === 'asc' ? asc(ticketEvents.id) : desc(ticketEvents.id))
			.limit(TIMELINE_LIMIT),
		ctx.db
			.select()
			.from(ticketComments)
			.where(agent ? eq(ticketComments.ticketId, t.id) : and(eq(ticketComments.ticketId, t.id), eq(ticketComments.public, true))),
		ctx.db
			.select({
				id: ticketAttachments.id,
				filename: ticketAttachments.filename,
				contentType: ticketAttachments.contentType,
				sizeBytes: ticketAttachments.sizeBytes,
				public: ticketAttachments.public,
				commentId: ticketAttachments.commentId,
				at: ticketAttachments.at,
				by: ticketAttachments.uploadedByLabel,
				byId: ticketAttachments.uploadedBy
			})
			.from(ticketAttachments)
			.where(agent ? eq(ticketAttachments.ticketId, t.id) : and(eq(ticketAttachments.ticketId, t.id), eq(ticketAttachments.public, true)))
			.orderBy(asc(ticketAttachments.at)),
		agent
			? ctx.db
					.select({ id: accounts.id, name: accounts.name })
					.from(ticketWatchers)
					.innerJoin(accounts, eq(accounts.id, ticketWatchers.accountId))
					.where(eq(ticketWatchers.ticketId, t.id))
			: none<{ id: string; name: string }>()
	]);
	const person = (id: string | null) => (id ? (names.find((n) => n.id === id) ?? null) : null);
	const clocks: ClockView[] = clockViews(calendarOf(config, t.slaCalendarId), t, pauses, nowMs);
	const related = agent ? { parent, children, sameCi, duplicates, mergedInto } : { parent: null, children: [], sameCi: [], duplicates: [], mergedInto };
	const commentById = new Map(comments.map((c) => [c.id, c]));
	// A requester sees that the desk acted, not which staff member (as getTicket).
	const shownActor = (id: string | null, label: string) => actorLabelFor(actor, id, label);
	const usedComments = new Set<string>();
	const timeline: TimelineItem[] = [];
	for (const e of evRows) {
		if (!agent && !requesterSees(e)) continue;
		const p = eventPayload(e.data);
		const d = e.data as Record<string, unknown>;
		let comment: TimelineItem['comment'] = null;
		if (e.type === 'ticket.commented' && typeof p.commentId === 'string') {
			const c = commentById.get(p.commentId);
			if (c) {
				comment = { id: c.id, body: c.body, public: c.public };
				usedComments.add(c.id);
			}
		}
		const details: Record<string, unknown> = agent
			? {
					...p,
					status: d.status,
					fromStatus: d.from_status,
					workS: d.work_s,
					slaClock: d.sla_clock,
					slaThreshold: d.sla_threshold,
					csat: d.csat,
					responseS: d.response_s
				}
			: { status: d.status, fromStatus: d.from_status, csat: d.csat };
		timeline.push({
			id: e.id,
			type: e.type,
			at: e.at.toISOString(),
			actor: shownActor(e.actorId, e.actorLabel),
			comment,
			internal: e.type === 'ticket.commented' ? p.public === false : !requesterSees(e),
			details
		});
	}
	// Comments without a linking event (older data, merged-in comments): shown at their time.
	for (const c of comments) {
		if (usedComments.has(c.id)) continue;
		timeline.push({ id: `c-${c.id}`, type: 'ticket.commented', at: c.at.toISOString(), actor: shownActor(c.authorId, c.authorLabel), comment: { id: c.id, body: c.body, public: c.public }, internal: !c.public, details: {} });
	}
	for (const a of attachments) {
		timeline.push({
			id: `a-${a.id}`,
			type: 'attachment.added',
			at: a.at.toISOString(),
			actor: shownActor(a.byId, a.by),
			comment: null,
			internal: !a.public,
			details: { attachmentId: a.id, filename: a.filename, contentType: a.contentType, sizeBytes: a.sizeBytes, commentId: a.commentId }
		});
	}
	timeline.sort((a, b) => (order === 'asc' ? a.at.localeCompare(b.at) : b.at.localeCompare(a.at)));

	return {
		ticket: {
			id: t.id,
			number: t.number,
			version: t.version,
			title: t.title,
			description: t.description,
			type: t.type,
			status: t.status,
			pendingReason: t.pendingReason,
			priority: t.priority,
			impact: t.impact,
			urgency: t.urgency,
			matrixPriority: t.impact && t.urgency ? matrixPriority(t.impact as never, t.urgency as never) : null,
			category: t.category,
			tier: t.tier,
			channel: t.channel,
			language: t.language,
			// Who works it is the desk's business (ticketForActor): a requester sees neither.
			group: agent ? (group ?? null) : null,
			agent: agent ? person(t.agentId) : null,
			requester: t.requesterId ? person(t.requesterId) : t.requesterName ? { id: null, name: t.requesterName, email: '', phone: null } : null,
			createdAt: t.createdAt.toISOString(),
			updatedAt: t.updatedAt.toISOString(),
			resolvedAt: t.resolvedAt?.toISOString() ?? null,
			closedAt: t.closedAt?.toISOString() ?? null,
			resolutionCode: t.resolutionCode,
			csat: t.csat,
			workS: t.workS,
			mergedIntoId: t.mergedIntoId
		},
		clocks,
		ci,
		otherOpen,
		related,
		timeline,
		attachments: attachments.map(({ byId, ...a }) => ({ ...a, by: shownActor(byId, a.by), at: a.at.toISOString() })),
		watchers,
		actions: actionStates(actor, t)
	};
}
export type TicketPage = Awaited<ReturnType<typeof getTicketPage>>;
