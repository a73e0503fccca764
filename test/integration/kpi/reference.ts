/**
 * Brute-force KPI reference over in-memory events, written from DEFINITIONS.md without the
 * engine's SQL or helpers: loops, sorts and sums. Percentiles: linear interpolation between
 * order statistics (type 7), the definition the engine documents.
 */
import type { TicketEventRow } from '../../../schemas/events';
import type { Dimension, KpiRequest, KpiValues, Metric } from '../../../src/lib/server/kpi/model';

const COL: Record<Dimension, keyof TicketEventRow> = {
	category: 'category',
	priority: 'priority',
	tier: 'tier',
	group: 'group_id',
	agent: 'agent_id',
	channel: 'channel',
	department: 'department_id'
};

const ms = (iso: string) => Date.parse(iso);

export function percentile(sorted: number[], p: number): number | null {
	if (!sorted.length) return null;
	const h = (sorted.length - 1) * p;
	const lo = Math.floor(h);
	const hi = Math.min(lo + 1, sorted.length - 1);
	return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function bucketStart(atMs: number, grain: KpiRequest['groupBy']['time']): number {
	if (!grain) return 0;
	const d = new Date(atMs);
	if (grain === 'hour') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours());
	const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
	if (grain === 'day') return day;
	const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
	return day - dow * 86_400_000;
}

export interface RefGroup {
	key: Record<string, string>;
	values: KpiValues;
}

export class Reference {
	constructor(
		readonly events: TicketEventRow[],
		readonly notFcr: string[] = ['hardware']
	) {}

	private inWindow(e: TicketEventRow, req: KpiRequest) {
		const t = ms(e.at);
		return t >= req.from.getTime() && t < req.to.getTime();
	}
	private passes(e: TicketEventRow, req: KpiRequest) {
		for (const [dim, values] of Object.entries(req.filters) as [Dimension, string[]][]) {
			if (!values.includes(String(e[COL[dim]]))) return false;
		}
		return true;
	}
	private key(e: TicketEventRow, req: KpiRequest): Record<string, string> {
		const k: Record<string, string> = {};
		for (const d of req.groupBy.dimensions) k[d] = String(e[COL[d]]);
		if (req.groupBy.time) k[req.groupBy.time] = new Date(bucketStart(ms(e.at), req.groupBy.time)).toISOString();
		return k;
	}

	/** Events in the window passing the filters, bucketed by group key. */
	private buckets(req: KpiRequest, pick: (e: TicketEventRow) => boolean, rows = this.events) {
		const m = new Map<string, { key: Record<string, string>; rows: TicketEventRow[] }>();
		for (const e of rows) {
			if (!pick(e) || !this.inWindow(e, req) || !this.passes(e, req)) continue;
			const key = this.key(e, req);
			const id = JSON.stringify(key);
			if (!m.has(id)) m.set(id, { key, rows: [] });
			m.get(id)!.rows.push(e);
		}
		return m;
	}

	/** Each ticket's last resolution per time bucket (before filters), with reopenedAfter. */
	private lastResolutions(req: KpiRequest) {
		const last = new Map<string, TicketEventRow>();
		const reopens = new Map<string, number>();
		for (const e of this.events) {
			if (!this.inWindow(e, req)) continue;
			const id = `${e.ticket_id}|${bucketStart(ms(e.at), req.groupBy.time)}`;
			if (e.type === 'ticket.resolved') {
				const cur = last.get(id);
				if (!cur || ms(e.at) > ms(cur.at)) last.set(id, e);
			} else if (e.type === 'ticket.reopened') {
				reopens.set(id, Math.max(reopens.get(id) ?? -Infinity, ms(e.at)));
			}
		}
		const reopenedAfter = new Set<TicketEventRow>();
		for (const [id, e] of last) if ((reopens.get(id) ?? -Infinity) > ms(e.at)) reopenedAfter.add(e);
		return { rows: [...last.values()], reopenedAfter };
	}

