/**
 * The SLA watcher's domain step: for every running clock of every open ticket, emit
 * sla.warning at 50% and 75% and sla.breached at 100%, each once (tickets.sla_fired remembers).
 * A breached resolution clock escalates hierarchically (the group's lead is notified) and, when
 * the policy says so, functionally (next tier).
 */
import { eq, inArray } from 'drizzle-orm';
import { tickets, ticketPauses } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import { systemActor } from '../rbac/actor';
import { elapsedBusinessMs } from '../sla/calendar';
import { slaThresholdsCrossed, SLA_THRESHOLDS } from '../sla/policies';
import { calendarOf, loadSlaConfig } from './slaConfig';
import { loadPauses, toIntervals, type PauseRow } from './clocks';
import { Step } from './service';

const WATCHED: string[] = ['new', 'assigned', 'in_progress', 'reopened'];

interface Clock {
	name: 'response' | 'resolution';
	targetMs: number;
}

function runningClocks(t: typeof tickets.$inferSelect): Clock[] {
	const clocks: Clock[] = [];
	if (!t.firstResponseAt && t.slaResponseMs !== null) clocks.push({ name: 'response', targetMs: t.slaResponseMs });
	clocks.push({ name: 'resolution', targetMs: t.slaResolutionMs });
	return clocks.filter((c) => !t.slaFired.includes(`${c.name}:breached`));
}

/** Thresholds due now for one ticket: pure, given its pauses. */
export function dueThresholds(
	t: typeof tickets.$inferSelect,
	cal: ReturnType<typeof calendarOf>,
	pauses: PauseRow[],
	nowMs: number
): { clock: Clock['name']; threshold: (typeof SLA_THRESHOLDS)[number]['kind'] }[] {
	const out: { clock: Clock['name']; threshold: (typeof SLA_THRESHOLDS)[number]['kind'] }[] = [];
	const elapsed = elapsedBusinessMs(cal, t.createdAt.getTime(), nowMs, toIntervals(pauses));
	for (const c of runningClocks(t)) {
		for (const threshold of slaThresholdsCrossed(0, elapsed / c.targetMs)) {
			if (!t.slaFired.includes(`${c.name}:${threshold}`)) out.push({ clock: c.name, threshold });
		}
	}
	return out;
}

export interface SlaWatchResult {
	checked: number;
	warnings: number;
	breaches: number;
}

export async function runSlaWatch(db: Db, nowMs = Date.now()): Promise<SlaWatchResult> {
	const config = await loadSlaConfig(db, nowMs);
	const open = await db.select().from(tickets).where(inArray(tickets.status, WATCHED));
	const result: SlaWatchResult = { checked: open.length, warnings: 0, breaches: 0 };
	if (!open.length) return result;
	const allPauses = await db
		.select({ ticketId: ticketPauses.ticketId, id: ticketPauses.id, reason: ticketPauses.reason, startAt: ticketPauses.startAt, endAt: ticketPauses.endAt })
		.from(ticketPauses)
		.where(inArray(ticketPauses.ticketId, open.map((t) => t.id)));
	const byTicket = new Map<string, PauseRow[]>();
	for (const p of allPauses) byTicket.set(p.ticketId, [...(byTicket.get(p.ticketId) ?? []), p]);

	const actor = systemActor('sla-watcher');
	for (const t of open) {
		const cal = calendarOf(config, t.slaCalendarId);
		if (!dueThresholds(t, cal, byTicket.get(t.id) ?? [], nowMs).length) continue;
		await db.transaction(async (tx) => {
			// Re-read under lock: a command may have changed the ticket since the scan.
			const [locked] = await tx.select().from(tickets).where(eq(tickets.id, t.id)).for('update');
			if (!locked || !WATCHED.includes(locked.status)) return;
			const pauses = await loadPauses(tx, t.id);
			const due = dueThresholds(locked, cal, pauses, nowMs);
			if (!due.length) return;
			const step = new Step(tx, locked, actor, nowMs, cal, pauses);
			for (const { clock, threshold } of due) {
				step.fire(`${clock}:${threshold}`);
				if (threshold === 'breached') {
					result.breaches++;
					step.emit('sla.breached', { sla_clock: clock, sla_threshold: 'breached' });
					if (clock === 'resolution') {
						await step.escalateHierarchical(`SLA resolution target breached`);
						if (config.policies[locked.priority]?.escalateOnBreach && locked.tier !== 'L3') {
							await step.escalateFunctional(null, 'SLA resolution target breached');
						}
					}
				} else {
					result.warnings++;
					step.emit('sla.warning', { sla_clock: clock, sla_threshold: threshold });
				}
			}
			await step.commit();
		});
	}
	return result;
}
