/**
 * A board frame: every tile's current value, computed from the KPI engine (rollups where the
 * planner can) and one raw query for the live feed. Windows are UTC: "today" is the UTC day so
 * far; the end of every window is the next whole minute (the rollup's grain).
 */
import { chQuery, type ClickHouse } from '../analytics/clickhouse';
import { runKpis, type KpiRequest, type KpiSeries, type Metric, type KpiFilters } from '../kpi/index';
import type { Board, Tile } from './model';
import { valueUnit } from '../../boards/thresholds';

const MIN = 60_000;
const DAY = 86_400_000;

export interface FeedItem {
	at: string;
	kind: 'ticket' | 'breach';
	number: string;
	priority: string;
	title: string;
	category: string;
	clock?: string;
}

export interface TileFrame {
	kind: Tile['kind'];
	title: string;
	metric?: Metric;
	value?: number | null;
	/** Display unit: 'count' | 'pct' | 'duration' (seconds) | 'rate'. */
	unit?: string;
	series?: Record<string, (number | null)[]>;
	labels?: string[];
	items?: FeedItem[];
}

export interface BoardFrame {
	boardId: string;
	name: string;
	at: string;
	tiles: Record<string, TileFrame>;
}

export function windowOf(window: Tile['window'], nowMs: number): { from: Date; to: Date } {
	const to = Math.ceil((nowMs + 1) / MIN) * MIN;
	const from =
		window === 'today' ? Math.floor(nowMs / DAY) * DAY : window === '24h' ? to - DAY : window === '7d' ? to - 7 * DAY : to - 30 * DAY;
	return { from: new Date(from), to: new Date(to) };
}

const unitOf = valueUnit;

function req(metrics: Metric[], w: { from: Date; to: Date }, filters: KpiFilters, groupBy: KpiRequest['groupBy'] = { dimensions: [], time: null }): KpiRequest {
	return { metrics, from: w.from, to: w.to, filters, groupBy };
}

const valuesOf = (series: KpiSeries[], metric: Metric) => series.find((s) => s.metric === metric)?.groups[0]?.values ?? {};

/** A tile's filters: its own, per dimension, over the board's (empty lists dropped). */
export function tileFilters(board: Pick<Board, 'filters'>, tile: Pick<Tile, 'filters'>): KpiFilters {
	const out: KpiFilters = {};
	for (const [dim, values] of Object.entries({ ...board.filters, ...(tile.filters ?? {}) }) as [keyof KpiFilters, string[] | undefined][]) {
		if (values?.length) out[dim] = values;
	}
	return out;
}

const filtersKey = (f: KpiFilters) => JSON.stringify(Object.entries(f).sort(([a], [b]) => (a < b ? -1 : 1)));

export async function computeBoardFrame(ch: ClickHouse, board: Board, nowMs = Date.now()): Promise<BoardFrame> {
	const tiles: Record<string, TileFrame> = {};

	// Number tiles: one KPI request per window and filter set (backlog is an instant: "now").
	const numbers = board.tiles.filter((t) => t.kind === 'number' && t.metric);
	const byWindow = new Map<string, { window: Tile['window']; filters: KpiFilters; tiles: Tile[] }>();
	for (const t of numbers) {
		const filters = tileFilters(board, t);
		const key = `${t.window}|${filtersKey(filters)}`;
		const g = byWindow.get(key) ?? { window: t.window, filters, tiles: [] };
		g.tiles.push(t);
		byWindow.set(key, g);
	}
	const jobs: Promise<void>[] = [];
	for (const { window, filters, tiles: group } of byWindow.values()) {
		const metrics = [...new Set(group.map((t) => t.metric!))];
		jobs.push(
			runKpis(ch, req(metrics, windowOf(window, nowMs), filters)).then((series) => {
				for (const t of group) {
					const v = valuesOf(series, t.metric!)[t.value ?? 'count'];
					tiles[t.id] = { kind: 'number', title: t.title, metric: t.metric, value: v ?? null, unit: unitOf(t.value) };
				}
			})
		);
	}
	for (const t of board.tiles) {
		const filters = tileFilters(board, t);
		if (t.kind === 'volume_trend') jobs.push(volumeTrend(ch, filters, nowMs).then((f) => void (tiles[t.id] = { ...f, title: t.title })));
		if (t.kind === 'sla_trend') jobs.push(slaTrend(ch, filters, t, nowMs).then((f) => void (tiles[t.id] = { ...f, title: t.title })));
		if (t.kind === 'backlog_age') jobs.push(backlogAge(ch, filters, nowMs).then((f) => void (tiles[t.id] = { ...f, title: t.title })));
		if (t.kind === 'tier_load') jobs.push(tierLoad(ch, filters, nowMs).then((f) => void (tiles[t.id] = { ...f, title: t.title })));
		if (t.kind === 'feed') jobs.push(feed(ch, nowMs).then((items) => void (tiles[t.id] = { kind: 'feed', title: t.title, items })));
		if (t.kind === 'clock') tiles[t.id] = { kind: 'clock', title: t.title };
	}
	await Promise.all(jobs);
	return { boardId: board.id, name: board.name, at: new Date(nowMs).toISOString(), tiles };
}