	compute(metric: Metric, req: KpiRequest): RefGroup[] {
		const grouped = req.groupBy.dimensions.length > 0 || req.groupBy.time !== null;
		const groups = this.groups(metric, req);
		if (!grouped && groups.length === 0) return [{ key: {}, values: this.values(metric, [], req, new Set()) }];
		return groups.sort((a, b) => (JSON.stringify(a.key) < JSON.stringify(b.key) ? -1 : 1));
	}

	private groups(metric: Metric, req: KpiRequest): RefGroup[] {
		if (metric === 'backlog') return this.backlog(req);
		if (metric === 'breaching') return this.breaching(req);
		const lr = this.lastResolutions(req);
		const picks: Partial<Record<Metric, (e: TicketEventRow) => boolean>> = {
			volume: (e) => e.type === 'ticket.created',
			frt: (e) => e.type === 'ticket.commented' && e.response_s !== null,
			sla_response: (e) =>
				e.sla_clock === 'response' && ((e.type === 'ticket.commented' && e.sla_met === 1) || e.type === 'sla.breached'),
			sla_resolution: (e) =>
				e.sla_clock === 'resolution' && ((e.type === 'ticket.resolved' && e.sla_met === 1) || e.type === 'sla.breached'),
			reopen_rate: (e) => e.type === 'ticket.reopened' || e.type === 'ticket.resolved'
		};
		let b;
		if (metric === 'csat') {
			const rows = [...this.events.filter((e) => e.type === 'survey.answered' && e.csat !== null), ...lr.rows];
			b = this.buckets(req, () => true, rows);
		} else if (picks[metric]) {
			b = this.buckets(req, picks[metric]!);
		} else {
			b = this.buckets(req, () => true, lr.rows);
		}
		return [...b.values()].map(({ key, rows }) => ({ key, values: this.values(metric, rows, req, lr.reopenedAfter) }));
	}

	private values(metric: Metric, rows: TicketEventRow[], _req: KpiRequest, reopenedAfter: Set<TicketEventRow>): KpiValues {
		const rate = (a: number, b: number) => (b > 0 ? a / b : null);
		const stats = (xs: number[]) => {
			const s = [...xs].sort((a, b) => a - b);
			const sum = xs.reduce((a, b) => a + b, 0);
			return { n: xs.length, mean_s: rate(sum, xs.length), p50_s: percentile(s, 0.5), p90_s: percentile(s, 0.9) };
		};
		const fcrOk = (e: TicketEventRow) =>
			!e.escalated && !e.reassigned && !e.pended_requester && e.reopen_count === 0 && !reopenedAfter.has(e);
		const net = (e: TicketEventRow) => !this.notFcr.includes(e.category) && e.channel !== 'monitoring';
		switch (metric) {
			case 'volume':
				return { tickets: rows.length };
			case 'frt':
				return stats(rows.map((e) => e.response_s!));
			case 'mttr':
				return stats(rows.filter((e) => e.resolution_s !== null).map((e) => e.resolution_s!));
			case 'aht': {
				const sum = rows.reduce((a, e) => a + e.work_s, 0);
				return { n: rows.length, mean_s: rate(sum, rows.length) };
			}
			case 'fcr_gross': {
				const ok = rows.filter(fcrOk).length;
				return { resolved: rows.length, first_contact: ok, rate: rate(ok, rows.length) };
			}
			case 'fcr_net': {
				const el = rows.filter(net);
				const ok = el.filter(fcrOk).length;
				return { eligible: el.length, first_contact: ok, rate: rate(ok, el.length) };
			}
			case 'sla_response':
			case 'sla_resolution': {
				const met = rows.filter((e) => e.type !== 'sla.breached').length;
				const br = rows.length - met;
				return { met, breached: br, rate: rate(met, met + br) };
			}
			case 'csat': {
				const answers = rows.filter((e) => e.type === 'survey.answered');
				const resolved = rows.length - answers.length;
				const good = answers.filter((e) => e.csat! >= 4).length;
				const sum = answers.reduce((a, e) => a + e.csat!, 0);
				return {
					answers: answers.length,
					satisfied: good,
					satisfied_rate: rate(good, answers.length),
					mean: rate(sum, answers.length),
					resolved,
					response_rate: rate(answers.length, resolved)
				};
			}
			case 'reopen_rate': {
				const re = rows.filter((e) => e.type === 'ticket.reopened').length;
				const res = rows.length - re;
				return { reopened: re, resolved: res, rate: rate(re, res) };
			}
			case 'backlog': {
				return this.backlogValues(rows, 0);
			}
			case 'breaching':
				return { total: 0, response: 0, resolution: 0 };
			default:
				throw new Error(`no reference for ${metric}`);
		}
	}

