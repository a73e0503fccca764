/**
 * Breaching now: tickets open at the instant `to` (./openAt.ts) with an SLA clock past its
 * target and still running: a resolution breach (the resolution clock runs until the ticket is
 * resolved), or a response breach with no first response yet. A response after a breach is late
 * by definition, so "responded" needs only the late first responses. The SLA facts come from
 * ticket_sla (state path: breaches and late responses only, a few rows per breached ticket) or
 * from ticket_events (raw), always those before `to`.
 * The open tickets are the join's right side: ClickHouse builds its hash table from the right, and
 * the open set (tens of thousands) is far smaller than the tickets with SLA facts (every breach in
 * history): 90 → 60 ms at 10M events.
 */
import { TABLES } from '../../analytics/tables';
import { ident, p, sql, type Sql } from '../../analytics/sql';
import type { KpiRequest } from '../model';
import { filterSql, groupSql, type Query } from '../sql';
import { n, type MetricDef } from './def';
import { openAtSql } from './openAt';

function slaFacts(t: Date, source: 'raw' | 'state'): Sql {
	const at = p.dt('at', t);
	if (source === 'state') {
		return sql`SELECT ticket_id,
        max(kind = 'response_breached') AS resp_b, max(kind = 'resolution_breached') AS resol_b, max(kind = 'responded_late') AS responded
    FROM ${ident(TABLES.ticketSla)}
    WHERE at < ${at}
    GROUP BY ticket_id`;
	}
	return sql`SELECT ticket_id,
        max(type = 'sla.breached' AND sla_clock = 'response') AS resp_b,
        max(type = 'sla.breached' AND sla_clock = 'resolution') AS resol_b,
        max(type = 'ticket.commented' AND response_s IS NOT NULL) AS responded
    FROM ${ident(TABLES.ticketEvents)}
    WHERE at < ${at} AND (type = 'sla.breached' OR (type = 'ticket.commented' AND response_s IS NOT NULL))
    GROUP BY ticket_id`;
}

function breachingSql(req: KpiRequest, source: 'raw' | 'state'): Query {
	const g = groupSql(req, 'at', 'o');
	return sql`SELECT ${g.select}countIf(resol_b OR (resp_b AND NOT responded)) AS total,
    countIf(resp_b AND NOT responded) AS response,
    countIf(resol_b) AS resolution
FROM (
    ${slaFacts(req.to, source)}
) AS s
INNER JOIN ${openAtSql(req.to, source)} AS o ON s.ticket_id = o.ticket_id
WHERE (resol_b OR (resp_b AND NOT responded))${filterSql(req, 'o')}
${g.groupBy}`.named(`kpi.breaching.${source}`);
}

export const breaching: MetricDef = {
	metric: 'breaching',
	raw: (req) => breachingSql(req, 'raw'),
	state: (req) => breachingSql(req, 'state'),
	values: (s) => ({ total: n(s.total), response: n(s.response), resolution: n(s.resolution) }),
	present: (s) => n(s.total) > 0
};
