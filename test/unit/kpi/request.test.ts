import { describe, it, expect } from 'vitest';
import { parseKpiRequest } from '../../../src/lib/server/kpi';
import { rollupCandidates, ROLLUP_MIN_GAIN, ROLLUP_MIN_RAW_ROWS } from '../../../src/lib/server/kpi/planner';
import { ROLLUPS } from '../../../src/lib/server/kpi/rollups';
import { eventStatsQuery, rollupQuery } from '../../../src/lib/server/kpi/statQueries';
import { isDomainError } from '../../../src/lib/server/errors';

const base = { metrics: 'volume', from: '2025-01-01', to: '2025-01-02' };

function fail(q: Record<string, string> | URLSearchParams) {
	try {
		parseKpiRequest(q);
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return { status: e.status, field: e.field, message: e.message };
	}
	throw new Error('expected a DomainError');
}

describe('parseKpiRequest', () => {
	it('parses metrics, window, filters and groupBy', () => {
		const r = parseKpiRequest(
			new URLSearchParams(
				'metrics=mttr,frt,mttr&from=2025-01-01T00:00:00Z&to=2025-01-08T00:00:00%2B01:00&priority=P1&priority=P2&group=g-1,g-2&groupBy=group,day'
			)
		);
		expect(r).toEqual({
			metrics: ['mttr', 'frt'],
			from: new Date('2025-01-01T00:00:00Z'),
			to: new Date('2025-01-07T23:00:00Z'),
			filters: { priority: ['P1', 'P2'], group: ['g-1', 'g-2'] },
			groupBy: { dimensions: ['group'], time: 'day' }
		});
	});

	it('takes a plain record and dates as UTC midnight', () => {
		const r = parseKpiRequest({ ...base, channel: 'monitoring' });
		expect(r.from.toISOString()).toBe('2025-01-01T00:00:00.000Z');
		expect(r.filters).toEqual({ channel: ['monitoring'] });
		expect(r.groupBy).toEqual({ dimensions: [], time: null });
	});

	it.each([
		['unknown metric', { ...base, metrics: 'volume,nps' }, 'metrics', /unknown metric "nps"/],
		['no metrics', { ...base, metrics: '' }, 'metrics', /metrics is required/],
		['missing metrics', { from: base.from, to: base.to }, 'metrics', /metrics is required/],
		['unknown parameter', { ...base, prority: 'P1' }, 'prority', /unknown parameter "prority"/],
		['bad category', { ...base, category: 'hardware,printers' }, 'category', /unknown category "printers"/],
		['bad priority', { ...base, priority: 'P9' }, 'priority', /unknown priority "P9"/],
		['bad channel', { ...base, channel: 'fax' }, 'channel', /unknown channel "fax"/],
		['bad id', { ...base, agent: "a1' OR 1=1" }, 'agent', /invalid agent id/],
		['empty filter', { ...base, group: ' , ' }, 'group', /at least one value/],
		['missing from', { metrics: 'volume', to: base.to }, 'from', /from is required/],
		['garbage from', { ...base, from: 'yesterday' }, 'from', /ISO-8601/],
		['local time without offset', { ...base, from: '2025-01-01T10:00:00' }, 'from', /ISO-8601/],
		['impossible date', { ...base, to: '2025-02-31T00:00:00Z' }, 'to', /ISO-8601|after/],
		['to before from', { ...base, from: '2025-01-02', to: '2025-01-01' }, 'to', /after from/],
		['empty window', { ...base, to: base.from }, 'to', /after from/],
		['span too long', { ...base, from: '2024-01-01', to: '2025-02-05' }, 'to', /at most 400 days/],
		['hour grouping too long', { ...base, to: '2025-02-02', groupBy: 'hour' }, 'groupBy', /at most 31 days/],
		['two time grains', { ...base, groupBy: 'day,week' }, 'groupBy', /one time grain/],
		['unknown groupBy', { ...base, groupBy: 'site' }, 'groupBy', /cannot group by "site"/],
		['repeated groupBy', { ...base, groupBy: 'group,group' }, 'groupBy', /repeats/],
		['too many dimensions', { ...base, groupBy: 'group,agent,tier,channel' }, 'groupBy', /at most 3/],
		['backlog by time', { ...base, metrics: 'backlog', groupBy: 'day' }, 'groupBy', /instant/]
	])('%s → 400 naming the parameter', (_name, q, field, message) => {
		const e = fail(q as Record<string, string>);
		expect(e.status).toBe(400);
		expect(e.field).toBe(field);
		expect(e.message).toMatch(message);
	});

	it('accepts the longest windows allowed', () => {
		expect(() => parseKpiRequest({ ...base, from: '2024-01-01', to: '2025-02-04' })).not.toThrow();
		expect(() => parseKpiRequest({ ...base, to: '2025-02-01', groupBy: 'hour' })).not.toThrow();
	});
});

