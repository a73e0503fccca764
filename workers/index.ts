import type { Job } from './scheduler';
import { slaWatchJob } from './slaWatch';
import { chargebackDraftJob } from './chargebackDraft';
import { forecastRefreshJob } from './forecastRefresh';
import { cmdbBackupJob } from './cmdbBackup';
import { stateCompactJob } from './stateCompact';
import { bucketCacheJob } from './bucketCache';

/** Every cron job of the hub. */
export const JOBS: Job[] = [slaWatchJob, chargebackDraftJob, forecastRefreshJob, cmdbBackupJob, stateCompactJob, bucketCacheJob];
