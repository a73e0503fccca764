/**
 * The ticket commands. Each verb authorizes, validates, locks the ticket row, applies the
 * lifecycle rule, and writes the row, its events and their outbox rows in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { groups, notifications, ticketComments, ticketPauses, tickets, accounts, configurationItems } from '../../../../schemas/postgres/index';
import type { TicketEventRow, Status } from '../../../../schemas/events';
import { TIERS } from '../../../../schemas/events';
import type { Ctx } from '../context';
import { insertRecords, rowsOf, type Db } from '../db/index';
import { conflict, DomainError, forbidden, invalid, notFound } from '../errors';
import { authorize, type Actor } from '../rbac/actor';
import { parseInput } from '../validate';
import { businessMsBetween, dueAt } from '../sla/calendar';
import { actionInput, createTicketInput, versionInput, type ActionInput } from './schemas';
import { appendEvents, eventRow, actorKind, type TicketRow } from './events';
import { calendarOf, loadSlaConfig, slaFor, type SlaConfig } from './slaConfig';
import { dueTimes, loadPauses, pendingS, runningS, type PauseRow } from './clocks';
import { matrixPriority } from './priority';
import { publishTicketChange } from './live';

export type Action = ActionInput['action'];

/** Which statuses each command accepts; anything else is 409 naming the current status. */
export const ALLOWED_FROM: Record<Action, readonly Status[]> = {
	assign: ['new', 'assigned', 'in_progress', 'pending', 'reopened'],
	start: ['new', 'assigned', 'reopened'],
	pend: ['assigned', 'in_progress', 'reopened'],
	resume: ['pending'],
	escalate: ['new', 'assigned', 'in_progress', 'reopened'],
	comment: ['new', 'assigned', 'in_progress', 'pending', 'resolved', 'reopened'],
	log_work: ['new', 'assigned', 'in_progress', 'pending', 'resolved', 'reopened'],
	resolve: ['new', 'assigned', 'in_progress', 'pending', 'reopened'],
	reopen: ['resolved'],
	close: ['resolved'],
	survey: ['resolved', 'closed']
};

export const OPEN_STATUSES: readonly Status[] = ['new', 'assigned', 'in_progress', 'pending', 'reopened'];

const PREFIX: Record<string, string> = { incident: 'INC', service_request: 'REQ' };

export interface CommandResult {
	ticket: TicketRow;
	events: TicketEventRow[];
	commentId?: string | null;
}

async function ensureExists(tx: Db, table: typeof groups | typeof accounts, id: string | null | undefined, what: string, field: string) {
	if (!id) return;
	const rows = await tx.select({ id: table.id }).from(table).where(eq(table.id, id));
	if (!rows.length) throw invalid(`${field}: ${what} ${id} does not exist`, field);
}

/**
 * A new ticket may link only a parent ticket and a configuration item its creator can see
 * (issue 18, Low): a requester their own tickets and no CI (that needs cmdb.read), an agent any.
 * A link the creator cannot see answers like one that does not exist, so nothing leaks.
 */
async function ensureLinksVisible(tx: Db, actor: Actor, inputs: { parentId?: string | null; ciId?: string | null }[]) {
	// System actors (monitoring: its CI comes from the CMDB match) link what they resolved.
	if (actor.kind === 'system') return;
	const seesAllTickets = actor.permissions.has('tickets.work');
	const parents = [...new Set(inputs.map((i) => i.parentId).filter((x): x is string => !!x))];
	if (parents.length) {
		const rows = await tx.select({ id: tickets.id, requesterId: tickets.requesterId }).from(tickets).where(inArray(tickets.id, parents));
		const visible = new Set(rows.filter((r) => seesAllTickets || (actor.accountId && r.requesterId === actor.accountId)).map((r) => r.id));
		const missing = parents.find((p) => !visible.has(p));
		if (missing) throw invalid(`parentId: Ticket ${missing} does not exist`, 'parentId');
	}
	const cis = [...new Set(inputs.map((i) => i.ciId).filter((x): x is string => !!x))];
	if (cis.length) {
		if (!actor.permissions.has('cmdb.read')) throw forbidden('Linking a configuration item needs "cmdb.read"');
		const rows = await tx.select({ id: configurationItems.id }).from(configurationItems).where(inArray(configurationItems.id, cis));
		const have = new Set(rows.map((r) => r.id));
		const missing = cis.find((c) => !have.has(c));
		if (missing) throw invalid(`ciId: configuration item ${missing} does not exist`, 'ciId');
	}
}

