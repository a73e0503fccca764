/** The SLA clocks of one ticket, from its row and its pauses (pending and resolved periods). */
import { eq, sql } from 'drizzle-orm';
import { ticketPauses } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import { businessMsBetween, dueAt, elapsedBusinessMs, isPaused, type BusinessCalendar, type PauseInterval } from '../sla/calendar';
import type { TicketRow } from './events';

export interface PauseRow {
	id: number;
	reason: string;
	startAt: Date;
	endAt: Date | null;
}

const PAUSE_COLUMNS = { id: ticketPauses.id, reason: ticketPauses.reason, startAt: ticketPauses.startAt, endAt: ticketPauses.endAt };

export async function loadPauses(tx: Db, ticketId: string): Promise<PauseRow[]> {
	return tx.select(PAUSE_COLUMNS).from(ticketPauses).where(eq(ticketPauses.ticketId, ticketId));
}

/** The pauses of many tickets in one query (one uuid[] parameter), by ticket id. */
export async function loadPausesByTicket(tx: Db, ticketIds: string[]): Promise<Map<string, PauseRow[]>> {
	const byTicket = new Map<string, PauseRow[]>();
	if (!ticketIds.length) return byTicket;
	const rows = await tx
		.select({ ticketId: ticketPauses.ticketId, ...PAUSE_COLUMNS })
		.from(ticketPauses)
		.where(sql`${ticketPauses.ticketId} = any(${`{${ticketIds.join(',')}}`}::uuid[])`);
	for (const { ticketId, ...p } of rows) {
		const list = byTicket.get(ticketId);
		if (list) list.push(p);
		else byTicket.set(ticketId, [p]);
	}
	return byTicket;
}

export function toIntervals(pauses: PauseRow[]): PauseInterval[] {
	return pauses.map((p) => ({ startMs: p.startAt.getTime(), endMs: p.endAt ? p.endAt.getTime() : null }));
}

/** Business seconds the clocks have run since creation (pending and resolved periods excluded). */
export function runningS(cal: BusinessCalendar, t: TicketRow, pauses: PauseRow[], nowMs: number): number {
	return elapsedBusinessMs(cal, t.createdAt.getTime(), nowMs, toIntervals(pauses)) / 1000;
}

/** Business seconds spent pending (requester or vendor) up to now. */
export function pendingS(cal: BusinessCalendar, pauses: PauseRow[], nowMs: number): number {
	let ms = 0;
	for (const p of pauses) {
		if (p.reason === 'resolved') continue;
		ms += businessMsBetween(cal, p.startAt.getTime(), p.endAt ? p.endAt.getTime() : nowMs);
	}
	return ms / 1000;
}

/** Statuses in which the SLA clocks run (pending and resolved pause them; closed ends them). */
export const RUNNING_STATUSES: readonly string[] = ['new', 'assigned', 'in_progress', 'reopened'];

/**
 * Due instants of both clocks with the pauses so far (a pending ticket's due moves later while
 * it waits) and the queue's sort key: the due of the next running clock, null when none runs.
 */
export function dueTimes(
	cal: BusinessCalendar,
	t: Pick<TicketRow, 'createdAt' | 'slaResponseMs' | 'slaResolutionMs' | 'status' | 'firstResponseAt'>,
	pauses: PauseRow[],
	nowMs: number
): { slaResponseDueAt: Date | null; slaResolutionDueAt: Date; slaDueAt: Date | null } {
	const iv = toIntervals(pauses);
	const start = t.createdAt.getTime();
	const resp = t.slaResponseMs === null ? null : dueAt(cal, start, t.slaResponseMs, iv, nowMs);
	const reso = dueAt(cal, start, t.slaResolutionMs, iv, nowMs);
	let next: number | null = null;
	if (RUNNING_STATUSES.includes(t.status)) next = !t.firstResponseAt && resp !== null ? Math.min(resp, reso) : reso;
	return {
		slaResponseDueAt: resp === null ? null : new Date(resp),
		slaResolutionDueAt: new Date(reso),
		slaDueAt: next === null ? null : new Date(next)
	};
}

/** Colour band of a clock, as the SLA events name them. */
export type SlaLevel = 'ok' | 'warning50' | 'warning75' | 'breached';

export function slaLevel(fraction: number): SlaLevel {
	return fraction >= 1 ? 'breached' : fraction >= 0.75 ? 'warning75' : fraction >= 0.5 ? 'warning50' : 'ok';
}

export interface ClockView {
	clock: 'response' | 'resolution';
	targetS: number;
	elapsedS: number;
	/** Business seconds left (negative = overdue by that much). */
	remainingS: number;
	fraction: number;
	level: SlaLevel;
	dueAt: string;
	paused: boolean;
	/** Stopped: responded (response) or resolved/closed (resolution); met tells how it ended. */
	done: boolean;
	met: boolean | null;
}

/** Both clocks of a ticket as a screen shows them (business time on the ticket's calendar). */
export function clockViews(
	cal: BusinessCalendar,
	t: Pick<TicketRow, 'createdAt' | 'slaResponseMs' | 'slaResolutionMs' | 'status' | 'firstResponseAt' | 'resolvedAt' | 'closedAt' | 'responseMet' | 'resolutionMet'>,
	pauses: PauseRow[],
	nowMs: number
): ClockView[] {
	const iv = toIntervals(pauses);
	const start = t.createdAt.getTime();
	const out: ClockView[] = [];
	const view = (clock: ClockView['clock'], targetMs: number, endMs: number | null, met: boolean | null): ClockView => {
		const at = endMs ?? nowMs;
		const elapsedMs = elapsedBusinessMs(cal, start, at, iv);
		const fraction = targetMs > 0 ? elapsedMs / targetMs : 1;
		return {
			clock,
			targetS: targetMs / 1000,
			elapsedS: Math.round(elapsedMs / 1000),
			remainingS: Math.round((targetMs - elapsedMs) / 1000),
			fraction,
			level: slaLevel(fraction),
			dueAt: new Date(dueAt(cal, start, targetMs, iv, nowMs)).toISOString(),
			paused: endMs === null && isPaused(iv, nowMs),
			done: endMs !== null,
			met
		};
	};
	if (t.slaResponseMs !== null) out.push(view('response', t.slaResponseMs, t.firstResponseAt?.getTime() ?? null, t.responseMet));
	const ended = t.status === 'resolved' || t.status === 'closed' ? (t.resolvedAt ?? t.closedAt)?.getTime() ?? nowMs : null;
	out.push(view('resolution', t.slaResolutionMs, ended, t.resolutionMet));
	return out;
}
