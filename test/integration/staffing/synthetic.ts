/**
 * Deterministic ticket arrivals with a known weekly shape, as ClickHouse rows: weekdays 08–18
 * UTC busy, weekend days 10–16 quiet, nights empty. Each created ticket of `channel` is
 * resolved an hour later with `workS` of handling.
 */
import { randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;

/** Arrivals in the 30-minute slot starting at `ms` for the shape above. */
export function expectedPer30(ms: number, scale = 1): number {
	const d = new Date(ms);
	const wd = d.getUTCDay();
	const h = d.getUTCHours();
	if (wd >= 1 && wd <= 5) return h >= 8 && h < 18 ? 6 * scale : 0;
	return h >= 10 && h < 16 ? 2 * scale : 0;
}

export function syntheticEvents(opts: { from: Date; days: number; channel: string; workS: number; scale?: number }) {
	const rows: Record<string, unknown>[] = [];
	for (let t = opts.from.getTime(); t < opts.from.getTime() + opts.days * DAY_MS; t += 30 * 60_000) {
		const n = expectedPer30(t, opts.scale);
		for (let k = 0; k < n; k++) {
			const at = new Date(t + Math.floor(((k + 0.5) * 30 * 60_000) / n)).toISOString();
			const ticket = randomUUID();
			const base = { ticket_id: ticket, ticket_created_at: at, channel: opts.channel, category: 'software', priority: 'P3' };
			rows.push({ ...base, event_id: randomUUID(), type: 'ticket.created', at, work_s: 0 });
			rows.push({ ...base, event_id: randomUUID(), type: 'ticket.resolved', at: new Date(Date.parse(at) + 3_600_000).toISOString(), work_s: opts.workS });
		}
	}
	return rows;
}