/** Options of the ticket verbs. slaConfig: a config the caller already loaded (e.g. from the root
 * handle while ctx.db is a transaction, whose handle would miss loadSlaConfig's per-handle cache). */
export interface CommandOptions {
	slaConfig?: SlaConfig;
	/** createTicket: ctx.db is a transaction the caller rolls back whole on any error, so no savepoint is needed. */
	inTransaction?: boolean;
}

export async function createTicket(ctx: Ctx, raw: unknown, nowMs = Date.now(), opts: CommandOptions = {}): Promise<CommandResult> {
	const [r] = await createTickets(ctx, [{ input: raw, nowMs }], opts);
	return r;
}

/** Distinct ids that must exist in a table (one query); names the first missing one. */
async function ensureAllExist(tx: Db, table: typeof groups | typeof accounts, ids: (string | null | undefined)[], what: string, field: string) {
	const want = [...new Set(ids.filter((x): x is string => !!x))];
	if (!want.length) return;
	if (want.length === 1) return ensureExists(tx, table, want[0], what, field);
	const rows = await tx.select({ id: table.id }).from(table).where(inArray(table.id, want));
	const have = new Set(rows.map((r) => r.id));
	const missing = want.find((x) => !have.has(x));
	if (missing) throw invalid(`${field}: ${what} ${missing} does not exist`, field);
}

/**
 * Opens tickets set-based: one number query, one insert of all rows and one of their events and
 * outbox rows (the monitoring processor opens hundreds per transaction). Each item is validated
 * and authorized as createTicket does; any invalid item fails the whole call.
 */
export async function createTickets(ctx: Ctx, items: { input: unknown; nowMs?: number }[], opts: CommandOptions = {}): Promise<CommandResult[]> {
	if (!items.length) return [];
	const actor = authorize(ctx.actor, 'tickets.create');
	const isAgent = actor.permissions.has('tickets.work');
	const inputs = items.map(({ input: raw }) => {
		const parsed = parseInput(createTicketInput, raw);
		const fromMatrix = parsed.impact && parsed.urgency ? matrixPriority(parsed.impact, parsed.urgency) : null;
		if (parsed.priority && fromMatrix && parsed.priority !== fromMatrix && !parsed.priorityReason) {
			throw invalid(`priorityReason: is required when priority (${parsed.priority}) differs from impact × urgency (${fromMatrix})`, 'priorityReason');
		}
		const input = { ...parsed, priority: parsed.priority ?? fromMatrix ?? 'P3' };
		if (!isAgent) {
			// Requesters open tickets for themselves; routing fields are the desk's to set.
			input.requesterId = actor.accountId;
			input.departmentId = actor.departmentId;
			input.groupId = null;
			input.agentId = null;
			// …and so are how it came in and how urgent the desk rates it (issue 18, Low).
			input.channel = actor.kind === 'token' ? 'api' : 'portal';
			input.source = null;
			input.priority = 'P3';
			input.tier = 'L0';
		}
		return input;
	});
	const config = opts.slaConfig ?? (await loadSlaConfig(ctx.db));
	const run = <T>(f: (tx: Db) => Promise<T>): Promise<T> => (opts.inTransaction ? f(ctx.db) : ctx.db.transaction(f));
	const out = await run(async (tx) => {
		await ensureAllExist(tx, groups, inputs.map((i) => i.groupId), 'Group', 'groupId');
		await ensureAllExist(tx, accounts, inputs.map((i) => i.agentId), 'Agent', 'agentId');
		await ensureAllExist(tx, accounts, inputs.map((i) => i.requesterId), 'Requester', 'requesterId');
		await ensureLinksVisible(tx, actor, inputs);
		const seqs = rowsOf<{ seq: string }>(
			await tx.execute(sql`select nextval('ticket_number_seq')::text as seq from generate_series(1, ${inputs.length}::int)`)
		).map((r) => r.seq);
		// Whole rows (every column, defaults spelled out: the type makes a new column a compile
		// error here), so nothing needs to come back from the insert.
		const stored: TicketRow[] = inputs.map((input, i) => {
			const nowMs = items[i].nowMs ?? Date.now();
			const sla = slaFor(config, input.priority);
			const now = new Date(nowMs);
			return {
				id: randomUUID(),
				number: `${PREFIX[input.type]}-${seqs[i].padStart(6, '0')}`,
				type: input.type,
				title: input.title,
				description: input.description,
				requesterId: input.requesterId ?? null,
				requesterName: input.requesterName ?? null,
				departmentId: input.departmentId ?? null,
				channel: input.channel,
				category: input.category,
				priority: input.priority,
				tier: input.tier,
				groupId: input.groupId ?? null,
				agentId: input.agentId ?? null,
				ciId: input.ciId ?? null,
				source: input.source ?? null,
				parentId: input.parentId ?? null,
				status: input.groupId || input.agentId ? 'assigned' : 'new',
				pendingReason: null,
				createdAt: now,
				updatedAt: now,
				firstResponseAt: null,
				resolvedAt: null,
				closedAt: null,
				resolutionCode: null,
				resolutionText: null,
				escalated: false,
				reassigned: false,
				pendedRequester: false,
				reopenCount: 0,
				workS: 0,
				slaCalendarId: sla.calendarId,
				slaResponseMs: sla.responseMs,
				slaResolutionMs: sla.resolutionMs,
				slaResponseDueAt: sla.responseMs === null ? null : new Date(dueAt(sla.calendar, nowMs, sla.responseMs)),
				slaResolutionDueAt: new Date(dueAt(sla.calendar, nowMs, sla.resolutionMs)),
				slaFired: [],
				responseMet: null,
				resolutionMet: null,
				flapping: false,
				csat: null,
				version: 1,
				language: input.language ?? 'en',
				impact: input.impact ?? null,
				urgency: input.urgency ?? null,
				slaDueAt: new Date(
					sla.responseMs === null ? dueAt(sla.calendar, nowMs, sla.resolutionMs) : Math.min(dueAt(sla.calendar, nowMs, sla.responseMs), dueAt(sla.calendar, nowMs, sla.resolutionMs))
				),
				mergedIntoId: null
			};
		});
		await insertRecords(tx, tickets, stored);
		const results = stored.map((t, i) => ({
			ticket: t,
			events: [
				eventRow(t, 'ticket.created', t.createdAt.getTime(), actor, { status: t.status as Status }, {
					title: t.title,
					...(inputs[i].priorityReason ? { priorityReason: inputs[i].priorityReason } : {})
				})
			]
		}));
		await appendEvents(tx, actor, results.flatMap((r) => r.events));
		return results;
	});
	if (!opts.inTransaction) for (const r of out) publishTicketChange(null, r.ticket, ['ticket.created']);
	return out;
}

