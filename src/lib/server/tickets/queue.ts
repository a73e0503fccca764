/**
 * The agent's queues: views (My open, My groups, Unassigned in my groups, Breaching within 1 h,
 * All open, Recently resolved) with their counts, filters, and keyset paging (page 5,000 costs
 * what page 1 does: the cursor is the last row's sort key and id, never an offset).
 *
 * Default sort: SLA due first (tickets.sla_due_at, the due instant of the next running clock,
 * kept by every ticket command; paused and finished tickets sort last). The remaining SLA time is
 * business time on the ticket's calendar, computed for the rows of the page only.
 */
import { z } from 'zod';
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { accounts, groupMembers, groups, tickets } from '../../../../schemas/postgres/index';
import { CATEGORIES, CHANNELS, PRIORITIES, STATUSES, TICKET_TYPES, TIERS } from '../../../../schemas/events';
import type { Ctx } from '../context';
import { invalid } from '../errors';
import { rowsOf } from '../db/index';
import { authorize, type Actor } from '../rbac/actor';
import { ticketForActor } from './query';
import { parseInput } from '../validate';
import { calendarOf, loadSlaConfig } from './slaConfig';
import { clockViews, loadPausesByTicket, type ClockView } from './clocks';
import { textMatch } from './search';

export const QUEUE_VIEWS = ['mine', 'my_groups', 'unassigned', 'breaching', 'all_open', 'resolved'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
export const QUEUE_SORTS = ['sla', 'updated', 'created', 'resolved'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

const OPEN = ['new', 'assigned', 'in_progress', 'pending', 'reopened'];
/** "Breaching": the next running clock is due within this (overdue included). */
export const BREACHING_WITHIN_MS = 3_600_000;
/** "Recently resolved": resolved within this. */
export const RECENT_RESOLVED_MS = 7 * 86_400_000;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
	z.enum(values, { error: `must be one of ${values.join(', ')}` });
const idOrNone = z.union([z.uuid(), z.literal('none')], { error: 'must be an id or none' });
const isoDate = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' });

export const queueInput = z.object({
	view: oneOf(QUEUE_VIEWS).default('all_open'),
	status: z.array(oneOf(STATUSES)).optional(),
	priority: z.array(oneOf(PRIORITIES)).optional(),
	category: z.array(oneOf(CATEGORIES)).optional(),
	type: z.array(oneOf(TICKET_TYPES)).optional(),
	tier: z.array(oneOf(TIERS)).optional(),
	channel: z.array(oneOf(CHANNELS)).optional(),
	group: z.array(idOrNone).optional(),
	assignee: z.array(idOrNone).optional(),
	ci: z.array(z.uuid('must be a UUID')).optional(),
	requester: z.array(z.uuid('must be a UUID')).optional(),
	from: isoDate.optional(),
	to: isoDate.optional(),
	q: z.string({ error: 'must be a string' }).trim().max(200, 'must be at most 200 characters').optional(),
	sort: oneOf(QUEUE_SORTS).optional(),
	cursor: z.string().max(200).optional(),
	limit: z.coerce.number({ error: 'must be a number' }).int().min(1, 'must be ≥ 1').max(200, 'must be ≤ 200').default(50)
});
export type QueueInput = z.input<typeof queueInput>;

const ARRAY_KEYS = new Set(['status', 'priority', 'category', 'type', 'tier', 'channel', 'group', 'assignee', 'ci', 'requester']);

/** Query-string form: repeated or comma-separated values for the list filters. */
export function queueQueryFromParams(params: URLSearchParams): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of new Set(params.keys())) {
		const values = params.getAll(key).flatMap((v) => (ARRAY_KEYS.has(key) ? v.split(',') : [v])).map((v) => v.trim()).filter(Boolean);
		if (!values.length) continue;
		out[key] = ARRAY_KEYS.has(key) ? values : values[values.length - 1];
	}
	return out;
}

