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
 * Speed (issue 17): Postgres cuts the payloads into the ClickHouse columns and sends them with
 * COPY as TabSeparated (./tsv.ts), which goes to ClickHouse untouched (no parsing in JS); the
 * next batch is read from Postgres while this one is inserted (a prefetch that only reads: the
 * in-flight record still covers one batch). A 'flushed' listener gets the rows parsed, lazily.
 * pause()/resume() let the analytics rebuild (./rebuild.ts) hold shipping for its cut-over.
 */
import { EventEmitter } from 'node:events';
import { and, eq, inArray, isNull, asc, sql, type SQL } from 'drizzle-orm';
import { outbox, outboxInflight } from '../../../../schemas/postgres/index';
import { copyOut, type Db } from '../db/index';
import { chQuery, insertBody, type ClickHouse } from '../analytics/clickhouse';
import { ident, p, sql as chSql } from '../analytics/sql';
import { LOGGED_TOPICS, tableOfTopic, TOPIC_TABLES } from './topics';
import { bigintArray, eventColumns, insertTsv, parseTsv, tsvSelectList, type TsvColumns } from './tsv';

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

function lazyBatch(topic: string, body: Buffer, cols: TsvColumns): FlushedBatch {
	let rows: Record<string, unknown>[] | null = null;
	return {
		topic,
		get rows() {
			return (rows ??= parseTsv(body, cols));
		}
	};
}

