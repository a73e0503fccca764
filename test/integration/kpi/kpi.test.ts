/**
 * The KPI engine on chDB against a brute-force reference over the same seeded events, for every
 * metric, several windows, filters and groupings, on both paths (auto planner → rollup where
 * exact, and forced raw). Dataset A (March 2024) has reopens and is inserted before migration
 * 0002 (so its rollup rows come from the backfill); dataset B (June 2024) has none and is
 * inserted after (so the materialized view rolls it up, and per-ticket metrics use the rollup).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openClickHouse, migrateClickHouse, chMigrationsFolder, chQuery, num, type ClickHouse } from '../../../src/lib/server/analytics/clickhouse';
import { parseKpiRequest, planKpis, runKpis, ROLLUP_METRICS, PER_TICKET_METRICS, INSTANT_METRICS, METRICS, type KpiSeries, type Metric } from '../../../src/lib/server/kpi';
import type { TicketEventRow } from '../../../schemas/events';
import { ROLLUPS } from '../../../src/lib/server/kpi/rollups';
import { compactTicketState, setStateCleanup } from '../../../src/lib/server/kpi/stateCompact';
import { refreshBucketCache } from '../../../src/lib/server/kpi/bucketCache';
import { generateEvents } from './generator';
import cron from 'node-cron';
import { JOBS } from '../../../workers/index';
import { stateCompactJob } from '../../../workers/stateCompact';
import { bucketCacheJob } from '../../../workers/bucketCache';
import type { Runtime } from '../../../src/lib/server/runtime';
import { Reference } from './reference';

const A = generateEvents({ seed: 7, tickets: 700, start: new Date('2024-03-01T00:00:00Z'), days: 10, reopenProb: 0.2 });
const B = generateEvents({ seed: 11, tickets: 350, start: new Date('2024-06-03T00:00:00Z'), days: 7, reopenProb: 0 });
/** Late events: C (September 2024, with reopens) is inserted newest first, in small batches, after
 * the views exist, so ticket_state sees a ticket's later events before its earlier ones. */
const C = generateEvents({ seed: 5, tickets: 300, start: new Date('2024-09-02T00:00:00Z'), days: 6, reopenProb: 0.3 });
const ALL = [...A, ...B, ...C];
const ref = new Reference(ALL);

const COMPUTED = METRICS.filter((m) => m !== 'alert_noise') as Exclude<Metric, 'alert_noise'>[];

async function insert(ch: ClickHouse, rows: TicketEventRow[]) {
	for (let i = 0; i < rows.length; i += 5000) {
		await ch.client.insert({ table: 'ticket_events', values: rows.slice(i, i + 5000), format: 'JSONEachRow' });
	}
}