interface SortSpec {
	key: SQL;
	dir: 'asc' | 'desc';
	value: (r: { slaDueAt: Date | null; updatedAt: Date; createdAt: Date; resolvedAt: Date | null }) => string;
}

const SORTS: Record<QueueSort, SortSpec> = {
	sla: { key: sql`coalesce(${tickets.slaDueAt}, 'infinity'::timestamptz)`, dir: 'asc', value: (r) => r.slaDueAt?.toISOString() ?? 'infinity' },
	updated: { key: sql`${tickets.updatedAt}`, dir: 'desc', value: (r) => r.updatedAt.toISOString() },
	created: { key: sql`${tickets.createdAt}`, dir: 'desc', value: (r) => r.createdAt.toISOString() },
	resolved: { key: sql`coalesce(${tickets.resolvedAt}, '-infinity'::timestamptz)`, dir: 'desc', value: (r) => r.resolvedAt?.toISOString() ?? '-infinity' }
};

const DEFAULT_SORT: Record<QueueView, QueueSort> = {
	mine: 'sla',
	my_groups: 'sla',
	unassigned: 'sla',
	breaching: 'sla',
	all_open: 'sla',
	resolved: 'resolved'
};

export function encodeCursor(k: string, id: string): string {
	return Buffer.from(JSON.stringify([k, id])).toString('base64url');
}

function decodeCursor(c: string): [string, string] {
	try {
		const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
		if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1])) {
			if (v[0] === 'infinity' || v[0] === '-infinity' || !Number.isNaN(Date.parse(v[0]))) return [v[0], v[1]];
		}
	} catch {
		/* fall through */
	}
	throw invalid('cursor: is not a cursor this list returned', 'cursor');
}

const myGroupIds = (actor: Actor) =>
	sql`(select ${groupMembers.groupId} from ${groupMembers} where ${groupMembers.accountId} = ${actor.accountId ?? '00000000-0000-0000-0000-000000000000'})`;

/** The rows a view holds (before filters). */
/**
 * The viewer's group ids, read first for "my groups" and "unassigned": as literal values the
 * planner sees how few tickets a small group holds (one agent's 25-ticket group at 1M tickets:
 * 0.4 ms on the per-group index instead of 10 s scanning every open ticket in SLA order behind
 * an `in (subquery)` it could not estimate).
 */
async function myGroupIdList(ctx: Ctx, actor: Actor): Promise<string[]> {
	if (!actor.accountId) return [];
	const rows = await ctx.db.select({ id: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.accountId, actor.accountId));
	return rows.map((r) => r.id);
}

function inGroups(ids: string[]): SQL {
	return ids.length ? inArray(tickets.groupId, ids) : sql`false`;
}

function viewWhere(view: QueueView, actor: Actor, nowMs: number, groupIds?: string[]): SQL {
	const open = inArray(tickets.status, OPEN);
	const me = actor.accountId ?? '00000000-0000-0000-0000-000000000000';
	switch (view) {
		case 'mine':
			return and(open, eq(tickets.agentId, me))!;
		case 'my_groups':
			return and(open, groupIds ? inGroups(groupIds) : sql`${tickets.groupId} in ${myGroupIds(actor)}`)!;
		case 'unassigned':
			// The triage pool: no agent, in one of my groups or in no group yet.
			return and(open, isNull(tickets.agentId), or(isNull(tickets.groupId), groupIds ? inGroups(groupIds) : sql`${tickets.groupId} in ${myGroupIds(actor)}`))!;
		case 'breaching':
			// On the sort key (null → infinity, never within the hour): the open-SLA index's range.
			return and(open, sql`coalesce(${tickets.slaDueAt}, 'infinity'::timestamptz) < ${new Date(nowMs + BREACHING_WITHIN_MS).toISOString()}::timestamptz`)!;
		case 'all_open':
			return open;
		case 'resolved':
			// resolved_at is set only while resolved or closed (a reopen clears it), so the
			// status test is implied; left out, the planner reads just the resolved_at index.
			return gte(tickets.resolvedAt, new Date(nowMs - RECENT_RESOLVED_MS));
	}
}

