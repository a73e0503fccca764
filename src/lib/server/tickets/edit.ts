/**
 * Editing a ticket's fields and merging duplicates.
 *
 * Every edit is one `ticket.updated` event whose payload lists each changed field with its
 * from/to, written with its outbox row in the command's transaction (Step.commit). A priority
 * change re-evaluates the SLA: the new priority's policy gives the targets and the calendar, and
 * the clocks are re-read as if the ticket had carried that priority from the start (elapsed
 * business time on the new calendar, pauses excluded). Warning markers that the new targets have
 * not reached are cleared so they fire again at the right time; a breach stays fired (once per
 * clock per ticket).
 */
import { z } from 'zod';
import { eq, inArray, sql } from 'drizzle-orm';
import { accounts, configurationItems, groups, ticketAttachments, ticketComments, ticketWatchers, tickets } from '../../../../schemas/postgres/index';
import { CATEGORIES, IMPACTS, PRIORITIES, TICKET_TYPES, TIERS, URGENCIES, type Priority } from '../../../../schemas/events';
import type { Ctx } from '../context';
import { conflict, invalid, notFound } from '../errors';
import { authorize } from '../rbac/actor';
import { parseInput } from '../validate';
import { elapsedBusinessMs } from '../sla/calendar';
import { slaThresholdsCrossed } from '../sla/policies';
import { calendarOf, loadSlaConfig, slaFor } from './slaConfig';
import { loadPauses, toIntervals } from './clocks';
import { checkVersion, Step, type CommandResult } from './service';
import { matrixPriority } from './priority';
import { publishTicketChange } from './live';
import type { TicketRow } from './events';

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
	z.enum(values, { error: `must be one of ${values.join(', ')}` });
const id = z.uuid('must be a UUID');

export const updateTicketInput = z
	.object({
		version: z.number({ error: 'must be a number' }).int('must be a whole number').positive('must be greater than 0').optional(),
		title: z.string({ error: 'must be a string' }).trim().min(1, 'is required').max(300, 'must be at most 300 characters').optional(),
		category: oneOf(CATEGORIES).optional(),
		type: oneOf(TICKET_TYPES).optional(),
		tier: oneOf(TIERS).optional(),
		groupId: id.nullable().optional(),
		agentId: id.nullable().optional(),
		ciId: id.nullable().optional(),
		impact: oneOf(IMPACTS).optional(),
		urgency: oneOf(URGENCIES).optional(),
		priority: oneOf(PRIORITIES).optional(),
		/** Required when the priority differs from the impact × urgency matrix. */
		priorityReason: z.string({ error: 'must be a string' }).trim().max(2000).optional(),
		language: z.string({ error: 'must be a string' }).regex(/^[a-z]{2}$/, 'must be a two-letter language code').optional()
	});

export const EDITABLE = ['title', 'category', 'type', 'tier', 'groupId', 'agentId', 'ciId', 'impact', 'urgency', 'priority', 'language'] as const;
type Editable = (typeof EDITABLE)[number];

const CLOSED = ['closed'];

