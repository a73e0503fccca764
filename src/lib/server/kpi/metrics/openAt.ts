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

export const OPEN_DIMS = ['category', 'priority', 'tier', 'group_id', 'agent_id', 'channel', 'department_id'];
const AT = `{at:DateTime64(3, 'UTC')}`;
const AGE = (created: string) => `toUnixTimestamp64Milli(${AT}) - toUnixTimestamp64Milli(${created})`;

function rawLatest(where: string): string {
	return `SELECT ticket_id, ${AGE('min(ticket_created_at)')} AS age_ms,
        ${OPEN_DIMS.map((d) => `argMax(${d}, ${EVENT_VER_SQL}) AS ${d}`).join(',\n        ')},
        argMax(status, ${EVENT_VER_SQL}) AS last_status
    FROM ${TABLES.ticketEvents}
    WHERE at < ${AT}${where}
    GROUP BY ticket_id
    HAVING last_status NOT IN ('resolved', 'closed') AND min(ticket_created_at) < ${AT}`;
}

/** Rows (ticket_id, age_ms, dimensions…) of the tickets open at {at}. */
export function openAtSql(source: 'raw' | 'state'): string {
	if (source === 'raw') return `(\n    ${rawLatest('')}\n)`;
	return `(
    SELECT ticket_id, ${AGE('ticket_created_at')} AS age_ms, ${OPEN_DIMS.join(', ')}, status AS last_status
    FROM ${TABLES.ticketState} FINAL
    WHERE last_at < ${AT} AND ticket_created_at < ${AT}
    UNION ALL
    ${rawLatest(`
        AND at >= (SELECT minOrNull(ticket_created_at) FROM ${TABLES.ticketEvents} WHERE at >= ${AT})
        AND ticket_id IN (SELECT ticket_id FROM ${TABLES.ticketEvents} WHERE at >= ${AT})`)}
)`;
}
