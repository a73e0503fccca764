/** The SLA clocks of one ticket, from its row and its pauses (pending and resolved periods). */
import { eq } from 'drizzle-orm';
import { ticketPauses } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import { businessMsBetween, elapsedBusinessMs, type BusinessCalendar, type PauseInterval } from '../sla/calendar';
import type { TicketRow } from './events';

export interface PauseRow {
	id: number;
	reason: string;
	startAt: Date;
	endAt: Date | null;
}

export async function loadPauses(tx: Db, ticketId: string): Promise<PauseRow[]> {
	return tx
		.select({ id: ticketPauses.id, reason: ticketPauses.reason, startAt: ticketPauses.startAt, endAt: ticketPauses.endAt })
		.from(ticketPauses)
		.where(eq(ticketPauses.ticketId, ticketId));
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
