/**
 * The rendered SQL of the KPI catalogue, pinned: every query the engine can send (stat queries on
 * each path, instant metrics from the state table and raw, the planner's checks), for a few
 * request shapes. A change to a query shows up here as a snapshot diff to review.
 */
import { describe, it, expect } from 'vitest';
import { parseKpiRequest, METRICS } from '../../../src/lib/server/kpi';
import { METRIC_DEFS } from '../../../src/lib/server/kpi/metrics';
import { STATS, type StatName } from '../../../src/lib/server/kpi/metrics/stats';
import { eventStatsQuery, perTicketConflictQuery, rollupQuery, ticketStatsQuery } from '../../../src/lib/server/kpi/statQueries';
import { ident, join, p, raw, sql, Sql } from '../../../src/lib/server/analytics/sql';
import { ROLLUPS, rollupDdl } from '../../../src/lib/server/kpi/rollups';
import fs from 'node:fs';

const REQUESTS = {
	plain: { from: '2024-03-01', to: '2024-03-08' },
	byDayAndGroup: { from: '2024-03-01', to: '2024-03-08', groupBy: 'day,group' },
	filtered: { from: '2024-03-01T10:00:00Z', to: '2024-03-02T10:00:00Z', priority: 'P1,P2', channel: 'email', groupBy: 'category' }
};
const EVENT_STATS = (Object.keys(STATS) as StatName[]).filter((s) => STATS[s].family === 'event');
const TICKET_STATS = (Object.keys(STATS) as StatName[]).filter((s) => STATS[s].family === 'ticket');
const render = (q: Sql) => `-- ${q.tag ?? ''}\n${q.sql}\n-- params ${JSON.stringify(q.params)}`;

describe('KPI catalogue SQL (snapshots)', () => {
	describe.each(Object.entries(REQUESTS))('%s', (_name, q) => {
		const req = parseKpiRequest({ metrics: 'volume', ...q });
		it('event stats, raw', () => expect(render(eventStatsQuery(req, EVENT_STATS))).toMatchSnapshot());
		it('ticket stats, raw', () => expect(render(ticketStatsQuery(req, TICKET_STATS, ['hardware']))).toMatchSnapshot());
		it('ticket stats, raw, one scan (small window)', () => expect(render(ticketStatsQuery(req, TICKET_STATS, ['hardware'], 'grouped'))).toMatchSnapshot());
		it.each(ROLLUPS.filter((r) => r.grain === 'day' || !req.groupBy.dimensions.length))('all stats, rollup $table', (def) => {
			const body = { def, bodyFrom: new Date('2024-03-02T00:00:00Z'), bodyTo: new Date('2024-03-02T00:00:00Z') };
			body.bodyFrom = new Date(Math.ceil(req.from.getTime() / 86_400_000) * 86_400_000);
			body.bodyTo = new Date(Math.floor(req.to.getTime() / 86_400_000) * 86_400_000);
			expect(render(rollupQuery(req, [...EVENT_STATS, ...TICKET_STATS], ['hardware'], body))).toMatchSnapshot();
		});
		it('per-ticket conflict check', () => expect(render(perTicketConflictQuery(req))).toMatchSnapshot());
	});

	const instant = parseKpiRequest({ metrics: 'backlog', from: '2024-03-01', to: '2024-03-08T12:00:00Z', group: 'g1', groupBy: 'tier' });
	it.each(METRICS.filter((m) => METRIC_DEFS[m]?.raw))('%s at an instant, state and raw', (m) => {
		const def = METRIC_DEFS[m]!;
		expect(render(def.state!(instant, { notFcrCategories: [] }))).toMatchSnapshot();
		expect(render(def.raw!(instant, { notFcrCategories: [] }))).toMatchSnapshot();
	});
});

describe('rollup migration', () => {
	it('0012 spells every rollup exactly as rollups.ts renders it', () => {
		const text = fs.readFileSync('schemas/clickhouse/0012_kpi_rollups_v2.sql', 'utf8');
		for (const def of ROLLUPS) expect(text).toContain(rollupDdl(def));
	});
});

describe('sql template', () => {
	it('turns values into typed parameters and composes fragments', () => {
		const w = sql`at >= ${p.dt('from', new Date('2024-03-01T00:00:00Z'))}`;
		const q = sql`SELECT count() FROM ${ident('ticket_events')} WHERE ${w} AND group_id IN ${p.strs('g', ['a', "b'; DROP"])}`;
		expect(q.sql).toBe(`SELECT count() FROM ticket_events WHERE at >= {from:DateTime64(3, 'UTC')} AND group_id IN {g:Array(String)}`);
		expect(q.params).toEqual({ from: '2024-03-01 00:00:00.000', g: ['a', "b'; DROP"] });
	});
	it('rejects a plain string, a bad identifier and a name bound to two values', () => {
		expect(() => sql`SELECT ${'1; DROP' as unknown as Sql}`).toThrow(/interpolate/);
		expect(() => ident('x; DROP')).toThrow(/identifier/);
		expect(() => sql`${p.str('a', 'x')} ${p.str('a', 'y')}`).toThrow(/bound twice/);
		expect(sql`${p.str('a', 'x')} ${p.str('a', 'x')}`.params).toEqual({ a: 'x' });
	});
	it('joins fragments and keeps raw text as written', () => {
		const q = join([sql`a = ${p.u64('a', 1)}`, raw('b = 2'), sql`c = ${p.f64('c', 0.5)}`], ' AND ');
		expect(q.sql).toBe('a = {a:UInt64} AND b = 2 AND c = {c:Float64}');
		expect(q.params).toEqual({ a: 1, c: 0.5 });
		expect(q.named('t').tag).toBe('t');
	});
});