export async function updateTicket(ctx: Ctx, ticketId: string, raw: unknown, nowMs = Date.now()): Promise<CommandResult> {
	const actor = authorize(ctx.actor, 'tickets.work');
	if (!/^[0-9a-f-]{36}$/i.test(ticketId)) throw notFound(`Ticket ${ticketId}`);
	if (raw && typeof raw === 'object') {
		const known = new Set(Object.keys(updateTicketInput.shape));
		const unknown = Object.keys(raw).find((k) => !known.has(k));
		if (unknown) throw invalid(`${unknown}: cannot be edited here (status changes are actions)`, unknown);
	}
	const input = parseInput(updateTicketInput, raw);
	const config = await loadSlaConfig(ctx.db, nowMs);
	let before: TicketRow | null = null;
	const result = await ctx.db.transaction(async (tx) => {
		const [t] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
		if (!t) throw notFound(`Ticket ${ticketId}`);
		before = t;
		checkVersion(t, input.version);
		if (CLOSED.includes(t.status)) throw conflict(`Cannot edit ticket ${t.number}: it is ${t.status}`);

		const next: Partial<TicketRow> = {};
		for (const f of EDITABLE) if (input[f] !== undefined && input[f] !== t[f]) (next as Record<string, unknown>)[f] = input[f];

		// Priority: the matrix decides unless the agent overrides with a reason.
		const impact = input.impact ?? t.impact;
		const urgency = input.urgency ?? t.urgency;
		const fromMatrix = impact && urgency ? matrixPriority(impact as never, urgency as never) : null;
		const matrixMoved = input.impact !== undefined || input.urgency !== undefined;
		let priority: Priority = t.priority as Priority;
		if (input.priority !== undefined) priority = input.priority;
		else if (matrixMoved && fromMatrix) priority = fromMatrix;
		if (priority !== t.priority) {
			const overridden = fromMatrix ? priority !== fromMatrix : true;
			if (overridden && !input.priorityReason) {
				throw invalid(
					fromMatrix
						? `priorityReason: is required when priority (${priority}) differs from impact × urgency (${fromMatrix})`
						: `priorityReason: is required to set the priority by hand (or give impact and urgency)`,
					'priorityReason'
				);
			}
			next.priority = priority;
		}

		if (next.groupId) {
			const [g] = await tx.select({ tier: groups.tier }).from(groups).where(eq(groups.id, next.groupId));
			if (!g) throw invalid(`groupId: Group ${next.groupId} does not exist`, 'groupId');
			if (input.tier === undefined) next.tier = g.tier;
		}
		if (next.agentId) {
			const [a] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, next.agentId));
			if (!a) throw invalid(`agentId: Agent ${next.agentId} does not exist`, 'agentId');
		}
		if (next.ciId) {
			const [c] = await tx.select({ id: configurationItems.id }).from(configurationItems).where(eq(configurationItems.id, next.ciId));
			if (!c) throw invalid(`ciId: Configuration item ${next.ciId} does not exist`, 'ciId');
		}
		if (next.tier === t.tier) delete next.tier;

		const changes: Record<string, { from: unknown; to: unknown }> = {};
		for (const [k, v] of Object.entries(next)) changes[k] = { from: t[k as Editable], to: v };
		const pauses = await loadPauses(tx, t.id);
		const step = new Step(tx, t, actor, nowMs, calendarOf(config, t.slaCalendarId), pauses);
		if (!Object.keys(changes).length) return { ticket: t, events: [] };

		if (next.groupId !== undefined && t.groupId && next.groupId !== t.groupId) next.reassigned = true;
		if ((next.groupId || next.agentId) && (t.status === 'new' || t.status === 'reopened')) {
			next.status = 'assigned';
			changes.status = { from: t.status, to: 'assigned' };
		}
		step.set(next);

		const payload: Record<string, unknown> = { changes };
		if (next.priority) {
			// Re-evaluate the SLA with the new priority's policy.
			const sla = slaFor(config, next.priority);
			const fired = t.slaFired.filter((key) => {
				const [clock, threshold] = key.split(':');
				if (threshold === 'breached') return true;
				const targetMs = clock === 'response' ? sla.responseMs : sla.resolutionMs;
				if (targetMs === null) return false;
				const elapsed = elapsedBusinessMs(sla.calendar, t.createdAt.getTime(), nowMs, toIntervals(pauses));
				return slaThresholdsCrossed(0, elapsed / targetMs).includes(threshold as never);
			});
			step.cal = sla.calendar;
			step.set({ slaCalendarId: sla.calendarId, slaResponseMs: sla.responseMs, slaResolutionMs: sla.resolutionMs, slaFired: fired });
			payload.sla = { calendarId: sla.calendarId, responseMs: sla.responseMs, resolutionMs: sla.resolutionMs };
			if (input.priorityReason) payload.priorityReason = input.priorityReason;
		}
		step.emit('ticket.updated', { from_status: t.status }, payload);
		return step.commit();
	});
	if (result.events.length) publishTicketChange(before, result.ticket, result.events.map((e) => e.type));
	return result;
}

export const mergeInput = z.object({
	/** The ticket that survives; the one in the path is the duplicate. */
	intoId: id,
	version: z.number({ error: 'must be a number' }).int().positive().optional()
});

/**
 * Merges a duplicate into another ticket: its comments, attachments and watchers move (its
 * requester becomes a watcher), it closes pointing at the survivor, and both get an event.
 */