/** Loads and locks a ticket for a command. */
async function lockTicket(tx: Db, id: string): Promise<TicketRow> {
	const [t] = await tx.select().from(tickets).where(eq(tickets.id, id)).for('update');
	if (!t) throw notFound(`Ticket ${id}`);
	return t;
}

function requireFrom(t: TicketRow, action: Action) {
	if (!ALLOWED_FROM[action].includes(t.status as Status)) {
		throw conflict(`Cannot ${action.replace('_', ' ')} ticket ${t.number}: it is ${t.status}`);
	}
}

/** Work commands need tickets.work; a requester may comment on, reopen and rate their own ticket. */
function authorizeAction(actor: Actor | null, t: TicketRow | null, action: Action): Actor {
	const a = authorize(actor, 'tickets.read');
	if (a.permissions.has('tickets.work')) return a;
	const own = !!t && !!a.accountId && t.requesterId === a.accountId;
	if (own && (action === 'comment' || action === 'reopen' || action === 'survey')) return a;
	if (!own && t) throw notFound(`Ticket ${t.id}`);
	throw forbidden(`Permission "tickets.work" is required to ${action.replace('_', ' ')} a ticket`);
}

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export async function actOnTicket(ctx: Ctx, ticketId: string, raw: unknown, nowMs = Date.now(), opts: CommandOptions = {}): Promise<CommandResult> {
	authorize(ctx.actor, 'tickets.read');
	if (!isUuid(ticketId)) throw notFound(`Ticket ${ticketId}`);
	const input = parseInput(actionInput, raw);
	const { version } = parseInput(versionInput, raw);
	const config = opts.slaConfig ?? (await loadSlaConfig(ctx.db));
	let before: TicketRow | null = null;
	const result = await ctx.db.transaction(async (tx) => {
		const t = await lockTicket(tx, ticketId);
		before = t;
		const actor = authorizeAction(ctx.actor, t, input.action);
		checkVersion(t, version);
		requireFrom(t, input.action);
		const cal = calendarOf(config, t.slaCalendarId);
		const pauses = await loadPauses(tx, t.id);
		const step = new Step(tx, t, actor, nowMs, cal, pauses);
		await step.apply(input);
		return step.commit();
	});
	publishTicketChange(before, result.ticket, result.events.map((e) => e.type));
	return result;
}

