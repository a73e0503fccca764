import type { Job } from './scheduler';
import { slaWatchJob } from './slaWatch';
import { forecastRefreshJob } from './forecastRefresh';

/** Every cron job of the hub. */
export const JOBS: Job[] = [slaWatchJob, forecastRefreshJob];
