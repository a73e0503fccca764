// Issue 18, scale-out: two `npm run workers` processes on PostgreSQL; SIGKILL the leader and the
// standby takes over the relay and cron jobs within 15 s.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDb, type TestDb } from '../../helpers/db';

interface Proc {
	child: ChildProcess;
	out: () => string;
	waitFor: (re: RegExp, timeoutMs: number) => Promise<number>;
}

function startWorkers(env: Record<string, string>): Proc {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-workers-'));
	let out = '';
	const child = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
		env: { ...process.env, OPSHUB_DEMO: '0', DATA_DIR: dataDir, OPSHUB_LEADER_RETRY_MS: '1000', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	return {
		child,
		out: () => out,
		waitFor: async (re, timeoutMs) => {
			const t0 = Date.now();
			while (!re.test(out)) {
				if (child.exitCode !== null) throw new Error(`workers exited (${child.exitCode}):\n${out}`);
				if (Date.now() - t0 > timeoutMs) throw new Error(`no ${re} in ${timeoutMs} ms:\n${out}`);
				await new Promise((r) => setTimeout(r, 100));
			}
			return Date.now() - t0;
		}
	};
}

describe('workers failover on PostgreSQL', () => {
	let t: TestDb;
	const procs: Proc[] = [];
	beforeAll(async () => {
		t = await freshDb('postgres');
	});
	afterAll(async () => {
		for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
		await t?.close();
	});

	it('the standby takes over within 15 s of SIGKILL on the leader', { timeout: 300_000 }, async () => {
		const a = startWorkers({ DATABASE_URL: t.url! });
		procs.push(a);
		await a.waitFor(/workers leader \(pid/, 180_000);
		const b = startWorkers({ DATABASE_URL: t.url! });
		procs.push(b);
		await b.waitFor(/workers process running/, 180_000);
		await new Promise((r) => setTimeout(r, 2500)); // two retries: still standing by
		expect(b.out()).not.toMatch(/workers leader \(pid/);
		expect(b.out()).toMatch(/standing by/);
		a.child.kill('SIGKILL');
		const tookMs = await b.waitFor(/workers leader \(pid/, 20_000);
		expect(tookMs).toBeLessThan(15_000);
	});
});
