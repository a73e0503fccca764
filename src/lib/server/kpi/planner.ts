/**
 * Chooses where each stat family comes from: the minute rollup or raw ticket_events. The rollup
 * is used only when it gives exactly the raw answer:
 *  - no agent filter or agent grouping (the rollup has no agent column);
 *  - from and to on minute boundaries (the rollup bucket);
 *  - ticket stats (aht, mttr, fcr_*, csat's resolved tickets) additionally: no ticket has both
 *    a resolution and a reopen inside the window, else "last resolution per ticket" and
 *    "reopened later in the window" differ from per-event sums (one small query checks).
 * Metrics with a query of their own (backlog) always read raw events.
 */
import { chQuery, num, type ClickHouse } from '../analytics/clickhouse';
import { METRIC_DEFS } from './metrics';
import { STATS, type StatFamily, type StatName } from './metrics/stats';
import { ROLLUP_DIMENSIONS, type KpiRequest, type RunKpiOptions } from './model';
import { perTicketConflictQuery, ROLLUP_BUCKET_MS, ROLLUP_TABLE } from './statQueries';

export interface KpiPlan {
	/** Stats to read per family, and from where. */
	families: Record<StatFamily, { stats: StatName[]; source: 'rollup' | 'raw'; reason?: string }>;
}

/** Tables seen to exist, per connection (a table never disappears at runtime: only hits are cached). */
const seenTables = new WeakMap<ClickHouse, Set<string>>();

export async function tableExists(ch: ClickHouse, table: string): Promise<boolean> {
	const seen = seenTables.get(ch) ?? new Set<string>();
	seenTables.set(ch, seen);
	if (seen.has(table)) return true;
	const [row] = await chQuery<{ n: string }>(
		ch,
		'SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = {table:String}',
		{ table }
	);
	if (num(row?.n) > 0) seen.add(table);
	return seen.has(table);
}

/** The request-only conditions (no I/O): null when the rollup may serve it, else the reason. */
export function rollupBlocker(req: KpiRequest): string | null {
	const dims = new Set([...req.groupBy.dimensions, ...(Object.keys(req.filters) as (keyof KpiRequest['filters'])[])]);
	for (const d of dims) if (!ROLLUP_DIMENSIONS.has(d)) return `the rollup has no ${d} dimension`;
	if (req.from.getTime() % ROLLUP_BUCKET_MS !== 0 || req.to.getTime() % ROLLUP_BUCKET_MS !== 0) {
		return 'window not aligned to the rollup minute';
	}
	return null;
}

export async function planKpis(ch: ClickHouse, req: KpiRequest, opts: RunKpiOptions = {}): Promise<KpiPlan> {
	const wanted = new Set<StatName>();
	for (const m of req.metrics) for (const s of METRIC_DEFS[m]?.stats ?? []) wanted.add(s);
	const of = (f: StatFamily) => [...wanted].filter((s) => STATS[s].family === f);
	const plan: KpiPlan = {
		families: { event: { stats: of('event'), source: 'raw' }, ticket: { stats: of('ticket'), source: 'raw' } }
	};
	const { event, ticket } = plan.families;
	if (!event.stats.length && !ticket.stats.length) return plan;

	const blocker =
		opts.source === 'raw'
			? 'raw requested'
			: (rollupBlocker(req) ?? ((await tableExists(ch, ROLLUP_TABLE)) ? null : 'rollup table missing'));
	if (blocker) {
		event.reason = ticket.reason = blocker;
		return plan;
	}
	event.source = 'rollup';
	if (ticket.stats.length) {
		const q = perTicketConflictQuery(req);
		const [row] = await chQuery<{ n: string }>(ch, q);
		if (num(row?.n) > 0) ticket.reason = 'a ticket was resolved and reopened inside the window';
		else ticket.source = 'rollup';
	}
	return plan;
}
