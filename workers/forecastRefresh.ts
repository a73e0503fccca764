import type { Job } from './scheduler';
import { refreshForecasts } from '../src/lib/server/staffing/forecastRefresh';

/** Nightly at 01:30 UTC, after the day's events have reached ClickHouse: next 14 days per channel. */
export const forecastRefreshJob: Job = {
	name: 'forecast-refresh',
	schedule: '0 30 1 * * *',
	run: async (rt) => refreshForecasts({ db: rt.pg.db, ch: rt.ch })
};
