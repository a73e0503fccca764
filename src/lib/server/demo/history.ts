/**
 * The demo desk's history: a pure, seeded generator of ticket lifecycles with the same event
 * semantics as the ticket service (schemas/events.ts): arrivals with daily and weekly seasonality,
 * every category, first responses, escalations, reassignments, pending cycles, work logs,
 * reopens, CSAT answers, SLA warnings and breaches at the instants the SLA engine gives.
 */
import { randomUUID } from 'node:crypto';
import type { tickets } from '../../../../schemas/postgres/index';
import type { TicketEventRow, TicketEventType, Category, Priority, Channel, Tier, Status } from '../../../../schemas/events';
import { snapshotEvent, type TicketSnapshot } from '../tickets/events';
import { dueAt, elapsedBusinessMs, businessMsBetween, type PauseInterval } from '../sla/calendar';
import { slaFor, type SlaConfig } from '../tickets/slaConfig';
import { Rng } from './prng';
import { ESCALATE_P, SESSIONS, firstTouchS, sessionS } from './work';

export interface DemoGroup {
	id: string;
	tier: Tier;
	name: string;
	agents: string[];
	categories: Category[];
}

export interface DemoDesk {
	groups: DemoGroup[];
	departments: string[];
	/** requester accounts (portal logins); empty = anonymous requesters by e-mail address */
	requesters: string[];
	/** their e-mail addresses, same order */
	requesterEmails?: string[];
	/** their cost centres, same order: the ticket is charged to the requester's department */
	requesterDepartments?: (string | null)[];
	/** the CI a ticket is about, by category (demo/cmdb.ts ciPicker); absent = none */
	pickCi?: (rng: Rng, category: Category) => string | null;
}

export type TicketInsert = typeof tickets.$inferInsert;
export interface PauseInsert {
	ticketId: string;
	reason: string;
	startAt: Date;
	endAt: Date | null;
}

export interface GeneratedDay {
	tickets: TicketInsert[];
	events: TicketEventRow[];
	pauses: PauseInsert[];
}

const MIN = 60_000;
const H = 3_600_000;

const CATEGORY_WEIGHTS: Record<Category, number> = {
	user_support: 26,
	software: 20,
	hardware: 12,
	network: 9,
	service_request: 14,
	security: 5,
	performance: 5,
	data_recovery: 3,
	consulting: 2,
	other: 4
};
const PRIORITY_WEIGHTS: Record<Priority, number> = { P1: 2, P2: 9, P3: 50, P4: 30, P5: 9 };
const CHANNEL_WEIGHTS: Record<Channel, number> = { portal: 38, email: 27, phone: 18, chat: 10, api: 2, monitoring: 5 };
/** Hourly arrival shape (UTC ≈ Paris − 1 h): quiet nights, a morning peak, a smaller afternoon one. */
const HOUR_SHAPE = [0.1, 0.08, 0.06, 0.06, 0.08, 0.2, 0.6, 1.3, 1.9, 2.0, 1.8, 1.5, 1.2, 1.6, 1.7, 1.5, 1.2, 0.8, 0.5, 0.35, 0.3, 0.25, 0.18, 0.12];
/** Sunday..Saturday. */
const WEEKDAY_SHAPE = [0.18, 1.25, 1.1, 1.05, 1.0, 0.9, 0.22];

/** Expected arrivals in one UTC hour. */
export function arrivalRate(perDay: number, atMs: number): number {
	const d = new Date(atMs);
	const hourSum = HOUR_SHAPE.reduce((a, b) => a + b, 0);
	return (perDay / hourSum) * HOUR_SHAPE[d.getUTCHours()] * WEEKDAY_SHAPE[d.getUTCDay()];
}