	private backlogValues(rows: TicketEventRow[], atMs: number): KpiValues {
		const v = { total: 0, lt_1d: 0, d1_3: 0, d3_7: 0, d7_30: 0, ge_30d: 0 };
		const D = 86_400_000;
		for (const e of rows) {
			const age = atMs - ms(e.ticket_created_at);
			v.total++;
			if (age < D) v.lt_1d++;
			else if (age < 3 * D) v.d1_3++;
			else if (age < 7 * D) v.d3_7++;
			else if (age < 30 * D) v.d7_30++;
			else v.ge_30d++;
		}
		return v;
	}

	/** Open at t, then: a resolution breach before t, or a response breach before t and no first response before t. */
	private breaching(req: KpiRequest): RefGroup[] {
		const at = req.to.getTime();
		const m = new Map<string, RefGroup & { v: { total: number; response: number; resolution: number } }>();
		for (const e of this.openAt(req)) {
			const before = this.events.filter((x) => x.ticket_id === e.ticket_id && ms(x.at) < at);
			const resol = before.some((x) => x.type === 'sla.breached' && x.sla_clock === 'resolution');
			const resp =
				before.some((x) => x.type === 'sla.breached' && x.sla_clock === 'response') &&
				!before.some((x) => x.type === 'ticket.commented' && x.response_s !== null);
			if (!resol && !resp) continue;
			const key: Record<string, string> = {};
			for (const d of req.groupBy.dimensions) key[d] = String(e[COL[d]]);
			const id = JSON.stringify(key);
			if (!m.has(id)) m.set(id, { key, values: {}, v: { total: 0, response: 0, resolution: 0 } });
			const g = m.get(id)!;
			g.v.total++;
			if (resp) g.v.response++;
			if (resol) g.v.resolution++;
		}
		return [...m.values()].map((g) => ({ key: g.key, values: g.v }));
	}

	/** The latest event before `to` of each ticket open at `to` that passes the filters. */
	private openAt(req: KpiRequest): TicketEventRow[] {
		const at = req.to.getTime();
		const latest = new Map<string, TicketEventRow>();
		for (const e of this.events) {
			if (ms(e.at) >= at) continue;
			const cur = latest.get(e.ticket_id);
			if (!cur || ms(e.at) > ms(cur.at)) latest.set(e.ticket_id, e);
		}
		return [...latest.values()].filter(
			(e) => ms(e.ticket_created_at) < at && e.status !== 'resolved' && e.status !== 'closed' && this.passes(e, req)
		);
	}

	private backlog(req: KpiRequest): RefGroup[] {
		const at = req.to.getTime();
		const latest = new Map<string, TicketEventRow>();
		for (const e of this.events) {
			if (ms(e.at) >= at) continue;
			const cur = latest.get(e.ticket_id);
			if (!cur || ms(e.at) > ms(cur.at)) latest.set(e.ticket_id, e);
		}
		const open = [...latest.values()].filter(
			(e) => ms(e.ticket_created_at) < at && e.status !== 'resolved' && e.status !== 'closed' && this.passes(e, req)
		);
		const m = new Map<string, RefGroup & { rows: TicketEventRow[] }>();
		for (const e of open) {
			const key: Record<string, string> = {};
			for (const d of req.groupBy.dimensions) key[d] = String(e[COL[d]]);
			const id = JSON.stringify(key);
			if (!m.has(id)) m.set(id, { key, values: {}, rows: [] });
			m.get(id)!.rows.push(e);
		}
		return [...m.values()].map((g) => ({ key: g.key, values: this.backlogValues(g.rows, at) }));
	}
}
