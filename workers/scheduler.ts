/**
 * Cron jobs: the schedule is data (one file per job), UTC, never overlapping with itself, each
 * run's success/failure/duration recorded in worker_runs.
 */
import cron, { type ScheduledTask } from 'node-cron';
import { workerRuns } from '../schemas/postgres/index';
import type { Runtime } from '../src/lib/server/runtime';

export interface Job {
	name: string;
	/** node-cron expression (6 fields = with seconds), evaluated in UTC. */
	schedule: string;
	run: (rt: Runtime) => Promise<unknown>;
}

export async function runJob(rt: Runtime, job: Job): Promise<{ ok: boolean; result?: unknown; error?: string }> {
	const started = new Date();
	const t0 = performance.now();
	try {
		const result = await job.run(rt);
		await rt.pg.db.insert(workerRuns).values({ job: job.name, startedAt: started, durationMs: performance.now() - t0, ok: true });
		return { ok: true, result };
	} catch (e) {
		const error = (e as Error).message;
		console.error(`[worker ${job.name}] failed: ${error}`);
		await rt.pg.db
			.insert(workerRuns)
			.values({ job: job.name, startedAt: started, durationMs: performance.now() - t0, ok: false, error })
			.catch(() => {});
		return { ok: false, error };
	}
}

export function scheduleJobs(rt: Runtime, jobs: Job[]): () => Promise<void> {
	const tasks: ScheduledTask[] = [];
	for (const job of jobs) {
		let running = false;
		const task = cron.schedule(
			job.schedule,
			async () => {
				if (running) return; // no overlap: a slow run makes the next tick skip
				running = true;
				try {
					await runJob(rt, job);
				} finally {
					running = false;
				}
			},
			{ timezone: 'UTC', name: job.name, noOverlap: true }
		);
		tasks.push(task);
	}
	return async () => {
		for (const t of tasks) await t.stop();
	};
}
