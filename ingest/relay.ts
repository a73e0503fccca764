/**
 * Outbox → ClickHouse relay. At-least-once shipping made exactly-once in effect:
 *  1. read the oldest unshipped outbox rows (one batch, ≤ batchSize);
 *  2. rows already attempted (attempts > 0) may have reached ClickHouse before a crash: ask
 *     ClickHouse which of their event ids it holds and skip those;
 *  3. bump attempts, INSERT the rest in one statement per table, mark the batch shipped.
 * A crash between 3's INSERT and the mark leaves attempts > 0, so step 2 catches the replay;
 * the ReplacingMergeTree key is a second line of defence. ClickHouse down → rows stay, retried
 * with exponential backoff; tickets are accepted meanwhile (they only write Postgres).
 */
import { EventEmitter } from 'node:events';
import { inArray, isNull, asc, sql } from 'drizzle-orm';
import { outbox } from '../schemas/postgres/index';
import type { Db } from '../src/lib/server/db/index';
import { chQuery, insertRows, type ClickHouse } from '../src/lib/server/analytics/clickhouse';

/** Outbox topics and the ClickHouse table each ships to (an allow-list: topics are data). */
export const TOPIC_TABLES: Record<string, string> = {
	ticket_events: 'ticket_events',
	alert_events: 'alert_events'
};

export interface RelayOptions {
	/** Rows per INSERT: big batches are what ClickHouse wants (one part per INSERT). */
	batchSize?: number;
	/** Poll period when idle; a full batch is followed immediately by the next. */
	intervalMs?: number;
	maxBackoffMs?: number;
}

export interface FlushedBatch {
	topic: string;
	rows: Record<string, unknown>[];
}

export class OutboxRelay extends EventEmitter {
	private timer: NodeJS.Timeout | null = null;
	private running = false;
	private stopped = true;
	private failures = 0;
	readonly batchSize: number;
	readonly intervalMs: number;
	readonly maxBackoffMs: number;
	lastError: string | null = null;

	constructor(
		private readonly db: Db,
		private readonly ch: ClickHouse,
		opts: RelayOptions = {}
	) {
		super();
		this.batchSize = opts.batchSize ?? 10_000;
		this.intervalMs = opts.intervalMs ?? 250;
		this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
	}

	/** Ships one batch; returns how many outbox rows it settled (0 = nothing pending). */
	async flushOnce(): Promise<number> {
		const batch = await this.db
			.select({ id: outbox.id, topic: outbox.topic, eventId: outbox.eventId, payload: outbox.payload, attempts: outbox.attempts })
			.from(outbox)
			.where(isNull(outbox.shippedAt))
			.orderBy(asc(outbox.id))
			.limit(this.batchSize);
		if (!batch.length) return 0;
		const ids = batch.map((r) => r.id);
		const byTopic = new Map<string, typeof batch>();
		for (const r of batch) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);

		const present = new Set<string>();
		for (const [topic, rows] of byTopic) {
			const table = TOPIC_TABLES[topic];
			if (!table) throw new Error(`outbox topic "${topic}" has no ClickHouse table`);
			const retried = rows.filter((r) => r.attempts > 0).map((r) => r.eventId);
			if (retried.length) {
				const found = await chQuery<{ id: string }>(
					this.ch,
					`SELECT toString(event_id) AS id FROM ${table} WHERE event_id IN {ids:Array(UUID)}`,
					{ ids: retried }
				);
				for (const f of found) present.add(f.id);
			}
		}
		await this.db.update(outbox).set({ attempts: sql`${outbox.attempts} + 1` }).where(inArray(outbox.id, ids));
		const flushed: FlushedBatch[] = [];
		for (const [topic, rows] of byTopic) {
			const values = rows.filter((r) => !present.has(r.eventId)).map((r) => r.payload as Record<string, unknown>);
			if (!values.length) continue;
			await insertRows(this.ch, TOPIC_TABLES[topic], values);
			flushed.push({ topic, rows: values });
		}
		await this.markShipped(ids);
		if (flushed.length) this.emit('flushed', flushed);
		return batch.length;
	}

	protected async markShipped(ids: number[]): Promise<void> {
		await this.db.update(outbox).set({ shippedAt: new Date() }).where(inArray(outbox.id, ids));
	}

	/** Ships until the outbox is empty (tests, benchmarks, shutdown). */
	async drain(): Promise<number> {
		let total = 0;
		for (;;) {
			const n = await this.flushOnce();
			total += n;
			if (n === 0) return total;
		}
	}

	start(): void {
		if (!this.stopped) return;
		this.stopped = false;
		this.schedule(0);
	}

	async stop(): Promise<void> {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		while (this.running) await new Promise((r) => setTimeout(r, 10));
	}

	private schedule(delayMs: number) {
		if (this.stopped) return;
		this.timer = setTimeout(() => void this.tick(), delayMs);
		this.timer.unref?.();
	}

	private async tick() {
		this.running = true;
		let next = this.intervalMs;
		try {
			const n = await this.flushOnce();
			this.failures = 0;
			this.lastError = null;
			if (n >= this.batchSize) next = 0;
		} catch (e) {
			this.failures++;
			this.lastError = (e as Error).message;
			next = Math.min(this.maxBackoffMs, this.intervalMs * 2 ** this.failures);
			if (this.failures === 1 || this.failures % 10 === 0) {
				console.error(`[relay] ship failed (${this.failures}x), retrying in ${next} ms: ${this.lastError}`);
			}
		} finally {
			this.running = false;
		}
		this.schedule(next);
	}

	/** Outbox rows not yet shipped (for health and tests). */
	async backlog(): Promise<number> {
		const [r] = await this.db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(isNull(outbox.shippedAt));
		return Number(r.n);
	}
}
