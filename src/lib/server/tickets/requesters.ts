/**
 * The desk opening tickets for people (phone, walk-in): requester lookup by name, email or phone,
 * a new requester created in place, and phone tickets whose call is their first response.
 */
import { z } from 'zod';
import { and, eq, ilike, inArray, or, sql, count } from 'drizzle-orm';
import { accounts, tickets } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { authorize } from '../rbac/actor';
import { insertAccount } from '../rbac/accounts';
import { invalid } from '../errors';
import { parseInput } from '../validate';
import { createTicket, Step, type CommandResult } from './service';
import { calendarOf, loadSlaConfig } from './slaConfig';
import { publishTicketChange } from './live';
import { OPEN_STATUSES } from './service';

const lookupInput = z.object({
	q: z.string({ error: 'must be a string' }).trim().min(2, 'must be at least 2 characters').max(200),
	limit: z.coerce.number().int().min(1).max(50).default(10)
});

export interface RequesterHit {
	id: string;
	name: string;
	email: string;
	phone: string | null;
	departmentId: string | null;
	openTickets: number;
}

const digits = (s: string) => s.replace(/[^\d]/g, '');

export async function findRequesters(ctx: Ctx, raw: unknown): Promise<RequesterHit[]> {
	authorize(ctx.actor, 'tickets.work');
	const input = parseInput(lookupInput, raw);
	const like = `%${input.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
	const d = digits(input.q);
	const conds = [ilike(accounts.name, like), ilike(accounts.email, like)];
	// Phone numbers as typed differ in spaces and dashes: compare the digits.
	if (d.length >= 4) conds.push(sql`regexp_replace(coalesce(${accounts.phone}, ''), '[^0-9]', '', 'g') like ${'%' + d + '%'}`);
	const rows = await ctx.db
		.select({ id: accounts.id, name: accounts.name, email: accounts.email, phone: accounts.phone, departmentId: accounts.departmentId })
		.from(accounts)
		.where(and(eq(accounts.active, true), or(...conds)))
		.orderBy(accounts.name)
		.limit(input.limit);
	if (!rows.length) return [];
	const open = await ctx.db
		.select({ id: tickets.requesterId, n: count() })
		.from(tickets)
		.where(and(inArray(tickets.requesterId, rows.map((r) => r.id)), inArray(tickets.status, [...OPEN_STATUSES])))
		.groupBy(tickets.requesterId);
	const byId = new Map(open.map((o) => [o.id, Number(o.n)]));
	return rows.map((r) => ({ ...r, openTickets: byId.get(r.id) ?? 0 }));
}

export const newRequesterInput = z.object({
	name: z.string({ error: 'must be a string' }).trim().min(1, 'is required').max(200),
	email: z.email('must be an email address').max(254),
	phone: z.string().trim().max(40).regex(/^[+\d][\d\s().-]*$/, 'must be a phone number').optional(),
	departmentId: z.uuid('must be a department id').nullable().optional()
});

const deskCreateInput = z.object({
	newRequester: newRequesterInput.optional(),
	/** A phone ticket: the call's start and length (its first response and its work time). */
	call: z
		.object({
			startedAt: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' }),
			durationS: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be ≥ 0').max(86_400, 'must be at most 86400')
		})
		.optional()
});

/**
 * Agent ticket creation: optional new requester (created in the same transaction), then the
 * ticket; a phone ticket opens at the call's start, its first response is the call (response
 * time 0: the agent answered live) and the call's length is logged as work.
 */
export async function createDeskTicket(ctx: Ctx, raw: unknown, nowMs = Date.now()): Promise<CommandResult> {
	const actor = authorize(ctx.actor, 'tickets.work');
	const extra = parseInput(deskCreateInput, raw);
	const base = { ...(raw as Record<string, unknown>) };
	delete base.newRequester;
	delete base.call;
	let openedAt = nowMs;
	if (extra.call) {
		const start = Date.parse(extra.call.startedAt);
		if (start > nowMs + 60_000) throw invalid('call.startedAt: must not be in the future', 'call.startedAt');
		if (start < nowMs - 86_400_000) throw invalid('call.startedAt: must be within the last 24 hours', 'call.startedAt');
		if (base.channel !== undefined && base.channel !== 'phone') throw invalid('channel: a call is only recorded on a phone ticket', 'channel');
		base.channel = 'phone';
		openedAt = start;
	}
	if (extra.newRequester && base.requesterId) throw invalid('requesterId: give either requesterId or newRequester', 'requesterId');
	const config = await loadSlaConfig(ctx.db, nowMs);
	const result = await ctx.db.transaction(async (tx) => {
		if (extra.newRequester) {
			const acc = await insertAccount(tx, { ...extra.newRequester, roles: ['requester'] });
			if (extra.newRequester.phone) await tx.update(accounts).set({ phone: extra.newRequester.phone }).where(eq(accounts.id, acc.id));
			await audit(tx, actor, { action: 'account.created', entityType: 'account', entityId: acc.id, after: { ...acc, phone: extra.newRequester.phone ?? null, by: 'desk' } });
			base.requesterId = acc.id;
			base.requesterName ??= acc.name;
			base.departmentId ??= acc.departmentId;
		}
		const created = await createTicket({ db: tx, actor }, base, openedAt, { inTransaction: true, slaConfig: config });
		if (!extra.call) return created;
		const t = created.ticket;
		const step = new Step(tx, t, actor, openedAt, calendarOf(config, t.slaCalendarId), []);
		const call = { startedAt: new Date(openedAt).toISOString(), durationS: extra.call.durationS };
		step.set({ firstResponseAt: new Date(openedAt), responseMet: t.slaResponseMs === null ? null : true, workS: extra.call.durationS });
		step.emit(
			'ticket.commented',
			{ response_s: 0, sla_clock: t.slaResponseMs === null ? '' : 'response', sla_met: t.slaResponseMs === null ? null : 1 },
			{ public: true, firstResponse: true, call }
		);
		if (extra.call.durationS > 0) step.emit('ticket.work_logged', { work_s: extra.call.durationS }, { call });
		const r = await step.commit();
		return { ticket: r.ticket, events: [...created.events, ...r.events] };
	});
	publishTicketChange(null, result.ticket, result.events.map((e) => e.type));
	return result;
}
