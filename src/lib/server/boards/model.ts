/** Boards as data: which tiles, over which window, with which filters. Validated on every edit. */
import { z } from 'zod';
import { METRICS, DIMENSIONS, type Metric } from '../kpi/model';
import { THRESHOLD_DIRECTIONS, thresholdsProblem } from '../../boards/thresholds';

export const TILE_KINDS = ['number', 'volume_trend', 'sla_trend', 'backlog_age', 'tier_load', 'feed', 'clock'] as const;
export const WINDOWS = ['today', '24h', '7d', '30d'] as const;

/**
 * The values each metric offers a number tile (kpi/DEFINITIONS.md), first = the default.
 * alert_noise is a stub without values, so it offers none.
 */
export const METRIC_VALUES: Record<Metric, readonly string[]> = {
	volume: ['tickets'],
	frt: ['p50_s', 'p90_s', 'mean_s', 'n'],
	aht: ['mean_s', 'n'],
	mttr: ['p50_s', 'p90_s', 'mean_s', 'n'],
	fcr_gross: ['rate', 'first_contact', 'resolved'],
	fcr_net: ['rate', 'first_contact', 'eligible'],
	sla_response: ['rate', 'met', 'breached'],
	sla_resolution: ['rate', 'met', 'breached'],
	csat: ['satisfied_rate', 'mean', 'answers', 'satisfied', 'response_rate', 'resolved'],
	backlog: ['total', 'lt_1d', 'd1_3', 'd3_7', 'd7_30', 'ge_30d'],
	breaching: ['total', 'response', 'resolution'],
	reopen_rate: ['rate', 'reopened', 'resolved'],
	alert_noise: []
};

export const filtersSchema = z.partialRecord(z.enum(DIMENSIONS), z.array(z.string().max(100)).max(50));

/**
 * Green / amber / red colouring of a number tile, in the metric's own unit (rates 0–1, durations
 * in seconds, counts). 'above' = higher is worse (red when value ≥ red, amber when ≥ amber);
 * 'below' = lower is worse (red when value ≤ red, amber when ≤ amber). Tone: thresholdTone()
 * in src/lib/boards/thresholds.ts (client-safe, used by the editor preview and the wall).
 */
export const thresholdsSchema = z
	.object({
		direction: z.enum(THRESHOLD_DIRECTIONS, { error: `must be one of ${THRESHOLD_DIRECTIONS.join(', ')}` }),
		amber: z.number({ error: 'must be a number' }).finite(),
		red: z.number({ error: 'must be a number' }).finite()
	})
	.superRefine((t, c) => {
		const p = thresholdsProblem(t);
		if (p) c.addIssue({ code: 'custom', path: [p.field], message: p.message });
	});

export const tileSchema = z.object({
	id: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be 1–40 of a-z, 0-9, _ or -'),
	kind: z.enum(TILE_KINDS, { error: `must be one of ${TILE_KINDS.join(', ')}` }),
	title: z.string().trim().min(1, 'is required').max(60),
	metric: z.enum(METRICS, { error: `must be one of ${METRICS.join(', ')}` }).optional(),
	/** Which value of the metric a number tile shows (e.g. 'rate', 'p50_s', 'count'); see kpi/DEFINITIONS.md. */
	value: z.string().max(40).optional(),
	window: z.enum(WINDOWS, { error: `must be one of ${WINDOWS.join(', ')}` }).default('today'),
	/** Tile width in grid columns (the wall is 6 columns wide). */
	span: z.number().int().min(1).max(6).default(1),
	/** The tile's own filters: per dimension, they replace the board's (KPI tiles; not the feed). */
	filters: filtersSchema.optional(),
	/** Optional green / amber / red colouring (number tiles). */
	thresholds: thresholdsSchema.optional()
});
export type Tile = z.infer<typeof tileSchema>;

export const boardSchema = z.object({
	id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be 1–40 of a-z, 0-9 or -'),
	name: z.string().trim().min(1, 'is required').max(80),
	tiles: z.array(tileSchema).min(1, 'needs at least one tile').max(24),
	filters: filtersSchema.default({}),
	rotateS: z.number().int().min(5).max(3600).default(30),
	position: z.number().int().min(0).max(2_147_483_647, 'must be at most 2147483647').default(0)
});
export type Board = z.infer<typeof boardSchema>;

const n = (id: string, title: string, metric: Tile['metric'], value: string, window: Tile['window'] = 'today'): Tile => ({
	id,
	kind: 'number',
	title,
	metric,
	value,
	window,
	span: 1
});

export const DEFAULT_BOARDS: Board[] = [
	{
		id: 'desk',
		name: 'Service desk — today',
		rotateS: 30,
		position: 0,
		filters: {},
		tiles: [
			n('volume', 'Tickets today', 'volume', 'tickets'),
			n('backlog', 'Open backlog', 'backlog', 'total'),
			n('sla-response', 'SLA response', 'sla_response', 'rate'),
			n('sla-resolution', 'SLA resolution', 'sla_resolution', 'rate'),
			n('fcr', 'First contact resolution', 'fcr_gross', 'rate'),
			n('csat', 'CSAT (4–5)', 'csat', 'satisfied_rate', '7d'),
			{ id: 'volume-trend', kind: 'volume_trend', title: 'Tickets by hour vs same weekday (4 wks)', window: 'today', span: 3 },
			{ id: 'feed', kind: 'feed', title: 'New P1/P2 and SLA breaches', window: '24h', span: 3 },
			n('frt', 'First response p50', 'frt', 'p50_s'),
			n('mttr', 'Resolution p50', 'mttr', 'p50_s'),
			n('reopen', 'Reopen rate', 'reopen_rate', 'rate', '7d'),
			n('aht', 'Handling time (mean)', 'aht', 'mean_s'),
			{ id: 'backlog-age', kind: 'backlog_age', title: 'Backlog by age', window: 'today', span: 1 },
			{ id: 'tier-load', kind: 'tier_load', title: 'Open tickets by tier', window: 'today', span: 1 }
		]
	},
	{
		id: 'sla',
		name: 'SLA — last 30 days',
		rotateS: 30,
		position: 1,
		filters: {},
		tiles: [
			n('sla-response-30', 'SLA response (30 d)', 'sla_response', 'rate', '30d'),
			n('sla-resolution-30', 'SLA resolution (30 d)', 'sla_resolution', 'rate', '30d'),
			n('fcr-net-30', 'FCR net (30 d)', 'fcr_net', 'rate', '30d'),
			n('csat-30', 'CSAT (30 d)', 'csat', 'satisfied_rate', '30d'),
			n('frt-90', 'First response p90', 'frt', 'p90_s', '7d'),
			n('mttr-90', 'Resolution p90', 'mttr', 'p90_s', '7d'),
			{ id: 'sla-trend', kind: 'sla_trend', title: 'SLA compliance by day', window: '30d', span: 4 },
			{ id: 'feed-sla', kind: 'feed', title: 'Live feed', window: '24h', span: 2 }
		]
	}
];
