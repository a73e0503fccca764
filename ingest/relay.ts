/**
 * Outbox → ClickHouse relay. At-least-once shipping made exactly-once in effect:
 *  1. read the oldest unshipped outbox rows (one batch, ≤ batchSize);
 *  2. rows of the batch that was in flight when a relay stopped (outbox_inflight) may have
 *     reached ClickHouse: ask ClickHouse which of their event ids it holds and skip those;
 *  3. record this batch as in flight, INSERT it in one statement per table, then mark it
 *     shipped and clear the in-flight record in one transaction.
 * A crash between 3's INSERT and the mark leaves the in-flight record, so step 2 catches the replay;
 * the ReplacingMergeTree key is a second line of defence. ClickHouse down → rows stay, retried
 * with exponential backoff; tickets are accepted meanwhile (they only write Postgres).
 */
import { EventEmitter } from 'node:events';
import { and, eq, isNull, asc, sql, type SQL } from 'drizzle-orm';
import { outbox, outboxInflight } from '../schemas/postgres/index';
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
	/** The in-flight record's key (one relay per leader). */
	readonly name = 'main';
	lastError: string | null = null;

	constructor(
		private readonly db: Db,
		private readonly ch: ClickHouse,
		opts: RelayOptions = {}
	) {
		super();
		this.batchSize = opts.batchSize ?? 10_000;
		this.intervalMs = opts.intervalMs ?? 100;
		this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
	}

	/** Ships one batch; returns how many outbox rows it settled (0 = nothing pending). */
	async flushOnce(): Promise<number> {
		const [inflight] = await this.db.select({ ids: outboxInflight.ids }).from(outboxInflight).where(eq(outboxInflight.relay, this.name));
		const cols = { id: outbox.id, topic: outbox.topic, eventId: outbox.eventId, payload: outbox.payload };
		// A batch left in flight by a stopped relay is settled first, exactly as it was.
		const batch = inflight
			? await this.db.select(cols).from(outbox).where(and(isNull(outbox.shippedAt), sql`${outbox.id} = any(${sql.param(inflight.ids)}::bigint[])`)).orderBy(asc(outbox.id))
			: await this.db.select(cols).from(outbox).where(isNull(outbox.shippedAt)).orderBy(asc(outbox.id)).limit(this.batchSize);
		if (!batch.length) {
			if (!inflight) return 0;
			await this.db.delete(outboxInflight).where(eq(outboxInflight.relay, this.name));
			return this.flushOnce();
		}
		const ids = batch.map((r) => r.id);
		const byTopic = new Map<string, typeof batch>();
		for (const r of batch) {
			const list = byTopic.get(r.topic);
			if (list) list.push(r);
			else byTopic.set(r.topic, [r]);
		}

		const present = new Set<string>();
		for (const [topic, rows] of byTopic) {
			const table = TOPIC_TABLES[topic];
			if (!table) throw new Error(`outbox topic "${topic}" has no ClickHouse table`);
			const retried = inflight ? rows.map((r) => r.eventId) : [];
			if (retried.length) {
				const found = await chQuery<{ id: string }>(
					this.ch,
					`SELECT toString(event_id) AS id FROM ${table} WHERE event_id IN {ids:Array(UUID)}`,
					{ ids: retried }
				);
				for (const f of found) present.add(f.id);
			}
		}
		const idList = sql`${sql.param(ids)}::bigint[]`;
		await this.db
			.insert(outboxInflight)
			.values({ relay: this.name, ids, at: new Date() })
			.onConflictDoUpdate({ target: outboxInflight.relay, set: { ids: sql`excluded.ids`, at: sql`excluded.at` } });
		const flushed: FlushedBatch[] = [];
		for (const [topic, rows] of byTopic) {
			const values = rows.filter((r) => !present.has(r.eventId)).map((r) => r.payload as Record<string, unknown>);
			if (!values.length) continue;
			await insertRows(this.ch, TOPIC_TABLES[topic], values);
			flushed.push({ topic, rows: values });
		}
		await this.markShipped(idList);
		if (flushed.length) this.emit('flushed', flushed);
		return batch.length;
	}

	/** Marks the batch shipped and clears the in-flight record, in one transaction. */
	protected async markShipped(idList: SQL): Promise<void> {
		await this.db.transaction(async (tx) => {
			await tx.update(outbox).set({ shippedAt: new Date() }).where(sql`${outbox.id} = any(${idList})`);
			await tx.delete(outboxInflight).where(eq(outboxInflight.relay, this.name));
		});
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
