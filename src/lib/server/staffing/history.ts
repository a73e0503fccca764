/**
 * What the desk actually saw, from ClickHouse `ticket_events`: arrivals (ticket.created) per
 * interval bucket and channel, and handling time (ticket.resolved work_s = all work logged) by
 * the bucket the ticket arrived in. Windows are half-open [from, to) in UTC.
 */
import { chQuery, num, type ClickHouse } from '../analytics/clickhouse';
import { chTime } from '../kpi/sql';

export interface HistoryWindow {
	from: Date;
	to: Date;
	intervalMin: number;
	/** a channel from CHANNELS, or null for every channel together */
	channel: string | null;
}

/** `{channel:String} = ''` keeps one query text for "all channels" and "this one". */
const CHANNEL_FILTER = `({channel:String} = '' OR channel = {channel:String})`;

const paramsOf = (w: HistoryWindow) => ({
	from: chTime(w.from),
	to: chTime(w.to),
	intervalMin: w.intervalMin,
	channel: w.channel ?? ''
});

export const ARRIVALS_SQL = `
SELECT toUnixTimestamp(toStartOfInterval(at, toIntervalMinute({intervalMin:UInt32}))) AS bucket_s,
       count() AS arrivals
FROM ticket_events
WHERE type = 'ticket.created'
  AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
  AND ${CHANNEL_FILTER}
GROUP BY bucket_s
ORDER BY bucket_s`;

/** Arrivals per interval over the window, dense: an interval nobody called in is 0, not absent. */
export async function arrivalsSeries(ch: ClickHouse, w: HistoryWindow): Promise<number[]> {
	const intervalMs = w.intervalMin * 60_000;
	const n = Math.round((w.to.getTime() - w.from.getTime()) / intervalMs);
	const out = new Array<number>(Math.max(0, n)).fill(0);
	const rows = await chQuery<{ bucket_s: string | number; arrivals: string | number }>(ch, ARRIVALS_SQL, paramsOf(w));
	for (const r of rows) {
		const i = Math.floor((num(r.bucket_s) * 1000 - w.from.getTime()) / intervalMs);
		if (i >= 0 && i < n) out[i] += num(r.arrivals);
	}
	return out;
}

/** work_s on ticket.resolved is cumulative: a reopened ticket's last resolution carries it all. */
export const HANDLING_SQL = `
SELECT toUnixTimestamp(toStartOfInterval(created_at, toIntervalMinute({intervalMin:UInt32}))) AS bucket_s,
       count() AS resolved,
       sum(handled_s) AS work_s
FROM (
  SELECT ticket_id, any(ticket_created_at) AS created_at, max(work_s) AS handled_s
  FROM ticket_events
  WHERE type = 'ticket.resolved' AND work_s > 0
    AND ticket_created_at >= {from:DateTime64(3, 'UTC')} AND ticket_created_at < {to:DateTime64(3, 'UTC')}
    AND ${CHANNEL_FILTER}
  GROUP BY ticket_id
)
GROUP BY bucket_s`;

export interface HandlingBucket {
	/** epoch ms of the bucket's start */
	bucketMs: number;
	resolved: number;
	workS: number;
}

/** Work logged on resolved tickets, by the interval they arrived in (each ticket once). */
export async function handlingBuckets(ch: ClickHouse, w: HistoryWindow): Promise<HandlingBucket[]> {
	const rows = await chQuery<{ bucket_s: string | number; resolved: string | number; work_s: string | number }>(
		ch,
		HANDLING_SQL,
		paramsOf(w)
	);
	return rows.map((r) => ({ bucketMs: num(r.bucket_s) * 1000, resolved: num(r.resolved), workS: num(r.work_s) }));
}