/** Requesters see only their own tickets; agents see the desk. */
function scopeWhere(actor: Actor): SQL | undefined {
	if (actor.permissions.has('tickets.work')) return undefined;
	return eq(tickets.requesterId, actor.accountId ?? '00000000-0000-0000-0000-000000000000');
}

function idFilter(column: typeof tickets.groupId | typeof tickets.agentId, values: string[]): SQL {
	const ids = values.filter((v) => v !== 'none');
	const parts: SQL[] = [];
	if (ids.length) parts.push(inArray(column, ids));
	if (values.includes('none')) parts.push(isNull(column));
	return parts.length === 1 ? parts[0] : or(...parts)!;
}

function filterWhere(input: z.infer<typeof queueInput>, actor: Actor): SQL[] {
	const w: SQL[] = [];
	const simple = [
		['status', tickets.status],
		['priority', tickets.priority],
		['category', tickets.category],
		['type', tickets.type],
		['tier', tickets.tier],
		['channel', tickets.channel],
		['ci', tickets.ciId],
		['requester', tickets.requesterId]
	] as const;
	for (const [key, column] of simple) {
		const values = input[key];
		if (values?.length) w.push(inArray(column, values as string[]));
	}
	if (input.group?.length) w.push(idFilter(tickets.groupId, input.group));
	if (input.assignee?.length) w.push(idFilter(tickets.agentId, input.assignee));
	if (input.from) w.push(gte(tickets.createdAt, new Date(input.from)));
	if (input.to) w.push(lt(tickets.createdAt, new Date(input.to)));
	if (input.q) w.push(textMatch(input.q, actor));
	return w;
}

/** Counts past this show as "1,000+" (the views whose rows depend on the clock: breaching, resolved). */
export const COUNT_CAP = 1000;

export type QueueCounts = Record<QueueView, number> & {
	/** Views whose count reached COUNT_CAP: the real number is higher ("1,000+"). */
	capped: QueueView[];
};

/** Views counted from the per-(group, agent, status) counters (exact at any size). */
const COUNTER_VIEWS = ['mine', 'my_groups', 'unassigned', 'all_open'] as const;

/**
 * Tab counts in one round trip, at any desk size (bench:desk, 1M tickets):
 * - mine, my groups, unassigned, all open are exact, summed from ticket_queue_counts (open
 *   tickets per group × agent × status, kept by migration 0015's trigger in each ticket change's
 *   transaction): a few hundred counter rows instead of up to 300k ticket rows.
 * - breaching and recently resolved depend on the clock, so no counter can hold them: they are
 *   counted over their index up to COUNT_CAP + 1 rows, exact below the cap, "1,000+" above it
 *   (past a thousand, the agent needs "many", and the list itself is ordered by urgency).
 * Requesters (no tickets.work) count their own tickets, capped too (a requester has few).
 */
