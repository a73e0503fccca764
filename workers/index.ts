import type { Job } from './scheduler';
import { slaWatchJob } from './slaWatch';
import { cmdbBackupJob } from './cmdbBackup';

/** Every cron job of the hub. */
export const JOBS: Job[] = [slaWatchJob, cmdbBackupJob];