/** The fields a client needs to redraw a ticket after a 409 (what changed under it). */
export function ticketState(t: TicketRow) {
	return {
		id: t.id,
		number: t.number,
		version: t.version,
		title: t.title,
		status: t.status,
		priority: t.priority,
		impact: t.impact,
		urgency: t.urgency,
		type: t.type,
		category: t.category,
		tier: t.tier,
		groupId: t.groupId,
		agentId: t.agentId,
		ciId: t.ciId,
		updatedAt: t.updatedAt.toISOString()
	};
}

/** Optimistic concurrency: a client that names an older version gets 409 with the current state. */
export function checkVersion(t: TicketRow, version: number | undefined) {
	if (version === undefined || version === t.version) return;
	throw new DomainError(
		'CONFLICT',
		`Ticket ${t.number} changed since you loaded it (your version ${version}, now ${t.version}): reload and retry`,
		'version',
		undefined,
		{ current: ticketState(t) }
	);
}

/**
 * One command on one locked ticket: accumulates the row patch and the events, then writes both.
 * Shared by the HTTP commands and the SLA watcher.
 */
export class Step {
	patch: Partial<TicketRow> = {};
	events: TicketEventRow[] = [];
	/** The comment a comment command wrote (attachments link to it). */
	commentId: string | null = null;
	constructor(
		readonly tx: Db,
		public t: TicketRow,
		readonly actor: Actor,
		readonly nowMs: number,
		public cal: ReturnType<typeof calendarOf>,
		readonly pauses: PauseRow[]
	) {}

	set(p: Partial<TicketRow>) {
		Object.assign(this.patch, p);
		this.t = { ...this.t, ...p };
	}

	emit(type: TicketEventRow['type'], extra: Partial<TicketEventRow> = {}, payload: Record<string, unknown> = {}) {
		this.events.push(eventRow(this.t, type, this.nowMs, this.actor, extra, payload));
	}

	fired(key: string) {
		return this.t.slaFired.includes(key);
	}

	fire(key: string) {
		this.set({ slaFired: [...this.t.slaFired, key] });
	}

	async closePause(reasons: string[]): Promise<PauseRow | null> {
		const open = this.pauses.find((p) => p.endAt === null && reasons.includes(p.reason));
		if (!open) return null;
		open.endAt = new Date(this.nowMs);
		await this.tx.update(ticketPauses).set({ endAt: open.endAt }).where(eq(ticketPauses.id, open.id));
		return open;
	}

	async openPause(reason: string) {
		const [row] = await this.tx
			.insert(ticketPauses)
			.values({ ticketId: this.t.id, reason, startAt: new Date(this.nowMs) })
			.returning({ id: ticketPauses.id });
		this.pauses.push({ id: row.id, reason, startAt: new Date(this.nowMs), endAt: null });
	}

	statusChange(to: Status, extra: Partial<TicketEventRow> = {}, payload: Record<string, unknown> = {}) {
		const from = this.t.status;
		this.set({ status: to });
		this.emit('ticket.status_changed', { from_status: from, ...extra }, payload);
	}

	/** A clock that ends past its target is breached now, if the watcher has not said so already. */
	breachIfLate(clock: 'response' | 'resolution', met: boolean) {
		if (met || this.fired(`${clock}:breached`)) return;
		this.fire(`${clock}:breached`);
		this.emit('sla.breached', { sla_clock: clock, sla_threshold: 'breached' });
	}