const RESOLUTION_CODES = ['fixed', 'workaround', 'user_error', 'no_fault_found', 'duplicate', 'kb_article', 'replaced'];
const TITLES: Record<Category, string[]> = {
	hardware: ['Laptop does not boot', 'Broken screen', 'Docking station not detected', 'Printer jam on floor 3'],
	software: ['Outlook crashes on start', 'ERP client error 500', 'Teams audio missing', 'License expired for CAD'],
	network: ['VPN disconnects', 'Wi-Fi slow in meeting room', 'Switch port down', 'DNS resolution fails'],
	security: ['Phishing email reported', 'Account locked', 'Suspicious login alert', 'USB policy exception'],
	user_support: ['Password reset', 'How to share a calendar', 'MFA enrolment', 'Mailbox full'],
	service_request: ['New laptop for new hire', 'Access to finance share', 'Software install request', 'New phone'],
	data_recovery: ['Restore deleted folder', 'Recover overwritten file', 'Mailbox restore'],
	performance: ['CRM very slow', 'Database queries time out', 'File server latency'],
	consulting: ['Advice on collaboration tools', 'Project tooling review'],
	other: ['General question', 'Feedback on IT services']
};

interface Life {
	row: TicketInsert;
	events: TicketEventRow[];
	pauses: PauseInterval[];
	pauseRows: { reason: string; startMs: number; endMs: number | null }[];
}

export class HistoryGenerator {
	private seq = 0;
	constructor(
		private readonly rng: Rng,
		private readonly desk: DemoDesk,
		private readonly sla: SlaConfig,
		startSeq = 0
	) {
		this.seq = startSeq;
	}

	private groupsOfTier(tier: Tier): DemoGroup[] {
		return this.desk.groups.filter((g) => g.tier === tier);
	}

	private groupFor(tier: Tier, category: Category): DemoGroup {
		const tierGroups = this.groupsOfTier(tier);
		return tierGroups.find((g) => g.categories.includes(category)) ?? this.rng.pick(tierGroups);
	}

	/** One day [dayStartMs, dayStartMs + 24 h) of arrivals, each lived until nowMs at most. */
	day(dayStartMs: number, perDay: number, nowMs: number): GeneratedDay {
		const out: GeneratedDay = { tickets: [], events: [], pauses: [] };
		for (let h = 0; h < 24; h++) {
			const hourMs = dayStartMs + h * H;
			if (hourMs >= nowMs) break;
			const n = this.rng.poisson(arrivalRate(perDay, hourMs));
			for (let i = 0; i < n; i++) {
				const created = hourMs + Math.floor(this.rng.next() * H);
				if (created >= nowMs) continue;
				const life = this.ticket(created, nowMs);
				out.tickets.push(life.row);
				out.events.push(...life.events);
				for (const p of life.pauseRows) {
					out.pauses.push({ ticketId: life.row.id!, reason: p.reason, startAt: new Date(p.startMs), endAt: p.endMs === null ? null : new Date(p.endMs) });
				}
			}
		}
		return out;
	}