export async function mergeTickets(ctx: Ctx, duplicateId: string, raw: unknown, nowMs = Date.now()) {
	const actor = authorize(ctx.actor, 'tickets.work');
	if (!/^[0-9a-f-]{36}$/i.test(duplicateId)) throw notFound(`Ticket ${duplicateId}`);
	const input = parseInput(mergeInput, raw);
	if (input.intoId === duplicateId) throw invalid('intoId: a ticket cannot be merged into itself', 'intoId');
	const config = await loadSlaConfig(ctx.db, nowMs);
	const out = await ctx.db.transaction(async (tx) => {
		// Lock both in id order: two merges crossing each other cannot deadlock.
		const rows = await tx
			.select()
			.from(tickets)
			.where(inArray(tickets.id, [duplicateId, input.intoId]))
			.orderBy(tickets.id)
			.for('update');
		const dup = rows.find((r) => r.id === duplicateId);
		const into = rows.find((r) => r.id === input.intoId);
		if (!dup) throw notFound(`Ticket ${duplicateId}`);
		if (!into) throw invalid(`intoId: Ticket ${input.intoId} does not exist`, 'intoId');
		checkVersion(dup, input.version);
		if (dup.status === 'closed') throw conflict(`Cannot merge ticket ${dup.number}: it is closed`);
		if (into.status === 'closed') throw conflict(`Cannot merge into ticket ${into.number}: it is closed`);

		const moved = await tx.update(ticketComments).set({ ticketId: into.id }).where(eq(ticketComments.ticketId, dup.id)).returning({ id: ticketComments.id });
		const files = await tx.update(ticketAttachments).set({ ticketId: into.id }).where(eq(ticketAttachments.ticketId, dup.id)).returning({ id: ticketAttachments.id });
		const watchers = await tx.select({ accountId: ticketWatchers.accountId }).from(ticketWatchers).where(eq(ticketWatchers.ticketId, dup.id));
		const follow = [...new Set([...watchers.map((w) => w.accountId), ...(dup.requesterId && dup.requesterId !== into.requesterId ? [dup.requesterId] : [])])];
		if (follow.length) await tx.insert(ticketWatchers).values(follow.map((accountId) => ({ ticketId: into.id, accountId }))).onConflictDoNothing();
		await tx.delete(ticketWatchers).where(eq(ticketWatchers.ticketId, dup.id));

		const dupStep = new Step(tx, dup, actor, nowMs, calendarOf(config, dup.slaCalendarId), await loadPauses(tx, dup.id));
		await dupStep.closePause(['requester', 'vendor', 'resolved']);
		dupStep.set({ status: 'closed', closedAt: new Date(nowMs), pendingReason: null, mergedIntoId: into.id });
		dupStep.emit('ticket.closed', { from_status: dup.status }, { reason: 'duplicate', mergedInto: into.number, mergedIntoId: into.id });
		const dupResult = await dupStep.commit();

		const intoStep = new Step(tx, into, actor, nowMs, calendarOf(config, into.slaCalendarId), await loadPauses(tx, into.id));
		intoStep.emit('ticket.updated', { from_status: into.status }, {
			changes: {},
			merged: { from: dup.number, fromId: dup.id, comments: moved.length, attachments: files.length, watchers: follow.length }
		});
		const intoResult = await intoStep.commit();
		return { duplicate: dupResult, into: intoResult, moved: { comments: moved.length, attachments: files.length, watchers: follow.length }, dupBefore: dup };
	});
	publishTicketChange(out.dupBefore, out.duplicate.ticket, ['ticket.closed']);
	publishTicketChange(null, out.into.ticket, ['ticket.updated']);
	return { duplicate: out.duplicate, into: out.into, moved: out.moved };
}

/** Watch / unwatch a ticket (the actor). */
export async function watchTicket(ctx: Ctx, ticketId: string, watch: boolean) {
	const actor = authorize(ctx.actor, 'tickets.read');
	if (!actor.accountId) throw invalid('Only accounts can watch tickets');
	const [t] = await ctx.db.select({ id: tickets.id, requesterId: tickets.requesterId }).from(tickets).where(eq(tickets.id, ticketId));
	if (!t || (!actor.permissions.has('tickets.work') && t.requesterId !== actor.accountId)) throw notFound(`Ticket ${ticketId}`);
	if (watch) await ctx.db.insert(ticketWatchers).values({ ticketId, accountId: actor.accountId }).onConflictDoNothing();
	else await ctx.db.execute(sql`delete from ticket_watchers where ticket_id = ${ticketId} and account_id = ${actor.accountId}`);
	return { watching: watch };
}