export async function queueCounts(ctx: Ctx, nowMs = Date.now()): Promise<QueueCounts> {
	const actor = authorize(ctx.actor, 'tickets.read');
	const scope = scopeWhere(actor);
	const capped = (v: QueueView) => {
		// Breaching, counted on the due time itself (same rows: a null due is never within the
		// hour): an index-only scan of tickets_open_due_idx, no heap fetch per counted row.
		const view =
			v === 'breaching' ? and(inArray(tickets.status, OPEN), lt(tickets.slaDueAt, new Date(nowMs + BREACHING_WITHIN_MS)))! : viewWhere(v, actor, nowMs);
		const w = scope ? and(view, scope)! : view;
		return sql`(select count(*)::int from (select 1 from ${tickets} where ${w} limit ${COUNT_CAP + 1}) x)`;
	};
	const me = actor.accountId ?? '00000000-0000-0000-0000-000000000000';
	const counter = (v: (typeof COUNTER_VIEWS)[number]) => {
		switch (v) {
			case 'mine':
				return sql`coalesce(sum(q.n) filter (where q.agent_id = ${me}), 0)::int`;
			case 'my_groups':
				return sql`coalesce(sum(q.n) filter (where q.group_id in ${myGroupIds(actor)}), 0)::int`;
			case 'unassigned':
				return sql`coalesce(sum(q.n) filter (where q.agent_id is null and (q.group_id is null or q.group_id in ${myGroupIds(actor)})), 0)::int`;
			case 'all_open':
				return sql`coalesce(sum(q.n), 0)::int`;
		}
	};
	const cols = QUEUE_VIEWS.map((v) =>
		!scope && (COUNTER_VIEWS as readonly string[]).includes(v)
			? sql`${counter(v as (typeof COUNTER_VIEWS)[number])} as ${sql.raw(v)}`
			: sql`${capped(v)} as ${sql.raw(v)}`
	);
	const [row] = rowsOf<Record<QueueView, number>>(
		await ctx.db.execute(scope ? sql`select ${sql.join(cols, sql`, `)}` : sql`select ${sql.join(cols, sql`, `)} from ticket_queue_counts q`)
	);
	const counts = Object.fromEntries(QUEUE_VIEWS.map((v) => [v, Number(row?.[v] ?? 0)])) as Record<QueueView, number>;
	const cappedViews = QUEUE_VIEWS.filter((v) => (scope || !(COUNTER_VIEWS as readonly string[]).includes(v)) && counts[v] > COUNT_CAP);
	for (const v of cappedViews) counts[v] = COUNT_CAP;
	return { ...counts, capped: cappedViews };
}

/** Every view's count by counting rows (no counters, no cap): what the counters must equal. */
export async function queueCountsExact(ctx: Ctx, nowMs = Date.now()): Promise<Record<QueueView, number>> {
	const actor = authorize(ctx.actor, 'tickets.read');
	const f = (v: QueueView) => sql`(select count(*)::int from ${tickets} where ${viewWhere(v, actor, nowMs)})`;
	const [row] = rowsOf<Record<QueueView, number>>(await ctx.db.execute(sql`select ${sql.join(QUEUE_VIEWS.map((v) => sql`${f(v)} as ${sql.raw(v)}`), sql`, `)}`));
	return Object.fromEntries(QUEUE_VIEWS.map((v) => [v, Number(row?.[v] ?? 0)])) as Record<QueueView, number>;
}

const agentAcc = alias(accounts, 'agent_acc');
const requesterAcc = alias(accounts, 'requester_acc');

export interface QueueRow {
	id: string;
	number: string;
	title: string;
	type: string;
	status: string;
	priority: string;
	category: string;
	tier: string;
	channel: string;
	groupId: string | null;
	groupName: string | null;
	agentId: string | null;
	agentName: string | null;
	requesterId: string | null;
	requesterName: string | null;
	ciId: string | null;
	createdAt: string;
	updatedAt: string;
	resolvedAt: string | null;
	version: number;
	/** The clock the queue sorts on (response until answered, then resolution); null when none runs. */
	sla: ClockView | null;
}

export interface QueuePage {
	view: QueueView;
	sort: QueueSort;
	items: QueueRow[];
	/** Pass back as `cursor` for the next page; null at the end. */
	nextCursor: string | null;
	counts?: QueueCounts;
}

