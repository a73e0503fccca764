/**
 * The SLA watcher's domain step: for every running clock of every open ticket, emit
 * sla.warning at 50% and 75% and sla.breached at 100%, each once (tickets.sla_fired remembers).
 * A breached resolution clock escalates hierarchically (the group's lead is notified) and, when
 * the policy says so, functionally (next tier).
 */
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { tickets } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import { systemActor } from '../rbac/actor';
import { elapsedBusinessMs } from '../sla/calendar';
import { slaThresholdsCrossed, SLA_THRESHOLDS } from '../sla/policies';
import { calendarOf, loadSlaConfig, type SlaConfig } from './slaConfig';
import { loadPauses, loadPausesByTicket, toIntervals, type PauseRow } from './clocks';
import { Step } from './service';

const WATCHED: string[] = ['new', 'assigned', 'in_progress', 'reopened'];

interface Clock {
	name: 'response' | 'resolution';
	targetMs: number;
}

/** What the watcher reads of a ticket to know its clocks. */
type ClockFields = Pick<typeof tickets.$inferSelect, 'id' | 'createdAt' | 'firstResponseAt' | 'slaResponseMs' | 'slaResolutionMs' | 'slaFired' | 'slaCalendarId'>;

function runningClocks(t: ClockFields): Clock[] {
	const clocks: Clock[] = [];
	if (!t.firstResponseAt && t.slaResponseMs !== null) clocks.push({ name: 'response', targetMs: t.slaResponseMs });
	clocks.push({ name: 'resolution', targetMs: t.slaResolutionMs });
	return clocks.filter((c) => !t.slaFired.includes(`${c.name}:breached`));
}

/** Thresholds due now for one ticket: pure, given its pauses. */
export function dueThresholds(
	t: ClockFields,
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

/** Candidates are read in pages of this many (narrow rows, one array parameter for their pauses). */
const PAGE = 2000;

/**
 * The smallest unfired threshold of a clock, as milliseconds of elapsed time, in SQL (null when the
 * clock is not running or has breached): fired thresholds are strings `clock:kind` in sla_fired.
 */
function nextThresholdMs(clock: Clock['name'], targetMs: SQL): SQL {
	const fired = (kind: string) => sql`${`${clock}:${kind}`} = any(${tickets.slaFired})`;
	const cases = sql.join(
		SLA_THRESHOLDS.map((t) => sql`when not ${fired(t.kind)} then ${targetMs} * ${t.fraction}::float8`),
		sql` `
	);
	return sql`(case ${cases} end)`;
}

/**
 * Open tickets that may have a threshold due at nowMs. Business time never runs faster than the
 * wall clock (calendars and pauses only subtract), so a clock whose wall time since creation is
 * below its next threshold cannot fire: those tickets are not read at all. At 1M tickets (300k open,
 * most long breached) this keeps each pass to the few tickets near a threshold instead of every
 * open ticket with every column.
 */
function mayBeDue(nowMs: number): SQL {
	const wallMs = sql`(${nowMs}::float8 - extract(epoch from ${tickets.createdAt}) * 1000)`;
	const response = sql`case when ${tickets.firstResponseAt} is null and ${tickets.slaResponseMs} is not null then ${nextThresholdMs('response', sql`${tickets.slaResponseMs}`)} end`;
	const resolution = nextThresholdMs('resolution', sql`${tickets.slaResolutionMs}`);
	return sql`least(${response}, ${resolution}) <= ${wallMs}`;
}

export async function runSlaWatch(db: Db, nowMs = Date.now()): Promise<SlaWatchResult> {
	const config = await loadSlaConfig(db, nowMs);
	const result: SlaWatchResult = { checked: 0, warnings: 0, breaches: 0 };
	let after: string | null = null;
	for (;;) {
		const page: ClockFields[] = await db
			.select({
				id: tickets.id,
				createdAt: tickets.createdAt,
				firstResponseAt: tickets.firstResponseAt,
				slaResponseMs: tickets.slaResponseMs,
				slaResolutionMs: tickets.slaResolutionMs,
				slaFired: tickets.slaFired,
				slaCalendarId: tickets.slaCalendarId
			})
			.from(tickets)
			.where(and(inArray(tickets.status, WATCHED), mayBeDue(nowMs), after === null ? undefined : gt(tickets.id, after)))
			.orderBy(asc(tickets.id))
			.limit(PAGE);
		if (!page.length) return result;
		after = page[page.length - 1].id;
		result.checked += page.length;
		await watchPage(db, config, page, nowMs, result);
		if (page.length < PAGE) return result;
	}
}

async function watchPage(
	db: Db,
	config: SlaConfig,
	open: ClockFields[],
	nowMs: number,
	result: SlaWatchResult
): Promise<void> {
	const byTicket = await loadPausesByTicket(db, open.map((t) => t.id));

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
}
