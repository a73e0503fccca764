/**
 * Outbox → ClickHouse relay (the event stream's home: src/lib/server/events/). At-least-once
 * shipping made exactly-once in effect:
 *  1. read the oldest unshipped outbox rows (one batch, ≤ batchSize);
 *  2. rows of the batch that was in flight when a relay stopped (outbox_inflight) may have
 *     reached ClickHouse: ask ClickHouse which of their event ids it holds and skip those;
 *  3. record this batch as in flight, INSERT it in one statement per table, then mark it
 *     shipped and clear the in-flight record in one transaction.
 * A crash between 3's INSERT and the mark leaves the in-flight record, so step 2 catches the replay;
 * the ReplacingMergeTree key is a second line of defence. ClickHouse down → rows stay, retried
 * with exponential backoff; tickets are accepted meanwhile (they only write Postgres).
 * Speed (issue 17): payloads are read as text (`payload::text`) and sent as JSONEachRow lines
 * without being parsed or re-encoded in JS; the next batch is read from Postgres while this one
 * is inserted (a prefetch that only reads: the in-flight record still covers one batch). A
 * 'flushed' listener gets the rows parsed, lazily.
 * pause()/resume() let the analytics rebuild (./rebuild.ts) hold shipping for its cut-over.
 */
import { EventEmitter } from 'node:events';
import { and, eq, isNull, asc, sql, type SQL } from 'drizzle-orm';
import { outbox, outboxInflight } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import { chQuery, insertBody, type ClickHouse } from '../analytics/clickhouse';
import { ident, p, sql as chSql } from '../analytics/sql';
import { tableOfTopic, TOPIC_TABLES } from './topics';

export { TOPIC_TABLES };

export interface RelayOptions {
	/** Rows per INSERT: big batches are what ClickHouse wants (one part per INSERT). */
	batchSize?: number;
	/** Poll period when idle; a full batch is followed immediately by the next. */
	intervalMs?: number;
	maxBackoffMs?: number;
}

export interface FlushedBatch {
	topic: string;
	/** The shipped rows, parsed on first access. */
	readonly rows: Record<string, unknown>[];
}

function lazyBatch(topic: string, lines: string[]): FlushedBatch {
	let rows: Record<string, unknown>[] | null = null;
	return {
		topic,
		get rows() {
			return (rows ??= lines.map((l) => JSON.parse(l) as Record<string, unknown>));
		}
	};
}

type OutboxRow = { id: number; topic: string; eventId: string; payload: string };

/** JSONEachRow INSERT of payload texts as they are (one part per call; callers batch). */
export async function insertJsonLines(ch: ClickHouse, table: string, lines: string[]): Promise<void> {
	if (!lines.length) return;
	if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`insertJsonLines: bad table ${table}`);
	const t0 = performance.now();
	await insertBody(ch, table, 'JSONEachRow', lines.join('\n') + '\n', JSON_INSERT_SETTINGS);
	ch.log?.record({ tag: `relay.insert.${table}`, ms: performance.now() - t0, rows: lines.length, sql: `INSERT INTO ${table} FORMAT JSONEachRow` });
}

/** Payload texts carry the Postgres row's keys; ISO dates with Z need the best-effort parser. */
export const JSON_INSERT_SETTINGS = { input_format_skip_unknown_fields: 1, date_time_input_format: 'best_effort' } as const;

export class OutboxRelay extends EventEmitter {
	private timer: NodeJS.Timeout | null = null;
	private running = false;
	private stopped = true;
	private failures = 0;
	private paused = false;
	/** The next batch, read while the previous one was inserted (ids above it, unshipped). */
	private prefetched: Promise<OutboxRow[]> | null = null;
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

	private readonly cols = { id: outbox.id, topic: outbox.topic, eventId: outbox.eventId, payload: sql<string>`${outbox.payload}::text` };

	private readBatch(afterId: number | null): Promise<OutboxRow[]> {
		const where = afterId === null ? isNull(outbox.shippedAt) : and(isNull(outbox.shippedAt), sql`${outbox.id} > ${afterId}`);
		return this.db.select(this.cols).from(outbox).where(where).orderBy(asc(outbox.id)).limit(this.batchSize) as Promise<OutboxRow[]>;
	}

