/**
 * HiGHS solves off the web thread: a small pool of worker threads, each holding its own Wasm
 * solver, a bounded queue in front (full → 429), and a hard deadline per solve (the worker is
 * replaced). A solve took the web thread for ~40 s before (issue 18).
 *
 * The worker is tiny on purpose: plain CommonJS evaluated from the string below, requiring only
 * `highs` (docs/STACK.md pitfall 5: chDB and worker_threads do not mix; nothing here may load it). It
 * is not a file of its own so that the SvelteKit bundle, tsx and vitest all run the same code.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { HighsSolution } from 'highs';
import { DomainError } from '../errors';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = require(workerData.highsPath)();
parentPort.on('message', async ({ id, lp, options, relaxation }) => {
	try {
		const highs = await ready;
		const solution = highs.solve(lp, options);
		let bound = null;
		// Stopped by the time limit: the LP relaxation's optimum is a valid bound (told when no plan was found).
		if (relaxation && solution.Status === 'Time limit reached') {
			const r = highs.solve(relaxation, { ...options, time_limit: 10 });
			if (r.Status === 'Optimal' && Number.isFinite(r.ObjectiveValue)) bound = r.ObjectiveValue;
		}
		parentPort.postMessage({ id, solution, bound });
	} catch (e) {
		parentPort.postMessage({ id, error: String((e && e.message) || e) });
	}
});`;

export interface SolveOutcome {
	solution: HighsSolution;
	/** For a time-limited solve without a solution: the LP relaxation's objective (a lower bound). */
	bound: number | null;
}

interface Job {
	lp: string;
	options: Record<string, unknown>;
	relaxation?: string;
	deadlineMs: number;
	resolve: (o: SolveOutcome) => void;
	reject: (e: unknown) => void;
}

interface Slot {
	worker: Worker;
	job: Job | null;
	timer: NodeJS.Timeout | null;
}

export interface SolverPoolOptions {
	/** Worker threads; default min(2, cores − 1), at least 1. */
	size?: number;
	/** Solves waiting for a worker, at most; past it a solve is refused with 429. */
	queueMax?: number;
}

export class SolverPool {
	readonly size: number;
	readonly queueMax: number;
	private slots: Slot[] = [];
	private queue: Job[] = [];
	private nextId = 0;
	private readonly highsPath = createRequire(import.meta.url).resolve('highs');

	constructor(opts: SolverPoolOptions = {}) {
		this.size = opts.size ?? Math.max(1, Math.min(2, os.availableParallelism() - 1));
		this.queueMax = opts.queueMax ?? 4;
	}

	/** Solves waiting or running. */
	get load(): number {
		return this.queue.length + this.slots.filter((s) => s.job).length;
	}

	/**
	 * Solves `lp` on a worker. Throws RATE_LIMITED (429, Retry-After) when the queue is full and
	 * UNAVAILABLE (503) when the solve outlives its deadline (the worker is replaced).
	 */
	solve(lp: string, options: Record<string, unknown>, relaxation?: string): Promise<SolveOutcome> {
		const busy = this.slots.length >= this.size && this.slots.every((s) => s.job);
		if (busy && this.queue.length >= this.queueMax) {
			return Promise.reject(
				new DomainError('RATE_LIMITED', `The shift solver is busy (${this.load} solves running or queued); try again shortly`, undefined, { 'retry-after': '10' })
			);
		}
		const limitS = typeof options.time_limit === 'number' ? options.time_limit : 10;
		return new Promise<SolveOutcome>((resolve, reject) => {
			// Time limit, then the relaxation (≤ 10 s), the Wasm start and a margin.
			this.queue.push({ lp, options, relaxation, deadlineMs: (limitS + 25) * 1000, resolve, reject });
			this.pump();
		});
	}

	private spawn(): Slot {
		const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { highsPath: this.highsPath } });
		worker.unref(); // an idle pool never keeps the process alive
		const slot: Slot = { worker, job: null, timer: null };
		worker.on('message', (m: { id: number; solution?: HighsSolution; bound?: number | null; error?: string }) => {
			const job = slot.job;
			this.finish(slot);
			if (!job) return;
			if (m.error !== undefined) job.reject(new Error(`shift solver: ${m.error}`));
			else job.resolve({ solution: m.solution!, bound: m.bound ?? null });
		});
		worker.on('error', (e) => this.fail(slot, e));
		worker.on('exit', (code) => this.fail(slot, new Error(`shift solver worker exited (${code})`)));
		this.slots.push(slot);
		return slot;
	}

	private finish(slot: Slot) {
		if (slot.timer) clearTimeout(slot.timer);
		slot.timer = null;
		slot.job = null;
		slot.worker.unref();
		this.pump();
	}

	/** A worker died or overran: its job fails, the worker is dropped (a new one starts on demand). */
	private fail(slot: Slot, e: unknown) {
		const i = this.slots.indexOf(slot);
		if (i < 0) return;
		this.slots.splice(i, 1);
		if (slot.timer) clearTimeout(slot.timer);
		const job = slot.job;
		slot.job = null;
		void slot.worker.terminate().catch(() => {});
		job?.reject(e);
		this.pump();
	}

	private pump() {
		while (this.queue.length) {
			let slot = this.slots.find((s) => !s.job);
			if (!slot && this.slots.length < this.size) slot = this.spawn();
			if (!slot) return;
			const job = this.queue.shift()!;
			slot.job = job;
			slot.worker.ref();
			const s = slot;
			slot.timer = setTimeout(
				() => this.fail(s, new DomainError('UNAVAILABLE', `The shift solve did not finish within ${Math.round(job.deadlineMs / 1000)} s; try a shorter horizon or fewer shifts`)),
				job.deadlineMs
			);
			slot.worker.postMessage({ id: this.nextId++, lp: job.lp, options: job.options, relaxation: job.relaxation });
		}
	}

	async close(): Promise<void> {
		for (const job of this.queue.splice(0)) job.reject(new DomainError('UNAVAILABLE', 'The shift solver is shutting down'));
		await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
	}
}

const POOL_KEY = Symbol.for('opshub.staffing.solverPool');
type PoolHolder = { [POOL_KEY]?: SolverPool };

/** The process's pool, created on first use (kept on globalThis: bundle and tsx share it). */
export function solverPool(): SolverPool {
	const holder = globalThis as PoolHolder;
	return (holder[POOL_KEY] ??= new SolverPool({
		size: process.env.OPSHUB_SOLVER_THREADS ? Math.max(1, Number(process.env.OPSHUB_SOLVER_THREADS) || 1) : undefined,
		queueMax: process.env.OPSHUB_SOLVER_QUEUE ? Math.max(0, Number(process.env.OPSHUB_SOLVER_QUEUE) || 0) : undefined
	}));
}
