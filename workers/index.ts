import type { Job } from './scheduler';
import { slaWatchJob } from './slaWatch';

/** Every cron job of the hub. */
export const JOBS: Job[] = [slaWatchJob];