	/** Ships one batch; returns how many outbox rows it settled (0 = nothing pending). */
	async flushOnce(): Promise<number> {
		const [inflight] = await this.db.select({ ids: outboxInflight.ids }).from(outboxInflight).where(eq(outboxInflight.relay, this.name));
		const prefetched = this.prefetched;
		this.prefetched = null;
		// A batch left in flight by a stopped relay is settled first, exactly as it was.
		let batch: OutboxRow[];
		if (inflight) {
			await prefetched?.catch(() => null);
			batch = (await this.db
				.select(this.cols)
				.from(outbox)
				.where(and(isNull(outbox.shippedAt), sql`${outbox.id} = any(${sql.param(inflight.ids)}::bigint[])`))
				.orderBy(asc(outbox.id))) as OutboxRow[];
		} else {
			batch = (prefetched ? await prefetched.catch(() => null) : null) ?? [];
			// An empty prefetch proves nothing (a lower id may have committed late): read afresh.
			if (!batch.length) batch = await this.readBatch(null);
		}
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
			const table = tableOfTopic(topic);
			const retried = inflight ? rows.map((r) => r.eventId) : [];
			if (retried.length) {
				const found = await chQuery<{ id: string }>(
					this.ch,
					chSql`SELECT toString(event_id) AS id FROM ${ident(table)} WHERE event_id IN ${p.uuids('ids', retried)}`.named('relay.present')
				);
				for (const f of found) present.add(f.id);
			}
		}
		const idList = sql`${sql.param(ids)}::bigint[]`;
		await this.db
			.insert(outboxInflight)
			.values({ relay: this.name, ids, at: new Date() })
			.onConflictDoUpdate({ target: outboxInflight.relay, set: { ids: sql`excluded.ids`, at: sql`excluded.at` } });
		// Read the next batch while this one goes to ClickHouse (PGlite and pg work while chDB's
		// native threads insert); skipped when this batch is a re-send or the last one.
		if (!inflight && batch.length >= this.batchSize) {
			this.prefetched = this.readBatch(ids[ids.length - 1]);
			this.prefetched.catch(() => undefined);
		}
		const flushed: FlushedBatch[] = [];
		for (const [topic, rows] of byTopic) {
			const lines = rows.filter((r) => !present.has(r.eventId)).map((r) => r.payload);
			if (!lines.length) continue;
			await insertJsonLines(this.ch, tableOfTopic(topic), lines);
			flushed.push(lazyBatch(topic, lines));
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

	/** Ships until the outbox is empty (tests, benchmarks, shutdown); nothing while paused. */
	async drain(): Promise<number> {
		let total = 0;
		for (;;) {
			if (this.paused) return total;
			const n = await this.flushOnce();
			total += n;
			if (n === 0) return total;
		}
	}

	/**
	 * Holds shipping until resume(): waits for a flush in progress, then nothing reaches ClickHouse.
	 * The outbox keeps filling; resume() ships the backlog. Used by the analytics rebuild.
	 */
	async pause(): Promise<void> {
		this.paused = true;
		while (this.running) await new Promise((r) => setTimeout(r, 5));
		await this.prefetched?.catch(() => null);
		this.prefetched = null;
	}

	resume(): void {
		this.paused = false;
		if (!this.stopped) this.schedule(0);
	}

	get isPaused(): boolean {
		return this.paused;
	}

	/** The relay started in this process, if any (the rebuild pauses it). */
	static live: OutboxRelay | null = null;

	start(): void {
		if (!this.stopped) return;
		OutboxRelay.live = this;
		this.stopped = false;
		this.schedule(0);
	}

	async stop(): Promise<void> {
		this.stopped = true;
		if (OutboxRelay.live === this) OutboxRelay.live = null;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		while (this.running) await new Promise((r) => setTimeout(r, 10));
	}

	private schedule(delayMs: number) {
		if (this.stopped || this.paused) return;
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.tick(), delayMs);
		this.timer.unref?.();
	}

	private async tick() {
		if (this.paused) return;
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
