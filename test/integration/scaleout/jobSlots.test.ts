// Issue 18, scale-out: no cron job runs twice for one schedule slot (job_runs, migration 0009).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { jobRuns } from '../../../schemas/postgres/index';
import { claimSlot, runSlot, scheduleJobs, slotOf, type Job } from '../../../workers/scheduler';
import type { Runtime } from '../../../src/lib/server/runtime';

describe.each(DRIVERS)('cron slot claims on %s', (driver) => {
	let t: TestDb;
	let rt: Runtime;
	beforeAll(async () => {
		t = await freshDb(driver);
		rt = { pg: t, config: {} } as unknown as Runtime;
	});
	afterAll(async () => t?.close());

	it('a slot is claimed once; a second claim (another process, same slot) loses', async () => {
		const slot = new Date('2026-12-05T10:00:30.000Z');
		expect(await claimSlot(t.db, 'x', slot, 'a:1')).toBe(true);
		expect(await claimSlot(t.db, 'x', slot, 'b:2')).toBe(false);
		expect(await claimSlot(t.db, 'x', new Date(slot.getTime() + 30_000), 'b:2')).toBe(true);
		expect(slotOf(new Date('2026-12-05T10:00:30.987Z')).toISOString()).toBe(slot.toISOString());
	});

	it('two schedulers on one database: every slot runs exactly once, its outcome recorded', async () => {
		const runs: string[] = [];
		const job: Job = { name: `tick-${driver}`, schedule: '* * * * * *', run: async () => void runs.push(new Date().toISOString()) };
		// Same-slot race made explicit: both "processes" fire for one scheduled instant.
		const at = new Date();
		const both = await Promise.all([runSlot(rt, job, at, 'a:1'), runSlot(rt, job, at, 'b:2')]);
		expect(both.sort()).toEqual(['ran', 'taken']);
		const stopA = scheduleJobs(rt, [job], 'a:1');
		const stopB = scheduleJobs(rt, [job], 'b:2');
		await new Promise((r) => setTimeout(r, 3500));
		await stopA();
		await stopB();
		await new Promise((r) => setTimeout(r, 300));
		const rows = await t.db.select().from(jobRuns).where(eq(jobRuns.job, job.name));
		expect(rows.length).toBeGreaterThanOrEqual(3);
		expect(runs.length).toBe(rows.length); // one run per claimed slot, none twice
		expect(new Set(rows.map((r) => r.slot.toISOString())).size).toBe(rows.length);
		expect(rows.filter((r) => r.ok === true).length).toBeGreaterThanOrEqual(rows.length - 1);
	});
});