/** Today's tickets per hour beside the mean of the same weekday over the previous 4 weeks. */
async function volumeTrend(ch: ClickHouse, filters: KpiFilters, nowMs: number): Promise<TileFrame> {
	const dayStart = Math.floor(nowMs / DAY) * DAY;
	const to = Math.ceil((nowMs + 1) / MIN) * MIN;
	const series = await runKpis(ch, req(['volume'], { from: new Date(dayStart - 28 * DAY), to: new Date(to) }, filters, { dimensions: [], time: 'hour' }));
	const byHour = new Map<number, number>();
	for (const g of series[0]?.groups ?? []) byHour.set(Date.parse(g.key.hour! + (g.key.hour!.endsWith('Z') ? '' : 'Z')), Number(g.values.tickets ?? 0));
	const today: (number | null)[] = [];
	const usual: (number | null)[] = [];
	const nowHour = Math.floor((nowMs - dayStart) / 3_600_000);
	for (let h = 0; h < 24; h++) {
		today.push(h <= nowHour ? (byHour.get(dayStart + h * 3_600_000) ?? 0) : null);
		let sum = 0;
		for (let w = 1; w <= 4; w++) sum += byHour.get(dayStart - w * 7 * DAY + h * 3_600_000) ?? 0;
		usual.push(Math.round((sum / 4) * 10) / 10);
	}
	return { kind: 'volume_trend', title: '', labels: Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`), series: { today, usual } };
}

async function slaTrend(ch: ClickHouse, filters: KpiFilters, t: Tile, nowMs: number): Promise<TileFrame> {
	const w = windowOf(t.window, nowMs);
	w.from = new Date(Math.floor(w.from.getTime() / DAY) * DAY);
	const series = await runKpis(ch, req(['sla_response', 'sla_resolution'], w, filters, { dimensions: [], time: 'day' }));
	const days = new Set<string>();
	for (const s of series) for (const g of s.groups) days.add(g.key.day!);
	const labels = [...days].sort();
	const pick = (metric: Metric) => {
		const m = new Map((series.find((s) => s.metric === metric)?.groups ?? []).map((g) => [g.key.day!, g.values.rate ?? null]));
		return labels.map((d) => m.get(d) ?? null);
	};
	return { kind: 'sla_trend', title: '', labels: labels.map((d) => d.slice(5, 10)), series: { response: pick('sla_response'), resolution: pick('sla_resolution') } };
}

async function backlogAge(ch: ClickHouse, filters: KpiFilters, nowMs: number): Promise<TileFrame> {
	const v = valuesOf(await runKpis(ch, req(['backlog'], windowOf('today', nowMs), filters)), 'backlog');
	const labels = ['lt_1d', 'd1_3', 'd3_7', 'd7_30', 'ge_30d'];
	return { kind: 'backlog_age', title: '', labels: ['< 1 d', '1–3 d', '3–7 d', '7–30 d', '≥ 30 d'], series: { open: labels.map((l) => Number(v[l] ?? 0)) }, value: Number(v.total ?? 0) };
}

async function tierLoad(ch: ClickHouse, filters: KpiFilters, nowMs: number): Promise<TileFrame> {
	const s = await runKpis(ch, req(['backlog'], windowOf('today', nowMs), filters, { dimensions: ['tier'], time: null }));
	const m = new Map((s[0]?.groups ?? []).map((g) => [g.key.tier!, Number(g.values.total ?? 0)]));
	const labels = ['L0', 'L1', 'L2', 'L3'];
	return { kind: 'tier_load', title: '', labels, series: { open: labels.map((l) => m.get(l) ?? 0) } };
}

/** The newest P1/P2 tickets and SLA breaches of the last 24 h. */
export async function feed(ch: ClickHouse, nowMs: number, limit = 12): Promise<FeedItem[]> {
	const rows = await chQuery<{ at_text: string; type: string; number: string; priority: string; category: string; clock: string; payload: string }>(
		ch,
		`SELECT toString(at) AS at_text, type, ticket_number AS number, priority, category, sla_clock AS clock, payload
		 FROM ticket_events
		 WHERE at >= {from:DateTime64(3, 'UTC')} AND at <= {to:DateTime64(3, 'UTC')}
		   AND ((type = 'ticket.created' AND priority IN ('P1', 'P2')) OR type = 'sla.breached')
		 ORDER BY at DESC
		 LIMIT {limit:UInt32}`,
		{ from: new Date(nowMs - DAY).toISOString().replace('T', ' ').slice(0, 23), to: new Date(nowMs + MIN).toISOString().replace('T', ' ').slice(0, 23), limit }
	);
	return rows.map((r) => {
		let title = '';
		try {
			title = (JSON.parse(r.payload) as { title?: string }).title ?? '';
		} catch {
			/* payload is ours; tolerate old rows */
		}
		return { at: r.at_text.replace(' ', 'T') + 'Z', kind: r.type === 'sla.breached' ? 'breach' : 'ticket', number: r.number, priority: r.priority, category: r.category, title, ...(r.clock ? { clock: r.clock } : {}) };
	});
}
