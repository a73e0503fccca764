/**
 * KPI bench: npx tsx bench/kpi.ts [events=10000000]
 * Generates N ticket events in chDB with INSERT … SELECT FROM numbers() (10 events per ticket,
 * tickets spread over the last 365 days up to now, reopens, breaches, surveys), through the
 * rollup view, then times:
 *  - a full board: every tile metric for today and for the last 24 h (planner: rollup where exact);
 *  - raw drill-downs: per-agent MTTR/FRT/FCR over 7 days for three groups, and the backlog now.
 * Targets: board p95 ≤ 75 ms, raw drill-down p95 ≤ 500 ms. Results go in bench/RESULTS.md by hand.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openClickHouse, migrateClickHouse, chQuery, num, type ClickHouse } from '../src/lib/server/analytics/clickhouse';
import { parseKpiRequest, runKpis, type KpiRequest, type KpiSeries } from '../src/lib/server/kpi';

const N = Number(process.argv[2] ?? 10_000_000);
const EVENTS_PER_TICKET = 10;
const CHUNK = 1_000_000;
const SPAN_DAYS = 365;
const RUNS = 40;
/** Backlog scans the whole history (see DEFINITIONS.md): fewer runs. */
const BACKLOG_RUNS = 10;
const TILES = 'volume,frt,aht,mttr,fcr_gross,fcr_net,sla_response,sla_resolution,csat,reopen_rate';

/** One row per number: ticket = number / 10, the event kind = number % 10. */
function insertSql(endMs: number, tickets: number): string {
	const spanMs = SPAN_DAYS * 86_400_000;
	return `INSERT INTO ticket_events
    (event_id, ticket_id, ticket_number, type, at, ticket_created_at, actor_id, actor_kind, ticket_type,
     channel, category, priority, tier, group_id, agent_id, department_id, ci_id, source, status, from_status,
     response_s, resolution_s, work_s, pending_s, sla_clock, sla_threshold, sla_met,
     escalated, reassigned, pended_requester, reopen_count, csat, payload)
SELECT
    generateUUIDv4(number) AS event_id,
    toUUID(concat(leftPad(lower(hex(toUInt32(ticket))), 8, '0'), '-0000-4000-8000-000000000000')) AS ticket_id,
    concat('T', toString(ticket)) AS ticket_number,
    multiIf(
        j = 0, 'ticket.created', j = 1, 'ticket.commented', j = 2, 'ticket.assigned', j = 3, 'ticket.work_logged',
        j = 4, 'ticket.status_changed', j = 5, 'ticket.resolved',
        j = 6, if(h % 2 = 0, 'survey.answered', 'ticket.work_logged'),
        j = 7, if(resp_late, 'sla.breached', 'sla.warning'),
        j = 8, if(h % 20 = 0, 'ticket.reopened', 'ticket.closed'),
        if(res_late, 'sla.breached', 'ticket.commented')) AS type,
    fromUnixTimestamp64Milli(toInt64(created_ms + [0, resp_ms, 30000, resp_ms + 60000, resp_ms + 120000, res_ms,
        res_ms + 3600000, resp_ms + 10, res_ms + 7200000, res_ms + 20][j + 1]), 'UTC') AS at,
    fromUnixTimestamp64Milli(toInt64(created_ms), 'UTC') AS ticket_created_at,
    '' AS actor_id, 'agent' AS actor_kind, 'incident' AS ticket_type,
    ['portal', 'email', 'phone', 'chat', 'api', 'monitoring'][1 + h % 6] AS channel,
    ['hardware', 'software', 'network', 'security', 'user_support', 'service_request', 'data_recovery',
     'performance', 'consulting', 'other'][1 + intDiv(h, 7) % 10] AS category,
    ['P1', 'P2', 'P3', 'P4', 'P5'][1 + intDiv(h, 70) % 5] AS priority,
    ['L0', 'L1', 'L2', 'L3'][1 + intDiv(h, 350) % 4] AS tier,
    concat('g', toString(intDiv(h, 1400) % 30)) AS group_id,
    concat('a', toString(intDiv(h, 42000) % 200)) AS agent_id,
    concat('d', toString(intDiv(h, 8400000) % 40)) AS department_id,
    '' AS ci_id, '' AS source,
    multiIf(j = 0, 'new', j IN (5, 6, 7, 9), 'resolved', j = 8, if(h % 20 = 0, 'reopened', 'closed'), 'in_progress') AS status,
    '' AS from_status,
    if(j = 1, toNullable(resp_s), NULL) AS response_s,
    if(j = 5, toNullable(res_s), NULL) AS resolution_s,
    if(j IN (3, 5), toFloat64(work), 0) AS work_s,
    if(j = 5, toNullable(toFloat64(h % 3600)), NULL) AS pending_s,
    multiIf(j = 1 OR (j = 7 AND resp_late), 'response', j = 5 OR (j = 9 AND res_late), 'resolution', '') AS sla_clock,
    multiIf(j = 7 AND NOT resp_late, 'warning50', (j = 7 AND resp_late) OR (j = 9 AND res_late), 'breached', '') AS sla_threshold,
    multiIf(j = 1, toNullable(toUInt8(NOT resp_late)), j = 5, toNullable(toUInt8(NOT res_late)), NULL) AS sla_met,
    toUInt8(j = 5 AND h % 7 = 0) AS escalated,
    toUInt8(j = 5 AND h % 11 = 0) AS reassigned,
    toUInt8(j = 5 AND h % 5 = 0) AS pended_requester,
    toUInt16(j >= 8 AND h % 20 = 0) AS reopen_count,
    if(j = 6 AND h % 2 = 0, toNullable(toUInt8(1 + intDiv(h, 3) % 5)), NULL) AS csat,
    '' AS payload
FROM (
    SELECT number, intDiv(number, ${EVENTS_PER_TICKET}) AS ticket, number % ${EVENTS_PER_TICKET} AS j,
        cityHash64(ticket) AS h,
        ${endMs - spanMs} + intDiv(ticket * ${spanMs}, ${tickets}) + h % 60000 AS created_ms,
        toFloat64(60 + cityHash64(ticket, 1) % 20000) AS resp_s,
        resp_s * 1000 AS resp_ms,
        toFloat64(600 + cityHash64(ticket, 2) % 200000) AS res_s,
        resp_ms + res_s * 1000 AS res_ms,
        resp_s > 14400 AS resp_late,
        res_s > 150000 AS res_late,
        60 + cityHash64(ticket, 3) % 5400 AS work
    FROM numbers({start:UInt64}, {count:UInt64})
)`;
}

