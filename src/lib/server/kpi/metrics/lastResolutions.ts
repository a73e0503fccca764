/**
 * The last resolution of each ticket in the window (per time bucket when grouped by time), with
 * `reopened_after` = a ticket.reopened of that ticket follows it inside the same window/bucket.
 * Shared by aht, mttr, fcr_gross, fcr_net and csat (tickets resolved). Filters and group keys
 * then apply to that last resolution's dimension snapshot.
 *
 * Only tickets with a reopen in the window need the per-ticket rule: a ticket is resolved again
 * only after a reopen (tickets/service.ts ALLOWED_FROM: `resolve` never starts from resolved or
 * closed), so two resolutions of one ticket in a bucket have a reopen between them, and "reopened
 * after" needs one too. Every resolution of the other tickets is its ticket's last in its bucket
 * and not reopened after: read as it is, with no sort and no grouping. The tickets with a reopen in
 * the window (~5 % on the bench) take the exact rule: latest resolution per bucket (by `at`, see
 * below), and the bucket's last reopen. Membership is tested on cityHash64(ticket_id): a 64-bit
 * set is 2× faster to probe than UUIDs (bench:kpi 100M, one year: 286 vs 640 ms), and a collision
 * only sends a ticket through the exact branch, which is right for any ticket.
 * Measured (bench:kpi, RESULTS.md): `ORDER BY … LIMIT 1 BY` over every resolution of a year of
 * 100M events took 6.2 s.
 */
import { TABLES } from '../../analytics/tables';
import { ident, raw, sql, type Sql } from '../../analytics/sql';
import { DIMENSION_COLUMNS, type Dimension, type KpiRequest } from '../model';
import { inWindow, ticketBucketExpr } from '../sql';

const COLS = ['resolution_s', 'work_s', 'escalated', 'reassigned', 'pended_requester', 'reopen_count',
	'category', 'priority', 'tier', 'group_id', 'agent_id', 'channel', 'department_id'];

/**
 * The columns of a resolution that `uses` (the outer query's expressions) reads, plus the filtered
 * and grouped dimensions: the exact branch computes one argMax per column, so it is cut to what is
 * read.
 */
export function neededResolutionColumns(req: Pick<KpiRequest, 'filters' | 'groupBy'>, uses: string[]): string[] {
	const dims = new Set<string>([
		...req.groupBy.dimensions.map((d) => DIMENSION_COLUMNS[d]),
		...(Object.keys(req.filters) as Dimension[]).filter((d) => req.filters[d]?.length).map((d) => DIMENSION_COLUMNS[d])
	]);
	return COLS.filter((c) => dims.has(c) || uses.some((u) => new RegExp(`\\b${c}\\b`).test(u)));
}

/**
 * 'split' (above): tickets without a reopen in the window read as they are, the others by the
 * exact rule. 'grouped': every ticket of the window by the exact rule in one scan, cheaper for a
 * small window, where the fixed cost of split's three scans dominates (kpi/planner.ts decides).
 */
export type LastResolutionsForm = 'split' | 'grouped';

/** Last resolutions with the columns `uses` reads (see neededResolutionColumns); all of them by default. */
export function lastResolutionsSql(req: KpiRequest, uses: string[] = COLS, form: LastResolutionsForm = 'split'): Sql {
	const picked = neededResolutionColumns(req, uses);
	const tb = raw(ticketBucketExpr(req));
	const events = ident(TABLES.ticketEvents);
	const reopened = sql`SELECT cityHash64(ticket_id) FROM ${events} WHERE type = 'ticket.reopened' AND ${inWindow(req)}`;
	// The exact rule for the tickets `only` keeps: latest resolution per bucket, its last reopen.
	// One argMax per column on `at`: a tuple value or a tuple key (at, event_id) made the branch
	// 2.3× slower (bench:kpi 100M, one year: 1.12 s). Two resolutions of one ticket are separate
	// commands with a reopen between them, so they tie on `at` only if all three share one
	// millisecond; then either may be taken (the event_id tie-break is not kept).
	const outerCols = raw(picked.map((c) => `l_${c} AS ${c}, `).join(''));
	const lastCols = raw(picked.map((c) => `argMaxIf(${c}, at, type = 'ticket.resolved') AS l_${c},\n            `).join(''));
	const exact = (only: Sql) => sql`SELECT ticket_id, l_at AS at, tb, ${outerCols}toUInt8(last_reopen_at > l_at) AS reopened_after
    FROM (
        SELECT ticket_id, ${tb} AS tb, maxIf(at, type = 'ticket.resolved') AS l_at,
            ${lastCols}maxIf(at, type = 'ticket.reopened') AS last_reopen_at
        FROM ${events}
        WHERE type IN ('ticket.resolved', 'ticket.reopened') AND ${inWindow(req)}${only}
        GROUP BY ticket_id, tb
        HAVING countIf(type = 'ticket.resolved') > 0
    )`;
	if (form === 'grouped') return sql`(\n    ${exact(raw(''))}\n)`;
	return sql`(
    SELECT ticket_id, at, ${tb} AS tb, ${raw(picked.map((c) => `${c}, `).join(''))}toUInt8(0) AS reopened_after
    FROM ${events}
    WHERE type = 'ticket.resolved' AND ${inWindow(req)} AND cityHash64(ticket_id) NOT IN (${reopened})
    UNION ALL
    ${exact(sql` AND cityHash64(ticket_id) IN (${reopened})`)}
)`;
}

/** First contact: no escalation, no reassignment to another group, no pending on the requester,
 * never reopened before, and not reopened later in the window. */
export const FCR_OK = `escalated = 0 AND reassigned = 0 AND pended_requester = 0 AND reopen_count = 0 AND NOT reopened_after`;
/** In the FCR net denominator: not a not-resolvable-at-first-contact category, not a monitoring ticket. */
export const FCR_NET = `NOT has({not_fcr:Array(String)}, category) AND channel != 'monitoring'`;