describe('planner conditions and rendered SQL', () => {
	/** A year of 10M events: each rollup 20-1,200 rows per bucket. */
	const YEAR = 365 * 86_400_000;
	const st = {
		spanMs: YEAR,
		rows: new Map<string, number>([
			['ticket_events', 10_000_000],
			['kpi_rollup_hour', 20 * 8760],
			['kpi_rollup_hour_group', 30 * 8760],
			['kpi_rollup_day_group', 600 * 365],
			['kpi_rollup_day', 1200 * 365]
		])
	};
	it.each([
		[{ ...base }, 'kpi_rollup_hour'],
		[{ ...base, agent: 'a1' }, null],
		[{ ...base, groupBy: 'department' }, null],
		[{ ...base, from: '2025-01-01T00:00:30Z', to: '2025-01-01T00:59:00Z' }, null],
		[{ ...base, from: '2025-01-01T06:00:00Z', group: 'g1' }, 'kpi_rollup_hour_group'],
		[{ ...base, group: 'g1' }, 'kpi_rollup_day_group'],
		[{ ...base, group: 'g1', groupBy: 'priority' }, 'kpi_rollup_day_group'],
		[{ ...base, from: '2025-01-01T00:07:00Z', category: 'network', groupBy: 'hour' }, null],
		[{ ...base, from: '2024-10-01', category: 'network', groupBy: 'week' }, 'kpi_rollup_day'],
		[{ ...base, from: '2024-10-01', metrics: 'fcr_net', groupBy: 'week' }, 'kpi_rollup_day']
	])('cheapest exact rollup for %j', (q, want) => {
		const req = parseKpiRequest({ metrics: 'volume', ...(q as Record<string, string>) });
		const stats = req.metrics.includes('fcr_net') ? (['res_n', 'net_n', 'net_ok'] as const) : (['created'] as const);
		const [best] = rollupCandidates(req, [...stats], st);
		expect(best?.def.table ?? null).toBe(want);
	});

	it('auto thresholds: a short window reads raw, a long one the rollup when it reads 10x fewer rows', () => {
		const perMs = 10_000_000 / YEAR;
		// 30 days of 10M events a year: ~820k raw rows, under the fixed cost of a stitched read.
		expect(perMs * 30 * 86_400_000).toBeLessThan(ROLLUP_MIN_RAW_ROWS);
		// 90 days: over it, and the hour rollup reads far fewer than a tenth of raw's rows.
		const req = parseKpiRequest({ ...base, from: '2025-01-01', to: '2025-04-01' });
		const raw = perMs * 90 * 86_400_000;
		expect(raw).toBeGreaterThan(ROLLUP_MIN_RAW_ROWS);
		const [best] = rollupCandidates(req, ['created', 'frt_n', 'frt_q', 'mttr_q'], st);
		expect(best.def.table).toBe('kpi_rollup_hour');
		expect(best.estRows * ROLLUP_MIN_GAIN).toBeLessThan(raw);
	});

	it('stitches raw edges to a rollup body for a window off the grain', () => {
		const req = parseKpiRequest({ ...base, from: '2025-01-01T00:07:00Z', to: '2025-01-03T10:30:00Z', metrics: 'volume,fcr_net', groupBy: 'day' });
		const [best] = rollupCandidates(req, ['created', 'res_n', 'net_n', 'net_ok'], st);
		expect(best.def.table).toBe('kpi_rollup_day');
		expect(rollupCandidates(req, ['created'], st)[0].def).toBe(ROLLUPS[0]);
		const hour = rollupCandidates(req, ['created'], st)[0];
		expect([hour.bodyFrom.toISOString(), hour.bodyTo.toISOString()]).toEqual(['2025-01-01T01:00:00.000Z', '2025-01-03T10:00:00.000Z']);
		const q = rollupQuery(req, ['created'], ['hardware'], hour);
		expect(q.sql).toContain('UNION ALL');
		expect(q.sql).toContain('FROM kpi_rollup_hour\n');
		expect(q.params).toMatchObject({
			from: '2025-01-01 00:07:00.000',
			to: '2025-01-03 10:30:00.000',
			body_from: '2025-01-01 01:00:00.000',
			body_to: '2025-01-03 10:00:00.000',
			not_fcr: ['hardware']
		});
	});

	it('renders the raw event stats query', () => {
		const req = parseKpiRequest({ ...base, channel: 'email,chat', groupBy: 'week' });
		const q = eventStatsQuery(req, ['created', 'resp_breached']);
		expect(q.sql).toBe(`SELECT toUnixTimestamp(toDateTime(toMonday(at), 'UTC')) AS k_time,
    countIf(type = 'ticket.created') AS created,
    countIf(type = 'sla.breached' AND sla_clock = 'response') AS resp_breached
FROM ticket_events
WHERE type IN {event_types:Array(String)} AND at >= {from:DateTime64(3, 'UTC')} AND at < {to:DateTime64(3, 'UTC')}
    AND channel IN {f_channel:Array(String)}
GROUP BY k_time`);
		expect(q.params).toMatchObject({ f_channel: ['email', 'chat'] });
	});
});
