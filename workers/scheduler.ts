/**
 * Cron jobs: the schedule is data (one file per job), UTC, never overlapping with itself, each
 * run's success/failure/duration recorded in worker_runs. Each scheduled run first claims its
 * slot in job_runs (primary key job + slot): when two processes fire the same slot (a leader
 * handing over, clocks a little apart), only the one whose insert wins runs it.
 */
import os from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import { and, eq } from 'drizzle-orm';
import { jobRuns, workerRuns } from '../schemas/postgres/index';
import type { Runtime } from '../src/lib/server/runtime';
import type { Db } from '../src/lib/server/db/index';

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

export const PROCESS_OWNER = `${os.hostname()}:${process.pid}`;

/** The slot a tick is for: its scheduled time to the second (cron's finest unit). */
export const slotOf = (scheduled: Date) => new Date(Math.floor(scheduled.getTime() / 1000) * 1000);

/** Claims a job's slot; false when another process (or an earlier tick) already has it. */
export async function claimSlot(db: Db, job: string, slot: Date, owner = PROCESS_OWNER): Promise<boolean> {
	const rows = await db.insert(jobRuns).values({ job, slot, owner }).onConflictDoNothing().returning({ job: jobRuns.job });
	return rows.length === 1;
}

/** Claims the slot, runs the job if the claim won, and records the outcome on the claim. */
export async function runSlot(rt: Runtime, job: Job, scheduled: Date, owner = PROCESS_OWNER): Promise<'ran' | 'taken'> {
	const slot = slotOf(scheduled);
	if (!(await claimSlot(rt.pg.db, job.name, slot, owner))) return 'taken';
	const t0 = performance.now();
	const r = await runJob(rt, job);
	await rt.pg.db
		.update(jobRuns)
		.set({ ok: r.ok, error: r.error ?? null, durationMs: performance.now() - t0 })
		.where(and(eq(jobRuns.job, job.name), eq(jobRuns.slot, slot)))
		.catch(() => {});
	return 'ran';
}

export function scheduleJobs(rt: Runtime, jobs: Job[], owner = PROCESS_OWNER): () => Promise<void> {
	const tasks: ScheduledTask[] = [];
	for (const job of jobs) {
		let running = false;
		const task = cron.schedule(
			job.schedule,
			async (ctx) => {
				if (running) return; // no overlap: a slow run makes the next tick skip
				running = true;
				try {
					await runSlot(rt, job, ctx?.date ?? new Date(), owner);
				} catch (e) {
					console.error(`[worker ${job.name}] could not claim its slot: ${(e as Error).message}`);
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