export async function listQueue(ctx: Ctx, raw: unknown, nowMs = Date.now(), { withCounts = true } = {}): Promise<QueuePage> {
	const actor = authorize(ctx.actor, 'tickets.read');
	const input = parseInput(queueInput, raw);
	const sort = input.sort ?? DEFAULT_SORT[input.view];
	const spec = SORTS[sort];
	const groupIds = input.view === 'my_groups' || input.view === 'unassigned' ? await myGroupIdList(ctx, actor) : undefined;
	const where: SQL[] = [viewWhere(input.view, actor, nowMs, groupIds), ...filterWhere(input, actor)];
	const scope = scopeWhere(actor);
	if (scope) where.push(scope);
	if (input.cursor) {
		const [k, id] = decodeCursor(input.cursor);
		where.push(
			spec.dir === 'asc'
				? sql`(${spec.key}, ${tickets.id}) > (${k}::timestamptz, ${id}::uuid)`
				: sql`(${spec.key}, ${tickets.id}) < (${k}::timestamptz, ${id}::uuid)`
		);
	}
	const order = spec.dir === 'asc' ? [asc(spec.key), asc(tickets.id)] : [desc(spec.key), desc(tickets.id)];
	const rows = await ctx.db
		.select({
			id: tickets.id,
			number: tickets.number,
			title: tickets.title,
			type: tickets.type,
			status: tickets.status,
			priority: tickets.priority,
			category: tickets.category,
			tier: tickets.tier,
			channel: tickets.channel,
			groupId: tickets.groupId,
			groupName: groups.name,
			agentId: tickets.agentId,
			agentName: agentAcc.name,
			requesterId: tickets.requesterId,
			requesterName: sql<string | null>`coalesce(${requesterAcc.name}, ${tickets.requesterName})`,
			ciId: tickets.ciId,
			createdAt: tickets.createdAt,
			updatedAt: tickets.updatedAt,
			resolvedAt: tickets.resolvedAt,
			closedAt: tickets.closedAt,
			version: tickets.version,
			slaDueAt: tickets.slaDueAt,
			slaCalendarId: tickets.slaCalendarId,
			slaResponseMs: tickets.slaResponseMs,
			slaResolutionMs: tickets.slaResolutionMs,
			firstResponseAt: tickets.firstResponseAt,
			responseMet: tickets.responseMet,
			resolutionMet: tickets.resolutionMet
		})
		.from(tickets)
		.leftJoin(groups, eq(groups.id, tickets.groupId))
		.leftJoin(agentAcc, eq(agentAcc.id, tickets.agentId))
		.leftJoin(requesterAcc, eq(requesterAcc.id, tickets.requesterId))
		.where(and(...where))
		.orderBy(...order)
		.limit(input.limit + 1);
	const more = rows.length > input.limit;
	const page = more ? rows.slice(0, input.limit) : rows;

	const config = await loadSlaConfig(ctx.db, nowMs);
	const byTicket = await loadPausesByTicket(ctx.db, page.map((r) => r.id));

	const items: QueueRow[] = page.map((r) => {
		const clocks = clockViews(calendarOf(config, r.slaCalendarId), r, byTicket.get(r.id) ?? [], nowMs);
		const running = clocks.filter((c) => !c.done);
		const sla = running.length ? running.reduce((a, b) => (Date.parse(a.dueAt) <= Date.parse(b.dueAt) ? a : b)) : (clocks.find((c) => c.clock === 'resolution') ?? null);
		return ticketForActor(actor, {
			id: r.id,
			number: r.number,
			title: r.title,
			type: r.type,
			status: r.status,
			priority: r.priority,
			category: r.category,
			tier: r.tier,
			channel: r.channel,
			groupId: r.groupId,
			groupName: r.groupName,
			agentId: r.agentId,
			agentName: r.agentName,
			requesterId: r.requesterId,
			requesterName: r.requesterName,
			ciId: r.ciId,
			createdAt: r.createdAt.toISOString(),
			updatedAt: r.updatedAt.toISOString(),
			resolvedAt: r.resolvedAt?.toISOString() ?? null,
			version: r.version,
			sla
		});
	});
	const last = page[page.length - 1];
	return {
		view: input.view,
		sort,
		items,
		nextCursor: more && last ? encodeCursor(spec.value(last), last.id) : null,
		...(withCounts ? { counts: await queueCounts(ctx, nowMs) } : {})
	};
}
