/**
 * Nightly forecast refresh: for every channel (and all together) the forecast of the next
 * two weeks at 30-minute intervals, stored in staffing_forecasts so screens read it without
 * recomputing. Older rows stay: they are what past plans were made from.
 */
import { and, desc, eq } from 'drizzle-orm';
import { staffingForecasts } from '../../../../schemas/postgres/index';
import { CHANNELS } from '../../../../schemas/events';
import type { Db } from '../db/index';
import type { ClickHouse } from '../analytics/clickhouse';
import { systemActor } from '../rbac/actor';
import { computeRequirement, requirementParams } from './requirement';

export const REFRESH_DAYS = 14;
export const REFRESH_INTERVAL_MIN = 30;

export async function refreshForecasts(deps: { db: Db; ch: ClickHouse }, now = Date.now()) {
	const ctx = { db: deps.db, ch: deps.ch, actor: systemActor('forecast-refresh') };
	const stored: { channel: string; method: string; contacts: number }[] = [];
	for (const channel of ['all', ...CHANNELS] as const) {
		const params = requirementParams({ days: REFRESH_DAYS, intervalMin: REFRESH_INTERVAL_MIN, channel }, now);
		const req = await computeRequirement(ctx, params);
		await deps.db.insert(staffingForecasts).values({
			channel,
			intervalMin: REFRESH_INTERVAL_MIN,
			startsAt: params.start,
			method: req.forecast.method,
			arrivals: req.intervals.map((iv) => iv.contacts),
			details: { chosenBy: req.forecast.chosenBy, scores: req.forecast.scores, notes: req.forecast.notes, aht: req.aht }
		});
		stored.push({ channel, method: req.forecast.method, contacts: req.totals.contacts });
	}
	return { stored };
}

/** The newest stored forecast of a channel, or null before the first refresh. */
export async function latestForecast(db: Db, channel: string, intervalMin = REFRESH_INTERVAL_MIN) {
	const [row] = await db
		.select()
		.from(staffingForecasts)
		.where(and(eq(staffingForecasts.channel, channel), eq(staffingForecasts.intervalMin, intervalMin)))
		.orderBy(desc(staffingForecasts.generatedAt))
		.limit(1);
	return row ?? null;
}