function pct(xs: number[], p: number): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
}

async function time(label: string, fn: () => Promise<KpiSeries[]>, runs = RUNS) {
	for (let i = 0; i < Math.min(3, runs); i++) await fn();
	const ms: number[] = [];
	let last: KpiSeries[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		last = await fn();
		ms.push(performance.now() - t0);
	}
	const sources = last.map((s) => `${s.metric}:${s.source}`).join(' ');
	console.log(`${label.padEnd(48)} p50 ${pct(ms, 0.5).toFixed(1).padStart(7)} ms  p95 ${pct(ms, 0.95).toFixed(1).padStart(7)} ms   [${sources}]`);
	return last;
}

async function main() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-kpi-bench-'));
	const ch: ClickHouse = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
	try {
		await migrateClickHouse(ch);
		const now = Date.now();
		const endMs = now - (now % 60_000);
		const tickets = Math.ceil(N / EVENTS_PER_TICKET);
		const t0 = performance.now();
		for (let start = 0; start < N; start += CHUNK) {
			await ch.client.command({
				query: insertSql(endMs, tickets),
				query_params: { start, count: Math.min(CHUNK, N - start) }
			});
		}
		const loadS = (performance.now() - t0) / 1000;
		const [c] = await chQuery<{ ev: string; ru: string }>(
			ch,
			'SELECT (SELECT count() FROM ticket_events) AS ev, (SELECT count() FROM kpi_rollup_minute) AS ru'
		);
		console.log(`loaded ${num(c.ev)} events (${tickets} tickets, ${SPAN_DAYS} days) in ${loadS.toFixed(1)} s; rollup rows ${num(c.ru)}`);

		const day = new Date(endMs - (endMs % 86_400_000)).toISOString();
		const iso = (ms: number) => new Date(ms).toISOString();
		const today = parseKpiRequest({ metrics: TILES, from: day, to: iso(Date.parse(day) + 86_400_000) });
		const last24 = parseKpiRequest({ metrics: TILES, from: iso(endMs - 86_400_000), to: iso(endMs) });
		const run = (req: KpiRequest, opts = {}) => () => runKpis(ch, req, opts);

		await time('board today (auto)', run(today));
		await time('board last 24h (auto)', run(last24));
		await time('board last 24h by priority (auto)', run(parseKpiRequest({ metrics: TILES, from: iso(endMs - 86_400_000), to: iso(endMs), groupBy: 'priority' })));
		await time('board last 24h (forced raw)', run(last24, { source: 'raw' }));
		await time('board 30 days by day (auto)', run(parseKpiRequest({ metrics: TILES, from: iso(endMs - 30 * 86_400_000), to: iso(endMs), groupBy: 'day' })));
		await time('board 30 days by day (forced raw)', run(parseKpiRequest({ metrics: TILES, from: iso(endMs - 30 * 86_400_000), to: iso(endMs), groupBy: 'day' }), { source: 'raw' }));
		await time(
			'drill-down raw: mttr,frt,fcr by agent, 7 d, 3 groups',
			run(parseKpiRequest({ metrics: 'mttr,frt,fcr_gross', from: iso(endMs - 7 * 86_400_000), to: iso(endMs), group: 'g1,g2,g3', groupBy: 'agent' }))
		);
		await time('drill-down raw: backlog now by group', run(parseKpiRequest({ metrics: 'backlog', from: iso(endMs - 86_400_000), to: iso(endMs), groupBy: 'group' })), BACKLOG_RUNS);
	} finally {
		await ch.close();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

await main();
