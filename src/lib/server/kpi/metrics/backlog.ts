/**
 * Backlog at the instant `to`: tickets created before it that are not resolved or closed at it,
 * by wall-clock age bucket. Lifecycle: only ticket.resolved / ticket.closed end a ticket's open
 * time and only ticket.reopened restarts it, so "not closed at t" = the last of those three
 * events before t is absent or a reopen (= the latest status before t is not resolved/closed). Dimensions are that latest event's snapshot. Raw only: the state of
 * every ticket at an instant cannot be summed from per-minute rows.
 */
import { BACKLOG_BUCKETS } from '../model';
import { chTime, filterSql, groupSql, type Query } from '../sql';
import { n, type MetricDef } from './def';

const DIMS = ['category', 'priority', 'tier', 'group_id', 'agent_id', 'channel', 'department_id'];

function ageCountSql(): string {
	return BACKLOG_BUCKETS.map((b) => {
		const lo = `age_ms >= ${b.loS * 1000}`;
		const cond = Number.isFinite(b.hiS) ? `${lo} AND age_ms < ${b.hiS * 1000}` : lo;
		return `countIf(${cond}) AS ${b.name}`;
	}).join(',\n    ');
}

export const backlog: MetricDef = {
	metric: 'backlog',
	raw(req): Query {
		const f = filterSql(req);
		const g = groupSql(req, 'at');
		// Three steps so the wide argMax runs only over open tickets: closed-at-t tickets from the
		// resolve/close/reopen events alone (few rows per ticket, a sort-key range each), open =
		// created before t and not closed, then dimensions and age for the open ones.
		return {
			sql: `SELECT ${g.select}count() AS total,
    ${ageCountSql()}
FROM (
    SELECT ticket_id,
        toUnixTimestamp64Milli({at:DateTime64(3, 'UTC')}) - toUnixTimestamp64Milli(min(ticket_created_at)) AS age_ms,
        ${DIMS.map((d) => `argMax(${d}, (at, event_id)) AS ${d}`).join(',\n        ')}
    FROM ticket_events
    WHERE at < {at:DateTime64(3, 'UTC')} AND ticket_id IN (
        SELECT ticket_id FROM ticket_events
        WHERE type = 'ticket.created' AND at < {at:DateTime64(3, 'UTC')} AND ticket_id NOT IN (
            SELECT ticket_id FROM ticket_events
            WHERE type IN ('ticket.resolved', 'ticket.closed', 'ticket.reopened') AND at < {at:DateTime64(3, 'UTC')}
            GROUP BY ticket_id
            HAVING argMax(type, (at, event_id)) != 'ticket.reopened'
        )
    )
    GROUP BY ticket_id
) AS b
WHERE 1${f.sql}
${g.groupBy}`,
			params: { at: chTime(req.to), ...f.params }
		};
	},
	values: (s) => ({
		total: n(s.total),
		...Object.fromEntries(BACKLOG_BUCKETS.map((b) => [b.name, n(s[b.name])]))
	}),
	present: (s) => n(s.total) > 0
};