	/** A whole lifecycle from creation; events after nowMs are not produced (the ticket stays open). */
	ticket(createdMs: number, nowMs: number): Life {
		const r = this.rng;
		const category = r.weighted(CATEGORY_WEIGHTS);
		const channel = r.weighted(CHANNEL_WEIGHTS);
		let priority = r.weighted(PRIORITY_WEIGHTS);
		if (channel === 'monitoring' && (priority === 'P4' || priority === 'P5')) priority = 'P3';
		const type = category === 'service_request' ? 'service_request' : 'incident';
		const sla = slaFor(this.sla, priority);
		const cal = sla.calendar;
		const id = randomUUID();
		const requesterIx = this.desk.requesters.length ? r.int(0, this.desk.requesters.length) : null;
		this.seq++;
		const row: TicketInsert = {
			id,
			number: `${type === 'incident' ? 'INC' : 'REQ'}-${String(this.seq).padStart(6, '0')}`,
			type,
			title: r.pick(TITLES[category]),
			description: '',
			requesterId: requesterIx === null ? null : this.desk.requesters[requesterIx],
			requesterName: requesterIx === null ? `user${r.int(1, 3000)}@corp.example` : (this.desk.requesterEmails?.[requesterIx] ?? null),
			ciId: this.desk.pickCi?.(r, category) ?? null,
			departmentId: (requesterIx === null ? null : this.desk.requesterDepartments?.[requesterIx]) ?? r.pick(this.desk.departments),
			channel,
			category,
			priority,
			tier: 'L0',
			groupId: null,
			agentId: null,
			source: channel === 'monitoring' ? 'demo-monitoring' : null,
			status: 'new',
			createdAt: new Date(createdMs),
			updatedAt: new Date(createdMs),
			slaCalendarId: sla.calendarId,
			slaResponseMs: sla.responseMs,
			slaResolutionMs: sla.resolutionMs,
			slaResponseDueAt: sla.responseMs === null ? null : new Date(dueAt(cal, createdMs, sla.responseMs)),
			slaResolutionDueAt: new Date(dueAt(cal, createdMs, sla.resolutionMs)),
			slaFired: [],
			escalated: false,
			reassigned: false,
			pendedRequester: false,
			reopenCount: 0,
			workS: 0,
			flapping: false
		};
		const life: Life = { row, events: [], pauses: [], pauseRows: [] };
		const actorAgent = () => row.agentId ?? '';
		const emit = (type: TicketEventType, atMs: number, extra: Partial<TicketEventRow> = {}, payload: Record<string, unknown> = {}) => {
			const kind =
				type === 'ticket.created' ? (channel === 'monitoring' ? 'monitoring' : 'requester') : type.startsWith('sla.') ? 'system' : type === 'survey.answered' ? 'requester' : 'agent';
			life.events.push(snapshotEvent(row as TicketSnapshot, type, atMs, { id: actorAgent(), kind }, extra, payload));
		};
		const logWork = (atMs: number, workS: number) => {
			row.workS = (row.workS ?? 0) + workS;
			emit('ticket.work_logged', atMs, { work_s: workS });
		};
		const setStatus = (to: Status, atMs: number, extra: Partial<TicketEventRow> = {}) => {
			const from = row.status!;
			row.status = to;
			row.updatedAt = new Date(atMs);
			emit('ticket.status_changed', atMs, { from_status: from, ...extra });
		};

		emit('ticket.created', createdMs, {}, { title: row.title });
		let t = createdMs;
		const done = (ms: number) => ms >= nowMs;
		// Speed scales with priority: P1 work is minutes, P4 is days (in business time).
		const scale = { P1: 0.15, P2: 0.35, P3: 1, P4: 1.2, P5: 1.5 }[priority];
		// Capped at 4× the median: an uncapped log-normal tail leaves tickets open for months.
		// SLA-relative steps (response, resolution) pass scaled = false: their medians are already per priority.
		const after = (businessMedianMs: number, sigma = 0.8, scaled = true) =>
			dueAt(cal, t, Math.max(MIN, Math.round(Math.min(4, r.lognormal(1, sigma)) * businessMedianMs * (scaled ? scale : 1))), life.pauses, t);

		// Triage: L0 assigns to a first group (L0 or L1).
		const firstTier: Tier = r.chance(0.55) ? 'L0' : 'L1';
		let group = this.groupFor(firstTier, category);
		let next = after(8 * MIN, 1);
		if (done(next)) return this.finish(life, nowMs);
		t = next;
		row.tier = group.tier;
		row.groupId = group.id;
		row.agentId = r.pick(group.agents);
		row.status = 'assigned';
		emit('ticket.assigned', t, { from_status: 'new' });

		// First response by an agent (public comment).
		next = after(row.slaResponseMs ? row.slaResponseMs * 0.3 : 2 * H, 0.7, false);
		if (done(next)) return this.finish(life, nowMs);
		t = next;
		const responseS = elapsedBusinessMs(cal, createdMs, t, life.pauses) / 1000;
		const responseMet = row.slaResponseMs == null ? null : responseS * 1000 <= row.slaResponseMs;
		row.firstResponseAt = new Date(t);
		row.responseMet = responseMet;
		emit('ticket.commented', t, { response_s: responseS, sla_clock: responseMet === null ? '' : 'response', sla_met: responseMet === null ? null : responseMet ? 1 : 0 }, { firstResponse: true });
		setStatus('in_progress', t);
		// The first contact itself is agent time: the call, the chat, reading the mail.
		logWork(t, firstTouchS(r, channel));

		let rounds = r.chance(0.06) ? 2 : 1;
		while (rounds-- > 0) {
			// Optional reassignment, escalations and pending cycles, then work and resolution.
			if (r.chance(0.06)) {
				next = after(30 * MIN);
				if (done(next)) return this.finish(life, nowMs);
				t = next;
				const others = this.groupsOfTier(row.tier as Tier).filter((g) => g.id !== row.groupId);
				if (others.length) {
					group = r.pick(others);
					row.groupId = group.id;
					row.agentId = r.pick(group.agents);
					row.reassigned = true;
					emit('ticket.assigned', t, { from_status: row.status! });
				}
			}
			// Escalation may climb several tiers; each group diagnoses (one touch) before passing it on.
			while (r.chance(ESCALATE_P[row.tier as Tier])) {
				next = after(45 * MIN);
				if (done(next)) return this.finish(life, nowMs);
				t = next;
				logWork(t, sessionS(r, row.tier as Tier, priority));
				const from = row.status!;
				const nextTier = (['L0', 'L1', 'L2', 'L3'] as const)[['L0', 'L1', 'L2', 'L3'].indexOf(row.tier as string) + 1];
				group = this.groupFor(nextTier, category);
				row.tier = nextTier;
				row.groupId = group.id;
				row.agentId = r.pick(group.agents);
				row.escalated = true;
				row.status = 'assigned';
				emit('ticket.escalated', t, { from_status: from }, { kind: 'functional', toTier: nextTier });
				next = after(20 * MIN);
				if (done(next)) return this.finish(life, nowMs);
				t = next;
				setStatus('in_progress', t);
			}
			if (r.chance(0.18)) {
				next = after(40 * MIN);
				if (done(next)) return this.finish(life, nowMs);
				t = next;
				const reason = r.chance(0.7) ? 'requester' : 'vendor';
				if (reason === 'requester') row.pendedRequester = true;
				row.pendingReason = reason;
				setStatus('pending', t);
				const pause = { startMs: t, endMs: null as number | null };
				life.pauses.push(pause);
				life.pauseRows.push({ reason, startMs: t, endMs: null });
				const end = t + Math.round(r.lognormal(5 * H, 1));
				if (done(end)) return this.finish(life, nowMs);
				pause.endMs = end;
				life.pauseRows[life.pauseRows.length - 1].endMs = end;
				t = end;
				row.pendingReason = null;
				setStatus('in_progress', t, { pending_s: businessMsBetween(cal, pause.startMs, end) / 1000 });
			}
			const [minLogs, maxLogs] = SESSIONS[row.tier as Tier];
			const logs = r.int(minLogs, maxLogs + 1);
			for (let i = 0; i < logs; i++) {
				next = after(50 * MIN);
				if (done(next)) return this.finish(life, nowMs);
				t = next;
				logWork(t, sessionS(r, row.tier as Tier, priority));
			}
			// Resolution: a fraction of tickets run late on purpose so breaches exist.
			next = after(r.chance(0.08) ? row.slaResolutionMs! * 1.3 : row.slaResolutionMs! * 0.3, 0.6, false);
			if (done(next)) return this.finish(life, nowMs);
			t = next;
			const resolutionS = elapsedBusinessMs(cal, createdMs, t, life.pauses) / 1000;
			const met = resolutionS * 1000 <= row.slaResolutionMs!;
			const from = row.status!;
			row.status = 'resolved';
			row.resolvedAt = new Date(t);
			row.resolutionCode = r.pick(RESOLUTION_CODES);
			row.resolutionMet = met;
			let pendingTotal = 0;
			for (const p of life.pauseRows) if (p.reason !== 'resolved' && p.endMs !== null) pendingTotal += businessMsBetween(cal, p.startMs, p.endMs);
			emit('ticket.resolved', t, {
				from_status: from,
				resolution_s: resolutionS,
				work_s: row.workS ?? 0,
				pending_s: pendingTotal / 1000,
				sla_clock: 'resolution',
				sla_met: met ? 1 : 0,
				escalated: row.escalated ? 1 : 0,
				reassigned: row.reassigned ? 1 : 0,
				pended_requester: row.pendedRequester ? 1 : 0
			});
			const resolvedPause = { startMs: t, endMs: null as number | null };
			life.pauses.push(resolvedPause);
			life.pauseRows.push({ reason: 'resolved', startMs: t, endMs: null });
			if (rounds > 0) {
				const reopenAt = t + Math.round(r.lognormal(20 * H, 0.8));
				if (done(reopenAt)) return this.finish(life, nowMs);
				t = reopenAt;
				resolvedPause.endMs = t;
				life.pauseRows[life.pauseRows.length - 1].endMs = t;
				row.reopenCount = (row.reopenCount ?? 0) + 1;
				row.status = 'reopened';
				row.resolvedAt = null;
				row.resolutionMet = null;
				emit('ticket.reopened', t, { from_status: 'resolved' });
				next = after(30 * MIN);
				if (done(next)) return this.finish(life, nowMs);
				t = next;
				setStatus('in_progress', t);
			}
		}
		const resolvedAt = t;
		if (r.chance(0.32)) {
			const at = resolvedAt + Math.round(r.lognormal(6 * H, 1));
			if (!done(at)) {
				const score = r.weighted({ '5': 48, '4': 30, '3': 10, '2': 6, '1': 6 });
				row.csat = Number(score);
				emit('survey.answered', at, { csat: Number(score) });
			}
		}
		const closeAt = resolvedAt + 3 * 24 * H;
		if (!done(closeAt)) {
			row.status = 'closed';
			row.closedAt = new Date(closeAt);
			emit('ticket.closed', closeAt, { from_status: 'resolved' });
		}
		return this.finish(life, nowMs);
	}