	async escalateFunctional(groupId: string | null | undefined, reason: string) {
		const tierIdx = TIERS.indexOf(this.t.tier as (typeof TIERS)[number]);
		let target: { id: string; tier: string } | undefined;
		if (groupId) {
			[target] = await this.tx.select({ id: groups.id, tier: groups.tier }).from(groups).where(eq(groups.id, groupId));
			if (!target) throw invalid(`groupId: group ${groupId} does not exist`, 'groupId');
		} else {
			if (tierIdx >= TIERS.length - 1) throw conflict(`Ticket ${this.t.number} is already at ${this.t.tier}: name a group to escalate to`);
			const nextTier = TIERS[tierIdx + 1];
			[target] = await this.tx
				.select({ id: groups.id, tier: groups.tier })
				.from(groups)
				.where(eq(groups.tier, nextTier))
				.orderBy(asc(groups.name))
				.limit(1);
			target ??= { id: '', tier: nextTier };
		}
		const from = this.t.status;
		this.set({
			tier: target.tier,
			groupId: target.id || null,
			agentId: null,
			escalated: true,
			status: from === 'new' || from === 'reopened' || from === 'in_progress' ? 'assigned' : from
		});
		this.emit('ticket.escalated', { from_status: from }, { kind: 'functional', reason, toTier: target.tier, toGroup: target.id || null });
	}

	async escalateHierarchical(reason: string) {
		let leadId: string | null = null;
		if (this.t.groupId) {
			const [g] = await this.tx.select({ lead: groups.leadAccountId }).from(groups).where(eq(groups.id, this.t.groupId));
			leadId = g?.lead ?? null;
		}
		await this.tx.insert(notifications).values({
			accountId: leadId,
			kind: 'escalation',
			ticketId: this.t.id,
			message: `${this.t.number} (${this.t.priority}) escalated to the lead: ${reason}`
		});
		this.emit('ticket.escalated', { from_status: this.t.status }, { kind: 'hierarchical', reason, lead: leadId });
	}

