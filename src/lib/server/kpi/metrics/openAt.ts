/**
 * The tickets open at an instant t, one row each with its age and the dimensions of its latest
 * event before t: the input of backlog and breaching. Open at t = created before t and the
 * latest event before t (by at, then event_id) has a status other than resolved/closed.
 *
 * Two ways to the same rows:
 *  - raw: argMax over all events before t (reads all history);
 *  - state: ticket_state (one row per ticket, its latest event) for the tickets with no event at
 *    or after t, whose state row is therefore their state at t; plus argMax over raw events for
 *    the few tickets with an event at or after t (for t = now: none or a handful), reading only
 *    events since the earliest creation among them. Exact for any t; fast when t is recent.
 */
import { TABLES, EVENT_VER_SQL } from '../../analytics/tables';
import { ident, p, raw, sql, type Sql } from '../../analytics/sql';

export const OPEN_DIMS = ['category', 'priority', 'tier', 'group_id', 'agent_id', 'channel', 'department_id'];

function rawLatest(t: Date, where: Sql): Sql {
	const at = p.dt('at', t);
	const cols = raw(['ticket_id', 'ticket_created_at', 'status', ...OPEN_DIMS].join(', '));
	const latest = raw([...OPEN_DIMS.map((d) => `argMax(${d}, ver) AS ${d}`), `argMax(status, ver) AS last_status`].join(',\n        '));
	return sql`SELECT ticket_id, toUnixTimestamp64Milli(${at}) - toUnixTimestamp64Milli(min(ticket_created_at)) AS age_ms,
        ${latest}
    FROM (
        SELECT ${cols}, ${raw(EVENT_VER_SQL)} AS ver
        FROM ${ident(TABLES.ticketEvents)}
        WHERE at < ${at}${where}
    )
    GROUP BY ticket_id
    HAVING last_status NOT IN ('resolved', 'closed') AND min(ticket_created_at) < ${at}`;
}

/** Rows (ticket_id, age_ms, dimensions…, last_status) of the tickets open at t. */
export function openAtSql(t: Date, source: 'raw' | 'state'): Sql {
	if (source === 'raw') return sql`(\n    ${rawLatest(t, raw(''))}\n)`;
	const at = p.dt('at', t);
	const events = ident(TABLES.ticketEvents);
	return sql`(
    SELECT ticket_id, toUnixTimestamp64Milli(${at}) - toUnixTimestamp64Milli(ticket_created_at) AS age_ms, ${raw(OPEN_DIMS.join(', '))}, status AS last_status
    FROM ${ident(TABLES.ticketState)} FINAL
    WHERE last_at < ${at} AND ticket_created_at < ${at}
    UNION ALL
    ${rawLatest(
			t,
			sql`
            AND at >= (SELECT minOrNull(ticket_created_at) FROM ${events} WHERE at >= ${at})
            AND ticket_id IN (SELECT ticket_id FROM ${events} WHERE at >= ${at})`
		)}
)`;
}
