/**
 * The last resolution of each ticket in the window (per time bucket when grouped by time), with
 * `reopened_after` = a ticket.reopened of that ticket follows it inside the same window/bucket.
 * Shared by aht, mttr, fcr_gross, fcr_net and csat (tickets resolved). Filters and group keys
 * then apply to that last resolution's dimension snapshot.
 */
import { TABLES } from '../../analytics/tables';
import { ident, raw, sql, type Sql } from '../../analytics/sql';
import type { KpiRequest } from '../model';
import { inWindow, ticketBucketExpr } from '../sql';

export function lastResolutionsSql(req: KpiRequest): Sql {
	const tb = raw(ticketBucketExpr(req));
	const events = ident(TABLES.ticketEvents);
	return sql`(
    SELECT r.ticket_id AS ticket_id, r.at AS at, r.tb AS tb,
        r.resolution_s AS resolution_s, r.work_s AS work_s,
        r.escalated AS escalated, r.reassigned AS reassigned,
        r.pended_requester AS pended_requester, r.reopen_count AS reopen_count,
        r.category AS category, r.priority AS priority, r.tier AS tier, r.group_id AS group_id,
        r.agent_id AS agent_id, r.channel AS channel, r.department_id AS department_id,
        ro.last_reopen_at > r.at AS reopened_after
    FROM (
        SELECT ticket_id, event_id, at, ${tb} AS tb, resolution_s, work_s,
            escalated, reassigned, pended_requester, reopen_count,
            category, priority, tier, group_id, agent_id, channel, department_id
        FROM ${events}
        WHERE type = 'ticket.resolved' AND ${inWindow(req)}
        ORDER BY ticket_id, tb, at DESC, event_id DESC
        LIMIT 1 BY ticket_id, tb
    ) AS r
    LEFT JOIN (
        SELECT ticket_id, ${tb} AS tb, max(at) AS last_reopen_at
        FROM ${events}
        WHERE type = 'ticket.reopened' AND ${inWindow(req)}
        GROUP BY ticket_id, tb
    ) AS ro ON r.ticket_id = ro.ticket_id AND r.tb = ro.tb
)`;
}

/** First contact: no escalation, no reassignment to another group, no pending on the requester,
 * never reopened before, and not reopened later in the window. */
export const FCR_OK = `escalated = 0 AND reassigned = 0 AND pended_requester = 0 AND reopen_count = 0 AND NOT reopened_after`;
/** In the FCR net denominator: not a not-resolvable-at-first-contact category, not a monitoring ticket. */
export const FCR_NET = `NOT has({not_fcr:Array(String)}, category) AND channel != 'monitoring'`;