	async apply(input: ReturnType<typeof actionInput.parse>) {
		const t = this.t;
		switch (input.action) {
			case 'assign': {
				if (input.groupId === undefined && input.agentId === undefined) throw invalid('groupId or agentId is required', 'groupId');
				await ensureExists(this.tx, groups, input.groupId, 'Group', 'groupId');
				await ensureExists(this.tx, accounts, input.agentId, 'Agent', 'agentId');
				const groupId = input.groupId === undefined ? t.groupId : input.groupId;
				const agentId = input.agentId === undefined ? t.agentId : input.agentId;
				const reassigned = t.reassigned || (!!t.groupId && groupId !== t.groupId);
				let tier = t.tier;
				if (groupId && groupId !== t.groupId) {
					const [g] = await this.tx.select({ tier: groups.tier }).from(groups).where(eq(groups.id, groupId));
					tier = g.tier;
				}
				const from = t.status;
				const status = from === 'new' || from === 'reopened' ? 'assigned' : from;
				this.set({ groupId, agentId, reassigned, tier, status });
				this.emit('ticket.assigned', { from_status: from });
				break;
			}
			case 'start':
				// Starting an unassigned ticket takes it: the actor becomes its agent.
				if (!t.agentId && this.actor.accountId && this.actor.permissions.has('tickets.work')) {
					this.set({ agentId: this.actor.accountId });
					this.emit('ticket.assigned', { from_status: t.status }, { agentId: this.actor.accountId, by: 'start' });
				}
				this.statusChange('in_progress');
				break;
			case 'pend':
				await this.openPause(input.reason);
				this.set({ pendingReason: input.reason, pendedRequester: t.pendedRequester || input.reason === 'requester' });
				this.statusChange('pending', {}, { reason: input.reason });
				break;
			case 'resume': {
				const p = await this.closePause(['requester', 'vendor']);
				const s = p ? businessMsBetween(this.cal, p.startAt.getTime(), this.nowMs) / 1000 : 0;
				this.set({ pendingReason: null });
				this.statusChange('in_progress', { pending_s: s });
				break;
			}
			case 'escalate':
				if (input.kind === 'hierarchical') await this.escalateHierarchical(input.reason);
				else await this.escalateFunctional(input.groupId, input.reason);
				break;
			case 'comment': {
				if (!this.actor.permissions.has('tickets.work')) {
					// Internal notes are the desk's; a requester's comment is always public, never "auto".
					if (!input.public) throw forbidden('Only the service desk can post internal notes');
					input.auto = false;
				}
				const [c] = await this.tx.insert(ticketComments).values({
					ticketId: t.id,
					authorId: this.actor.accountId,
					authorLabel: this.actor.label,
					public: input.public,
					body: input.body,
					at: new Date(this.nowMs)
				}).returning({ id: ticketComments.id });
				this.commentId = c.id;
				const firstResponse =
					input.public && !input.auto && !t.firstResponseAt && actorKind(this.actor, t) === 'agent';
				if (firstResponse) {
					const responseS = runningS(this.cal, t, this.pauses, this.nowMs);
					const met = t.slaResponseMs === null ? null : responseS * 1000 <= t.slaResponseMs;
					this.set({ firstResponseAt: new Date(this.nowMs), responseMet: met });
					this.emit(
						'ticket.commented',
						{ response_s: responseS, sla_clock: met === null ? '' : 'response', sla_met: met === null ? null : met ? 1 : 0 },
						{ public: input.public, firstResponse: true, commentId: c.id }
					);
					if (met !== null) this.breachIfLate('response', met);
				} else {
					this.emit('ticket.commented', {}, { public: input.public, auto: input.auto, commentId: c.id });
				}
				// The composer's work-time field: logged with the reply, in the same command.
				if (input.workMinutes) {
					if (!this.actor.permissions.has('tickets.work')) throw forbidden('Only agents log work time');
					this.set({ workS: this.t.workS + input.workMinutes * 60 });
					this.emit('ticket.work_logged', { work_s: input.workMinutes * 60 }, { commentId: c.id });
				}
				break;
			}
			case 'log_work':
				this.set({ workS: t.workS + input.minutes * 60 });
				this.emit('ticket.work_logged', { work_s: input.minutes * 60 });
				break;
			case 'resolve': {
				if (t.status === 'pending') await this.closePause(['requester', 'vendor']);
				const resolutionS = runningS(this.cal, t, this.pauses, this.nowMs);
				const met = resolutionS * 1000 <= t.slaResolutionMs;
				const from = t.status;
				this.set({
					status: 'resolved',
					pendingReason: null,
					resolvedAt: new Date(this.nowMs),
					resolutionCode: input.code,
					resolutionText: input.text,
					resolutionMet: met
				});
				this.emit(
					'ticket.resolved',
					{
						from_status: from,
						resolution_s: resolutionS,
						work_s: t.workS,
						pending_s: pendingS(this.cal, this.pauses, this.nowMs),
						sla_clock: 'resolution',
						sla_met: met ? 1 : 0,
						escalated: t.escalated ? 1 : 0,
						reassigned: t.reassigned ? 1 : 0,
						pended_requester: t.pendedRequester ? 1 : 0
					},
					{ code: input.code }
				);
				this.breachIfLate('resolution', met);
				// The clocks stop while resolved; a reopen restarts them.
				await this.openPause('resolved');
				break;
			}
			case 'reopen': {
				await this.closePause(['resolved']);
				const from = t.status;
				this.set({ status: 'reopened', reopenCount: t.reopenCount + 1, resolvedAt: null, resolutionMet: null });
				this.emit('ticket.reopened', { from_status: from }, { reason: input.reason });
				break;
			}
			case 'close': {
				const from = t.status;
				this.set({ status: 'closed', closedAt: new Date(this.nowMs) });
				this.emit('ticket.closed', { from_status: from });
				break;
			}
			case 'survey': {
				// Only the requester grades the work; an agent may record the requester's answer,
				// marked as such, but never grade on their own account.
				const isRequester = !!this.actor.accountId && this.actor.accountId === t.requesterId;
				if (!isRequester && !input.onBehalf) {
					throw forbidden('Only the requester may answer the survey; an agent recording their answer sets onBehalf: true');
				}
				if (!isRequester && !this.actor.permissions.has('tickets.work')) throw forbidden();
				if (t.csat !== null) throw conflict(`Ticket ${t.number} already has a survey answer`);
				this.set({ csat: input.score });
				this.emit('survey.answered', { csat: input.score }, isRequester ? {} : { onBehalf: true, recordedBy: this.actor.accountId });
				break;
			}
		}
	}

	async commit(): Promise<CommandResult> {
		// The due instants move with pauses, status and priority: recomputed on every change.
		const dues = dueTimes(this.cal, this.t, this.pauses, this.nowMs);
		// SLA markers alone (watcher warnings) do not bump the version: no field a client edits moved.
		const bump = Object.keys(this.patch).some((k) => k !== 'slaFired');
		const patch = { ...this.patch, ...dues, version: this.t.version + (bump ? 1 : 0), updatedAt: new Date(this.nowMs) };
		const [row] = await this.tx.update(tickets).set(patch).where(eq(tickets.id, this.t.id)).returning();
		await appendEvents(this.tx, this.actor, this.events);
		return { ticket: row, events: this.events, commentId: this.commentId };
	}
}