	/** Adds SLA warnings/breaches at the instants each running clock crossed 50/75/100%, up to its end or now. */
	private finish(life: Life, nowMs: number): Life {
		const row = life.row;
		const cal = this.sla.calendars[row.slaCalendarId];
		const createdMs = row.createdAt!.getTime();
		const clocks: { name: 'response' | 'resolution'; targetMs: number | null | undefined; endMs: number }[] = [
			{ name: 'response', targetMs: row.slaResponseMs, endMs: row.firstResponseAt ? row.firstResponseAt.getTime() : nowMs },
			{ name: 'resolution', targetMs: row.slaResolutionMs, endMs: row.resolvedAt ? row.resolvedAt.getTime() : nowMs }
		];
		const fired: string[] = [];
		const slaEvents: TicketEventRow[] = [];
		for (const c of clocks) {
			if (!c.targetMs) continue;
			for (const [threshold, f] of [['warning50', 0.5], ['warning75', 0.75], ['breached', 1]] as const) {
				const at = dueAt(cal, createdMs, Math.round(c.targetMs * f), life.pauses, nowMs);
				// The ticket service breaches at resolution when the watcher had not: same instant rule (≥ target).
				const crossed = threshold === 'breached' ? elapsedBusinessMs(cal, createdMs, c.endMs, life.pauses) >= c.targetMs : at < c.endMs;
				if (!crossed || at > nowMs) continue;
				fired.push(`${c.name}:${threshold}`);
				// The SLA event carries the ticket's dimensions as they were at that instant.
				const atIso = new Date(at).toISOString();
				let base = life.events[0];
				for (const e of life.events) if (e.at <= atIso) base = e;
				slaEvents.push({
					...base,
					event_id: randomUUID(),
					type: threshold === 'breached' ? 'sla.breached' : 'sla.warning',
					at: atIso,
					from_status: '',
					response_s: null,
					resolution_s: null,
					work_s: 0,
					pending_s: null,
					sla_met: null,
					escalated: 0,
					reassigned: 0,
					pended_requester: 0,
					csat: null,
					actor_kind: 'system',
					actor_id: '',
					sla_clock: c.name,
					sla_threshold: threshold,
					payload: '{}'
				});
			}
		}
		row.slaFired = fired;
		// The queue's sort key (tickets.sla_due_at): the due of the next running clock.
		if (['new', 'assigned', 'in_progress', 'reopened'].includes(row.status!)) {
			const reso = dueAt(cal, createdMs, row.slaResolutionMs!, life.pauses, nowMs);
			const resp = row.slaResponseMs != null && !row.firstResponseAt ? dueAt(cal, createdMs, row.slaResponseMs, life.pauses, nowMs) : null;
			row.slaDueAt = new Date(resp === null ? reso : Math.min(resp, reso));
		}
		life.events.push(...slaEvents);
		return life;
	}
}