type OutboxRow = { id: number; topic: string; eventId: string };
/** A batch: its outbox rows, and per topic the rows' ClickHouse columns as COPY text (null: not read yet). */
type Batch = {
	rows: OutboxRow[];
	bodies: Map<string, { body: Buffer; rows: number }> | null;
	/** The in-flight record written when this batch was prefetched (it covers this batch's ids). */
	recorded?: number[];
};

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
	private prefetched: Promise<Batch> | null = null;
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

	private readonly cols = { id: outbox.id, topic: outbox.topic, eventId: outbox.eventId };
	/** Each table's columns, read from ClickHouse once per relay. */
	private readonly columns = new Map<string, Promise<TsvColumns>>();

	private columnsOf(table: string): Promise<TsvColumns> {
		let c = this.columns.get(table);
		if (!c) {
			c = eventColumns(this.ch, table);
			c.catch(() => this.columns.delete(table));
			this.columns.set(table, c);
		}
		return c;
	}

	/** The oldest unshipped rows (above afterId) with their COPY bodies. */
	private async readBatch(afterId: number | null): Promise<Batch> {
		const where = afterId === null ? isNull(outbox.shippedAt) : and(isNull(outbox.shippedAt), sql`${outbox.id} > ${afterId}`);
		const rows = (await this.db.select(this.cols).from(outbox).where(where).orderBy(asc(outbox.id)).limit(this.batchSize)) as OutboxRow[];
		return { rows, bodies: rows.length ? await this.readBodies(rows, null) : null };
	}

	/**
	 * Per topic, one COPY of the rows' payloads cut into the table's columns (Postgres does the
	 * cutting; the text goes to ClickHouse as it is). Rows whose event ids are in `skip` are left out.
	 */
	private async readBodies(rows: OutboxRow[], skip: Set<string> | null): Promise<Map<string, { body: Buffer; rows: number }>> {
		const byTopic = new Map<string, number[]>();
		for (const r of rows) {
			if (skip?.has(r.eventId)) continue;
			const list = byTopic.get(r.topic);
			if (list) list.push(r.id);
			else byTopic.set(r.topic, [r.id]);
		}
		const out = new Map<string, { body: Buffer; rows: number }>();
		for (const [topic, ids] of byTopic) {
			const cols = await this.columnsOf(tableOfTopic(topic));
			out.set(topic, await copyOut(this.db, `select ${tsvSelectList('o.payload', cols)} from outbox o where o.id = any(${bigintArray(ids)}) order by o.id`));
		}
		return out;
	}

	/**
	 * The previous batch's shipped mark, still running while this batch is inserted (only between
	 * full batches). Its ids stay in the in-flight record until this batch's mark: a crash at any
	 * point leaves both batches to the in-flight check, so nothing is sent twice.
	 */
	private marking: { ids: number[]; done: Promise<void> } | null = null;

	/** Waits for the previous batch's mark; its failure is this call's (the in-flight record covers it). */
	private async settleMarking(): Promise<void> {
		const m = this.marking;
		if (!m) return;
		try {
			await m.done;
		} finally {
			if (this.marking === m) this.marking = null;
		}
	}

	/** Ships one batch; returns how many outbox rows it settled (0 = nothing pending). */
	async flushOnce(): Promise<number> {
		const prefetched = this.prefetched;
		this.prefetched = null;
		// Pipelined: the previous batch is being marked and this one was read after it.
		if (this.marking) {
			const next = prefetched ? await prefetched.catch(() => null) : null;
			if (next?.rows.length) return this.ship(next, null, this.marking.ids);
			await this.settleMarking();
		}
		const [inflight] = await this.db.select({ ids: outboxInflight.ids }).from(outboxInflight).where(eq(outboxInflight.relay, this.name));
		// A batch left in flight by a stopped relay is settled first, exactly as it was.
		let batch: Batch;
		if (inflight) {
			await prefetched?.catch(() => null);
			const rows = (await this.db
				.select(this.cols)
				.from(outbox)
				.where(and(isNull(outbox.shippedAt), sql`${outbox.id} = any(${sql.param(inflight.ids)}::bigint[])`))
				.orderBy(asc(outbox.id))) as OutboxRow[];
			batch = { rows, bodies: null };
		} else {
			batch = (prefetched ? await prefetched.catch(() => null) : null) ?? { rows: [], bodies: null };
			// An empty prefetch proves nothing (a lower id may have committed late): read afresh.
			if (!batch.rows.length) batch = await this.readBatch(null);
		}
		if (!batch.rows.length) {
			if (!inflight) return 0;
			await this.db.delete(outboxInflight).where(eq(outboxInflight.relay, this.name));
			return this.flushOnce();
		}

		// Rows of a batch that was in flight may be in ClickHouse already: those are not sent again.
		if (inflight) {
			const present = new Set<string>();
			const byTable = new Map<string, string[]>();
			for (const r of batch.rows) {
				const t = tableOfTopic(r.topic);
				const list = byTable.get(t);
				if (list) list.push(r.eventId);
				else byTable.set(t, [r.eventId]);
			}
			for (const [table, retried] of byTable) {
				const found = await chQuery<{ id: string }>(
					this.ch,
					chSql`SELECT toString(event_id) AS id FROM ${ident(table)} WHERE event_id IN ${p.uuids('ids', retried)}`.named('relay.present')
				);
				for (const f of found) present.add(f.id);
			}
			batch = { rows: batch.rows, bodies: await this.readBodies(batch.rows, present) };
		}
		return this.ship(batch, inflight ? inflight.ids : null, []);
	}

	/**
	 * Records the batch in flight (with `pendingIds`, the previous batch whose mark still runs),
	 * inserts it, then marks it shipped: at once, or while the next batch is inserted when a next
	 * batch was prefetched (a full batch, not a re-send).
	 */
	private async ship(batch: Batch, resent: number[] | null, pendingIds: number[]): Promise<number> {
		const ids = batch.rows.map((r) => r.id);
		const recorded = pendingIds.length ? [...pendingIds, ...ids] : ids;
		// A prefetched batch was recorded in flight while the previous one was inserted (with that
		// one and its pending predecessor): recording more than is sent is safe, the check before a
		// re-send finds what is not in ClickHouse. Saves a round trip before each insert.
		const covered = batch.recorded ? new Set(batch.recorded) : null;
		if (!covered || !recorded.every((id) => covered.has(id))) await this.recordInflight(recorded);
		// Read the next batch while this one goes to ClickHouse (PGlite and pg work while chDB's
		// native threads insert), and record it in flight; skipped for a re-send or the last batch.
		if (!resent && batch.rows.length >= this.batchSize) {
			this.prefetched = this.readBatch(ids[ids.length - 1]).then(async (next) => {
				if (!next.rows.length) return next;
				const rec = [...recorded, ...next.rows.map((r) => r.id)];
				await this.recordInflight(rec);
				return { ...next, recorded: rec };
			});
			this.prefetched.catch(() => undefined);
		}
		const flushed: FlushedBatch[] = [];
		try {
			for (const [topic, b] of batch.bodies ?? []) {
				if (!b.rows) continue;
				const cols = await this.columnsOf(tableOfTopic(topic));
				await insertTsv(this.ch, cols, b.body, b.rows);
				flushed.push(lazyBatch(topic, b.body, cols));
			}
		} catch (e) {
			// Both batches stay in the in-flight record; the next flush checks them in ClickHouse.
			await this.marking?.done.catch(() => undefined);
			this.marking = null;
			await this.prefetched?.catch(() => null);
			this.prefetched = null;
			throw e;
		}
		try {
			await this.settleMarking();
		} catch (e) {
			await this.prefetched?.catch(() => null);
			this.prefetched = null;
			throw e;
		}
		const idList = sql`${sql.param(ids)}::bigint[]`;
		if (this.prefetched) {
			// Marked while the next batch is inserted; the in-flight record keeps these ids meanwhile.
			const done = this.markShipped(idList, false);
			done.catch(() => undefined);
			this.marking = { ids, done };
		} else await this.markShipped(idList);
		if (flushed.length) this.emit('flushed', flushed);
		return batch.rows.length;
	}

	private async recordInflight(ids: number[]): Promise<void> {
		await this.db
			.insert(outboxInflight)
			.values({ relay: this.name, ids, at: new Date() })
			.onConflictDoUpdate({ target: outboxInflight.relay, set: { ids: sql`excluded.ids`, at: sql`excluded.at` } });
	}

	/**
	 * While true, shipped rows of every topic are marked and kept (the analytics rebuild sets it for
	 * its copy: it recognises the events written after its cut-over by their outbox rows).
	 */
	retainShipped = false;

	/**
	 * Settles the batch in one transaction: rows of LOGGED_TOPICS are deleted (their events stay in
	 * Postgres's own log), the others marked shipped; with clearInflight the in-flight record goes
	 * too. Its commit need not wait for the WAL flush: a settle lost in a crash leaves the rows
	 * unshipped and in the in-flight record, which the next flush checks against ClickHouse.
	 */
	protected async markShipped(idList: SQL, clearInflight = true): Promise<void> {
		await this.db.transaction(async (tx) => {
			await tx.execute(sql`set local synchronous_commit = off`);
			if (!this.retainShipped) await tx.delete(outbox).where(and(sql`${outbox.id} = any(${idList})`, inArray(outbox.topic, [...LOGGED_TOPICS])));
			await tx.update(outbox).set({ shippedAt: new Date() }).where(sql`${outbox.id} = any(${idList})`);
			if (clearInflight) await tx.delete(outboxInflight).where(eq(outboxInflight.relay, this.name));
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
		// A mark still running settles first: the cut-over must see these rows shipped (or, if it
		// failed, unshipped and in the in-flight record).
		await this.settleMarking().catch(() => undefined);
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
		await this.settleMarking().catch(() => undefined);
		await this.prefetched?.catch(() => null);
		this.prefetched = null;
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
