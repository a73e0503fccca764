/**
 * Compaction of the ticket state table (schemas/clickhouse/0011 and 0013): `OPTIMIZE … FINAL
 * CLEANUP` merges every part of ticket_state and drops the tickets whose latest row is a tombstone
 * (resolved or closed). "Now" questions read ticket_state FINAL; without compaction it holds every
 * ticket ever seen (95 % tombstones on bench:kpi), with it the open tickets and what arrived since.
 *
 * Why it is exact: FINAL over all parts leaves one row per ticket, its latest; dropping a ticket
 * whose latest row is closed changes no answer, because "open at t" reads a ticket's state row only
 * when it has no event at or after t (kpi/metrics/openAt.ts), and a closed ticket with no later
 * event is not open at t. The one case it cannot survive is an event older than a ticket's close
 * arriving after the close was compacted away: the ticket would read as open. Live, events of one
 * ticket reach ClickHouse in order (the ticket row is locked while an event is written, and the
 * relay ships in outbox order); only an analytics rebuild copies older events after newer ones, and
 * it re-creates ticket_state without the CLEANUP setting until its copy ends, so the compaction is
 * refused for that time, from any process ("skipped").
 */
import { chQuery, num, type ClickHouse } from '../analytics/clickhouse';
import { partsTarget } from '../analytics/cluster';
import { TABLES } from '../analytics/tables';

export const STATE_CLEANUP_SETTING = 'allow_experimental_replacing_merge_with_cleanup';

export interface CompactResult {
	ran: boolean;
	/** Why it did not run. */
	skipped?: string;
	rowsBefore: number;
	rowsAfter: number;
	ms: number;
}

async function stateRows(ch: ClickHouse): Promise<number> {
	const [r] = await chQuery<{ n: string }>(ch, `SELECT count() AS n FROM ${TABLES.ticketState}`);
	return num(r?.n);
}

/** Merges ticket_state and drops closed tickets' rows; skipped (not failed) while a rebuild copies. */
export async function compactTicketState(ch: ClickHouse, cluster: string | null = null): Promise<CompactResult> {
	const t0 = performance.now();
	const rowsBefore = await stateRows(ch);
	try {
		await ch.client.command({ query: `OPTIMIZE TABLE ${partsTarget(TABLES.ticketState, cluster)} FINAL CLEANUP` });
	} catch (e) {
		const msg = (e as Error).message;
		if (!/CLEANUP are not allowed/i.test(msg)) throw e;
		return { ran: false, skipped: 'CLEANUP is off for ticket_state: an analytics rebuild is copying events', rowsBefore, rowsAfter: rowsBefore, ms: performance.now() - t0 };
	}
	return { ran: true, rowsBefore, rowsAfter: await stateRows(ch), ms: performance.now() - t0 };
}

/** Turns CLEANUP merges on or off for ticket_state (the rebuild turns them off until its copy ends). */
export async function setStateCleanup(ch: ClickHouse, on: boolean, cluster: string | null = null): Promise<void> {
	await ch.client.command({
		query: `ALTER TABLE ${partsTarget(TABLES.ticketState, cluster)} MODIFY SETTING ${STATE_CLEANUP_SETTING} = ${on ? 1 : 0}`
	});
}