function expectSame(actual: KpiSeries, expected: ReturnType<Reference['compute']>, label: string) {
	expect(actual.groups.map((g) => g.key), `${label}: group keys`).toEqual(expected.map((g) => g.key));
	actual.groups.forEach((g, i) => {
		const want = expected[i].values;
		expect(Object.keys(g.values).sort(), `${label} ${JSON.stringify(g.key)}: value names`).toEqual(Object.keys(want).sort());
		for (const [k, v] of Object.entries(want)) {
			const got = g.values[k];
			const where = `${label} ${JSON.stringify(g.key)}.${k}`;
			if (v === null) expect(got, where).toBeNull();
			else {
				expect(got, where).not.toBeNull();
				expect(Math.abs((got as number) - v), `${where}: ${got} vs ${v}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
			}
		}
	});
}

interface Case {
	name: string;
	q: Record<string, string>;
	/** Metrics expected from a rollup when the planner may use any exact one (source 'rollup'). */
	rollup?: Metric[];
}

const rollupAll = COMPUTED.filter((m) => ROLLUP_METRICS.has(m));
const rollupPerEvent = rollupAll.filter((m) => !PER_TICKET_METRICS.has(m));

const CASES: Case[] = [
	{ name: 'A whole span', q: { from: '2024-03-01', to: '2024-03-20' }, rollup: rollupPerEvent },
	{ name: 'A one aligned day', q: { from: '2024-03-04', to: '2024-03-05' }, rollup: rollupPerEvent },
	{ name: 'A unaligned window (raw edges)', q: { from: '2024-03-04T03:17:22.517Z', to: '2024-03-06T11:00:00.250Z' } },
	{ name: 'A by day', q: { from: '2024-03-01', to: '2024-03-15', groupBy: 'day' } },
	{ name: 'A by group and priority', q: { from: '2024-03-01', to: '2024-03-20', groupBy: 'group,priority' } },
	{
		name: 'A P1/P2 on monitoring/email by category',
		q: { from: '2024-03-01', to: '2024-03-20', priority: 'P1,P2', channel: 'monitoring,email', groupBy: 'category' }
	},
	{ name: 'A two agents by hour (raw: agent)', q: { from: '2024-03-03', to: '2024-03-05', agent: 'a1,a2', groupBy: 'hour' }, rollup: [] },
	{ name: 'A by agent', q: { from: '2024-03-01', to: '2024-03-20', groupBy: 'agent' }, rollup: [] },
	{ name: 'A by week and tier', q: { from: '2024-02-26', to: '2024-03-25', groupBy: 'week,tier' } },
	{ name: 'A and B by week, mid-week edges (bucket cache)', q: { from: '2024-02-28T10:00:00Z', to: '2024-06-12T13:30:00Z', groupBy: 'week' } },
	{ name: 'C by week, P1/P2 on email by category (bucket cache)', q: { from: '2024-08-26', to: '2024-09-16', priority: 'P1,P2', channel: 'email,portal', groupBy: 'week,category' } },
	{ name: 'A one department by channel, +30 min offset', q: { from: '2024-03-02T00:30:00+00:30', to: '2024-03-09T00:00:00Z', department: 'd-fin', groupBy: 'channel' } },
	{ name: 'empty window', q: { from: '2025-01-01', to: '2025-01-02' }, rollup: rollupAll },
	{ name: 'empty window by day', q: { from: '2025-01-01', to: '2025-01-03', groupBy: 'day,group' } },
	{ name: 'B whole span', q: { from: '2024-06-01', to: '2024-06-20' }, rollup: rollupAll },
	{ name: 'B by day and category', q: { from: '2024-06-01', to: '2024-06-20', groupBy: 'day,category' }, rollup: rollupAll },
	// FCR net needs category and channel, which no group rollup keeps: by group, ticket stats read raw.
	{ name: 'B 24h aligned to the minute by group', q: { from: '2024-06-05T10:07:00Z', to: '2024-06-06T10:07:00Z', groupBy: 'group' }, rollup: rollupPerEvent },
	{ name: 'B hardware/network by hour (no hourly rollup by category)', q: { from: '2024-06-04', to: '2024-06-06', category: 'hardware,network', groupBy: 'hour' }, rollup: [] },
	{ name: 'B unaligned by group (hour rollup, raw edges)', q: { from: '2024-06-04T05:31:10Z', to: '2024-06-06T17:02:00.5Z', groupBy: 'group' }, rollup: rollupPerEvent },
	{ name: 'B unaligned by week, P1-P3 (day rollup, raw edges)', q: { from: '2024-06-02T05:31:10Z', to: '2024-06-12T17:02:00Z', priority: 'P1,P2,P3', groupBy: 'week,category' }, rollup: rollupAll },
	{ name: 'C by day (late events)', q: { from: '2024-09-01', to: '2024-09-12', groupBy: 'day,tier' } },
	{ name: 'A and B across both', q: { from: '2024-03-01', to: '2024-07-01', groupBy: 'week', tier: 'L0,L2' } }
];

describe('KPI engine vs brute-force reference (chDB)', () => {
	let ch: ClickHouse;
	let dir: string;
	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-kpi-'));
		ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
		// 0001 only, then dataset A, then the rest: 0002 backfills A, its view rolls up B.
		const only1 = path.join(dir, 'mig1');
		fs.mkdirSync(only1);
		fs.copyFileSync(path.join(chMigrationsFolder(), '0001_ticket_events.sql'), path.join(only1, '0001_ticket_events.sql'));
		await migrateClickHouse(ch, only1);
		await insert(ch, A);
		expect(await migrateClickHouse(ch)).toContain('0002_kpi_rollups.sql');
		await insert(ch, B);
		const late = [...C].sort((x, y) => (x.at < y.at ? 1 : -1));
		for (let i = 0; i < late.length; i += 700) await insert(ch, late.slice(i, i + 700));
		// Completed days' and weeks' ticket stats: the 'rollup' path reads them for cases by day or week.
		const cached = await refreshBucketCache(ch);
		expect(cached.week).toBeGreaterThan(5);
		expect(cached.day).toBeGreaterThan(20);
	});
	afterAll(async () => {
		await ch?.close();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('the seeded histories cover every path the definitions care about', () => {
		const count = (p: (e: TicketEventRow) => boolean) => ALL.filter(p).length;
		expect(count((e) => e.type === 'ticket.reopened')).toBeGreaterThan(20);
		expect(count((e) => e.type === 'ticket.resolved' && e.reopen_count > 0)).toBeGreaterThan(10);
		expect(count((e) => e.type === 'sla.breached' && e.sla_clock === 'response')).toBeGreaterThan(20);
		expect(count((e) => e.type === 'sla.breached' && e.sla_clock === 'resolution')).toBeGreaterThan(20);
		expect(count((e) => e.type === 'ticket.commented' && e.response_s === null)).toBeGreaterThan(50);
		expect(count((e) => e.type === 'ticket.resolved' && e.pended_requester === 1)).toBeGreaterThan(10);
		expect(count((e) => e.type === 'ticket.resolved' && e.escalated === 1)).toBeGreaterThan(10);
		expect(count((e) => e.type === 'ticket.resolved' && e.reassigned === 1)).toBeGreaterThan(10);
		expect(count((e) => e.type === 'ticket.created' && e.channel === 'monitoring')).toBeGreaterThan(50);
		expect(count((e) => e.type === 'survey.answered')).toBeGreaterThan(100);
		expect(B.some((e) => e.type === 'ticket.reopened')).toBe(false);
		const whole = ref.compute('fcr_gross', parseKpiRequest({ metrics: 'fcr_gross', from: '2024-03-01', to: '2024-03-20' }));
		expect(whole[0].values.rate).toBeGreaterThan(0.2);
		expect(whole[0].values.rate).toBeLessThan(0.9);
	});

	it.each(ROLLUPS.map((r) => r.table))('%s holds every rolled-up event (backfill for A, view for B and C)', async (table) => {
		const [r] = await chQuery<{ created: string; res: string }>(ch, `SELECT sum(created) AS created, sum(res_n) AS res FROM ${table}`);
		expect(num(r.created)).toBe(ALL.filter((e) => e.type === 'ticket.created').length);
		expect(num(r.res)).toBe(ALL.filter((e) => e.type === 'ticket.resolved').length);
	});

	describe.each(CASES)('$name', (c) => {
		const metrics = COMPUTED.filter((m) => !(INSTANT_METRICS.has(m) && /hour|day|week/.test(c.q.groupBy ?? '')));
		const req = parseKpiRequest({ ...c.q, metrics: metrics.join(',') });

		it.each(['auto', 'rollup', 'raw'] as const)('%s path equals the reference for every metric', async (source) => {
			const series = await runKpis(ch, req, { source });
			expect(series.map((s) => s.metric)).toEqual(metrics);
			for (const s of series) {
				expectSame(s, ref.compute(s.metric, req), `${c.name} [${source}] ${s.metric}`);
				if (source === 'raw') expect(s.source).toBe('raw');
			}
			if (source === 'auto') for (const s of series) if (INSTANT_METRICS.has(s.metric)) expect(s.source).toBe('state');
			if (source === 'rollup' && c.rollup) {
				expect(series.filter((s) => s.source === 'rollup').map((s) => s.metric).sort()).toEqual(
					c.rollup.filter((m) => (metrics as Metric[]).includes(m)).sort()
				);
			}
		});
	});

	const INSTANTS: [string, Record<string, string>][] = [
		['2024-03-05T12:00:00Z', {}],
		['2024-03-08T00:00:00.001Z', { groupBy: 'group,priority' }],
		['2024-03-30T00:00:00Z', { category: 'software,network', groupBy: 'agent' }],
		['2024-06-08T00:00:00Z', { groupBy: 'channel' }],
		['2024-09-05T07:13:00Z', { groupBy: 'tier' }],
		['2024-09-30T00:00:00Z', { groupBy: 'priority' }],
		['2030-01-01T00:00:00Z', { groupBy: 'group' }],
		['2024-01-01T00:00:00Z', {}]
	];
	describe.each(['backlog', 'breaching'] as const)('%s at an instant', (metric) => {
		it.each(INSTANTS)(`${metric} at %s %j: state table and raw equal the reference`, async (at, extra) => {
			const req = parseKpiRequest({ metrics: metric, from: new Date(Date.parse(at) - 30 * 86_400_000).toISOString(), to: at, ...extra });
			const [s] = await runKpis(ch, req);
			expect(s.source).toBe('state');
			expectSame(s, ref.compute(metric, req), `${metric} ${at}`);
			const [raw] = await runKpis(ch, req, { source: 'raw' });
			expect(raw.source).toBe('raw');
			expectSame(raw, ref.compute(metric, req), `${metric} ${at} raw`);
		});
	});

	it('the state table holds one row per ticket after merges, and answers the same', async () => {
		const req = parseKpiRequest({ metrics: 'backlog,breaching', from: '2023-12-01', to: '2024-09-06T00:00:00Z', groupBy: 'group' });
		await ch.client.command({ query: 'OPTIMIZE TABLE ticket_state FINAL' });
		const [r] = await chQuery<{ rows: string; tickets: string }>(ch, 'SELECT count() AS rows, uniqExact(ticket_id) AS tickets FROM ticket_state');
		expect(num(r.rows)).toBe(num(r.tickets));
		expect(num(r.tickets)).toBe(new Set(ALL.map((e) => e.ticket_id)).size);
		for (const s of await runKpis(ch, req)) expectSame(s, ref.compute(s.metric, req), `${s.metric} after merge`);
	});

	it('breaching is non-trivial: open tickets past their response and resolution targets', async () => {
		const [s] = await runKpis(ch, parseKpiRequest({ metrics: 'breaching', from: '2024-03-01', to: '2024-03-08' }));
		expect(s.groups[0].values.response).toBeGreaterThan(0);
		expect(s.groups[0].values.resolution).toBeGreaterThan(0);
	});

	it('backlog is non-trivial: open tickets in several age buckets', async () => {
		const [s] = await runKpis(ch, parseKpiRequest({ metrics: 'backlog', from: '2024-03-01', to: '2024-03-08' }));
		expect(s.source).toBe('state');
		const v = s.groups[0].values;
		expect(v.total).toBeGreaterThan(30);
		expect([v.lt_1d, v.d1_3, v.d3_7, v.d7_30].filter((x) => (x as number) > 0).length).toBeGreaterThanOrEqual(3);
	});

	it.each([
		['2024-06-04T05:31:10Z', '2024-06-06T17:02:00.500Z', 'group', 'kpi_rollup_hour_group'],
		['2024-06-02T05:31:10Z', '2024-06-12T17:02:00Z', 'group,priority,day', 'kpi_rollup_day_group'],
		['2024-03-02T05:31:10Z', '2024-03-03T17:02:00Z', 'tier,hour', 'kpi_rollup_hour']
	])('without FCR net, %s to %s by %s reads %s with raw edges', async (from, to, groupBy, table) => {
		const req = parseKpiRequest({ metrics: 'volume,frt,mttr,sla_response,csat,reopen_rate', from, to, groupBy });
		const plan = await planKpis(ch, req, { source: 'rollup' });
		expect(plan.rollup?.def.table).toBe(table);
		const series = await runKpis(ch, req, { source: 'rollup' });
		for (const s of series) {
			expect(s.source === 'rollup' || s.source === 'rollup+raw' || PER_TICKET_METRICS.has(s.metric)).toBe(true);
			expectSame(s, ref.compute(s.metric, req), `${from} ${groupBy} ${s.metric}`);
		}
	});

	it('FCR net honours the configured categories', async () => {
		const req = parseKpiRequest({ metrics: 'fcr_net', from: '2024-06-01', to: '2024-06-20' });
		const notFcr = ['hardware', 'network', 'security'];
		const [s] = await runKpis(ch, req, { notFcrCategories: notFcr, source: 'rollup' });
		expect(s.source).toBe('rollup');
		expectSame(s, new Reference(ALL, notFcr).compute('fcr_net', req), 'fcr_net custom');
		const [raw] = await runKpis(ch, req, { notFcrCategories: notFcr, source: 'raw' });
		expect(raw.groups).toEqual(s.groups);
	});

	it('alert noise: alerts per ticket opened and time to acknowledge, against a brute force', async () => {
		// A seeded alert stream: problems opened once, repeated, some acked later, a few rejected.
		let seed = 7;
		const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
		const base = Date.UTC(2024, 8, 1);
		const rows: { event_id: string; at: string; source_id: string; dedup_key: string; outcome: string }[] = [];
		let id = 0;
		const uuid = () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}`;
		for (let p = 0; p < 300; p++) {
			const opened = base + Math.floor(rnd() * 3 * 86_400_000);
			const key = `k${p}`;
			rows.push({ event_id: uuid(), at: new Date(opened).toISOString(), source_id: 's1', dedup_key: key, outcome: 'opened' });
			const repeats = Math.floor(rnd() * 6);
			for (let r = 1; r <= repeats; r++) rows.push({ event_id: uuid(), at: new Date(opened + r * 60_000).toISOString(), source_id: 's1', dedup_key: key, outcome: 'appended' });
			if (rnd() < 0.6) rows.push({ event_id: uuid(), at: new Date(opened + Math.floor(rnd() * 7_200_000)).toISOString(), source_id: 's1', dedup_key: key, outcome: 'acked' });
			if (rnd() < 0.1) rows.push({ event_id: uuid(), at: new Date(opened + 5_000).toISOString(), source_id: 's1', dedup_key: key, outcome: 'rejected' });
		}
		await ch.client.insert({
			table: 'alert_events',
			values: rows.map((r) => ({ ...r, at: r.at.replace('T', ' ').replace('Z', ''), alert_id: '', source_kind: 'nagios', host: 'h', service: '', action: 'open', severity: 'critical', ticket_id: '', ci_id: '' })),
			format: 'JSONEachRow'
		});
		const from = base + 86_400_000;
		const to = base + 2 * 86_400_000;
		const inW = (ms: number) => ms >= from && ms < to;
		const alerts = rows.filter((r) => r.outcome !== 'rejected' && inW(Date.parse(r.at))).length;
		const opened = rows.filter((r) => r.outcome === 'opened' && inW(Date.parse(r.at))).length;
		const tta: number[] = [];
		for (const o of rows.filter((r) => r.outcome === 'opened' && inW(Date.parse(r.at)))) {
			const ack = rows.filter((r) => r.dedup_key === o.dedup_key && r.outcome === 'acked').map((r) => Date.parse(r.at)).sort((a, b) => a - b)[0];
			if (ack !== undefined) tta.push((ack - Date.parse(o.at)) / 1000);
		}
		const [s] = await runKpis(ch, parseKpiRequest({ metrics: 'alert_noise', from: new Date(from).toISOString(), to: new Date(to).toISOString() }));
		expect(s.metric).toBe('alert_noise');
		const v = s.groups[0].values;
		expect(v.alerts).toBe(alerts);
		expect(v.tickets_opened).toBe(opened);
		expect(v.alerts_per_ticket).toBeCloseTo(alerts / opened, 12);
		expect(v.acked).toBe(tta.length);
		expect(v.tta_mean_s).toBeCloseTo(tta.reduce((a, b) => a + b, 0) / tta.length, 6);
		const empty = await runKpis(ch, parseKpiRequest({ metrics: 'alert_noise', from: '2023-01-01', to: '2023-01-02' }));
		expect(empty[0].groups[0].values).toMatchObject({ alerts: 0, tickets_opened: 0, alerts_per_ticket: null });
	});

	it('compaction keeps only open tickets in the state table, and every instant answers the same', async () => {
		const lastStatus = new Map<string, string>();
		for (const e of [...ALL].sort((x, y) => (x.at === y.at ? (x.event_id < y.event_id ? -1 : 1) : x.at < y.at ? -1 : 1))) lastStatus.set(e.ticket_id, e.status);
		const open = [...lastStatus.values()].filter((s) => s !== 'resolved' && s !== 'closed').length;
		expect(open).toBeGreaterThan(10);
		expect(open).toBeLessThan(lastStatus.size / 2);
		const r = await compactTicketState(ch);
		expect(r).toMatchObject({ ran: true, rowsBefore: lastStatus.size, rowsAfter: open });
		for (const [at, extra] of INSTANTS) {
			const req = parseKpiRequest({ metrics: 'backlog,breaching', from: new Date(Date.parse(at) - 30 * 86_400_000).toISOString(), to: at, ...extra });
			for (const s of await runKpis(ch, req)) {
				expect(s.source).toBe('state');
				expectSame(s, ref.compute(s.metric, req), `${s.metric} ${at} after compaction`);
			}
		}
	});

	it('compaction is refused, not failed, while CLEANUP is off (an analytics rebuild copying)', async () => {
		await setStateCleanup(ch, false);
		const r = await compactTicketState(ch);
		expect(r.ran).toBe(false);
		expect(r.skipped).toMatch(/rebuild/);
		await setStateCleanup(ch, true);
		expect((await compactTicketState(ch)).ran).toBe(true);
	});

	it('the hourly state-compact job is scheduled and runs the compaction', async () => {
		expect(JOBS).toContain(stateCompactJob);
		expect(cron.validate(stateCompactJob.schedule)).toBe(true);
		expect(stateCompactJob.schedule).toBe('0 17 * * * *');
		const rt = { ch, config: { clickhouse: { cluster: null } } } as unknown as Runtime;
		expect(await stateCompactJob.run(rt)).toMatchObject({ ran: true });
	});

	it('the hourly bucket-cache job is scheduled and computes nothing while every bucket is valid', async () => {
		expect(JOBS).toContain(bucketCacheJob);
		expect(cron.validate(bucketCacheJob.schedule)).toBe(true);
		expect(bucketCacheJob.schedule).toBe('0 47 * * * *');
		const rt = { ch, config: { clickhouse: { cluster: null } } } as unknown as Runtime;
		expect(await bucketCacheJob.run(rt)).toMatchObject({ day: 0, week: 0 });
	});

	it('ticket stats by week or day read the bucket cache where a bucket is valid, the edges raw', async () => {
		const req = parseKpiRequest({ metrics: 'aht,mttr,fcr_gross,fcr_net,csat', from: '2024-02-28T10:00:00Z', to: '2024-06-12T13:30:00Z', groupBy: 'week' });
		const plan = await planKpis(ch, req, { source: 'rollup' });
		expect(plan.bucketCache?.from.toISOString()).toBe('2024-03-04T00:00:00.000Z');
		expect(plan.bucketCache?.grain).toBe('week');
		expect(plan.families.ticket.source).toBe('rollup');
		const byDay = await planKpis(ch, parseKpiRequest({ metrics: 'mttr', from: '2024-03-02T10:00:00Z', to: '2024-03-09T10:00:00Z', groupBy: 'day' }), { source: 'rollup' });
		expect(byDay.bucketCache?.grain).toBe('day');
		expect(byDay.bucketCache?.buckets.length).toBe(6);
		// Auto on this small desk: far under BUCKET_CACHE_MIN_RAW_ROWS, raw.
		expect((await planKpis(ch, req)).bucketCache).toBeUndefined();
		// By group: a dimension the cache does not keep; by hour: no hourly buckets.
		expect((await planKpis(ch, { ...req, groupBy: { dimensions: ['group'], time: 'week' } }, { source: 'rollup' })).bucketCache).toBeUndefined();
		expect((await planKpis(ch, parseKpiRequest({ metrics: 'mttr', from: '2024-03-02', to: '2024-03-04', groupBy: 'hour' }), { source: 'rollup' })).bucketCache).toBeUndefined();
	});

	it('an event inserted into a cached week makes that week read raw until the job computes it again', async () => {
		const req = parseKpiRequest({ metrics: 'aht,mttr,fcr_gross,fcr_net,csat', from: '2024-02-26', to: '2024-03-25', groupBy: 'week,priority' });
		const week = '2024-03-04T00:00:00.000Z';
		const cachedWeeks = async () => ((await planKpis(ch, req, { source: 'rollup' })).bucketCache?.buckets ?? []).map((w) => new Date(w * 1000).toISOString());
		expect(await cachedWeeks()).toContain(week);
		const rawBefore = await runKpis(ch, req, { source: 'raw' });
		// A reopen of a ticket resolved in that week, an hour after its resolution: its FCR changes.
		const r = A.find((e) => e.type === 'ticket.resolved' && e.at >= '2024-03-04T00:00:00' && e.at < '2024-03-08T00:00:00' && e.reopen_count === 0 && e.escalated === 0 && e.reassigned === 0 && e.pended_requester === 0)!;
		const at = new Date(Date.parse(r.at) + 3_600_000).toISOString();
		await insert(ch, [{ ...r, event_id: '0f0f0f0f-0000-4000-8000-00000000a001', type: 'ticket.reopened', at, status: 'reopened', from_status: 'resolved', sla_clock: '', sla_met: null, resolution_s: null }]);
		const raw = await runKpis(ch, req, { source: 'raw' });
		expect(raw).not.toEqual(rawBefore);
		const same = (xs: KpiSeries[]) => xs.map((x) => ({ metric: x.metric, groups: x.groups }));
		expect(await cachedWeeks()).not.toContain(week);
		expect(same(await runKpis(ch, req, { source: 'rollup' }))).toEqual(same(raw));
		// The day of the reopen and its week are computed again.
		expect(await refreshBucketCache(ch)).toMatchObject({ day: 1, week: 1 });
		expect(await cachedWeeks()).toContain(week);
		expect(same(await runKpis(ch, req, { source: 'rollup' }))).toEqual(same(raw));
	});

	it('re-running the migrations is a no-op', async () => {
		expect(await migrateClickHouse(ch)).toEqual([]);
	});
});
