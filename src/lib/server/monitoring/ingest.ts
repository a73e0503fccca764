/**
 * The webhook verb: authenticate the source, check rate and size, verify the signature, store the
 * raw request durably, answer 202 { alertId }, and queue the processing right after. A malformed
 * body is stored too (status 'rejected', one 'rejected' alert event) and answered 422 naming what
 * is wrong. Nothing here answers 5xx for anything a sender can put in a request.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { rawAlerts, monitoringSources } from '../../../../schemas/postgres/index';
import { isKind, normalize, NormalizeError } from '../../../../ingest/normalize/index';
import { insertRecords, rowsOf, type Db } from '../db/index';
import { DomainError, isDomainError, notFound, unprocessable } from '../errors';
import { sha256 } from '../rbac/password';
import { AlertProcessor, BATCH_BUSY_MAX, DUPLICATE_WINDOW_MS, GATE_WAIT_MS, rawRecord, FreshAlert, type ProcessorOptions } from './process';
import { parseBody, pgSafe, pgSafeDeep } from './parse';
import { authenticateSource, RateLimiter, SourceCache, verifySignature, type SourceRow } from './sources';
import { ALERT_EVENTS_TOPIC, appendAlertEvents } from './events';
import { AcceptJournal, journalLine, type JournalRow, type JournalSync } from './journal';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Requests stored per group commit, at most. */
export const ACCEPT_GROUP_MAX = 500;
/**
 * Accepting counts as busy while requests wait to be stored or while more than ACCEPT_BUSY_RATE
 * per second were stored over the last ACCEPT_WINDOW_MS (processing waits for a lull). A flood,
 * not a busy estate: accepting costs ~0.1 ms of the thread per webhook, so at this rate it takes
 * about a tenth of it and processing keeps up alongside; above it, bursts are absorbed first.
 * The window is long (1 s) so that a processing batch holding the thread for ~100 ms does not
 * empty it and let the next batch in while the flood goes on.
 */
export const ACCEPT_WINDOW_MS = 1000;
export const ACCEPT_BUSY_RATE = 1000;

type RawInsert = typeof rawAlerts.$inferInsert & { id: string; receivedAt: Date; bodyHash: string; status: string; sourceId: string };

interface PendingAccept {
	row: RawInsert;
	source: SourceRow;
	resolve: (r: IngestResult) => void;
	reject: (e: unknown) => void;
}

/** Headers kept with the raw alert (never credentials). */
const KEEP_HEADERS = /^(content-type|content-length|user-agent|x-forwarded-for|x-real-ip|x-grafana-[a-z-]+|x-opshub-[a-z-]+|x-request-id|x-zabbix-[a-z-]+)$/i;

export interface IngestRequest {
	kind: string;
	/** Header lookup (case-insensitive). */
	headers: Headers | Record<string, string | undefined>;
	/** ?token= */
	queryToken?: string | null;
	body: Buffer | string;
	/** Milliseconds since epoch; tests pin it. */
	nowMs?: number;
}

export interface IngestResult {
	alertId: string;
	duplicate: boolean;
}

export interface IngestOptions extends ProcessorOptions {
	maxBodyBytes?: number;
	/** false: store only (tests drive processing by hand; crash-recovery tests). */
	autoProcess?: boolean;
	/**
	 * A directory for the accept journal (journal.ts): accepted requests are made durable there
	 * and loaded into raw_alerts after. Without it, each group is written to raw_alerts before
	 * the answer.
	 */
	journalDir?: string;
	/** How far a journal append goes before the answer (journal.ts); default 'fdatasync'. */
	journalSync?: JournalSync;
	/**
	 * Journal mode: queued alerts kept in memory as their journal line, at most; past it a
	 * queued alert is only the place of its line in the journal (read back when processed), so a
	 * long flood holds ~100 bytes per alert, not ~1.5 KB. Default FRESH_IN_MEMORY_MAX.
	 */
	freshInMemoryMax?: number;
}

/** Queued alerts kept in memory as their journal line (~1.5 KB each: ~75 MB at this bound). */
export const FRESH_IN_MEMORY_MAX = 50_000;

/** Rows per load statement (journal → raw_alerts) when accepting is quiet. */
export const LOAD_GROUP_MAX = 1000;
/** Retried deliveries answered from memory (journal mode), at most this many keys. */
export const RECENT_KEYS_MAX = 200_000;

function recordOf(row: RawInsert): JournalRow {
	return {
		id: row.id,
		source_id: row.sourceId,
		received_at: row.receivedAt.toISOString(),
		content_type: row.contentType,
		body: row.body,
		body_hash: row.bodyHash,
		headers: row.headers as Record<string, string>,
		status: row.status,
		error: row.error ?? null,
		processed_at: row.processedAt ? row.processedAt.toISOString() : null
	};
}

/** A journal row with its text made storable (lines written by older versions may hold a lone surrogate). */
function storable(r: JournalRow): JournalRow {
	return { ...r, body: pgSafe(r.body), error: r.error === null ? null : pgSafe(String(r.error)), headers: pgSafeDeep(r.headers ?? {}) };
}

function headerFn(h: IngestRequest['headers']): (name: string) => string | null {
	if (typeof (h as Headers).get === 'function') return (n) => (h as Headers).get(n);
	const lower = new Map(Object.entries(h as Record<string, string | undefined>).map(([k, v]) => [k.toLowerCase(), v]));
	return (n) => lower.get(n.toLowerCase()) ?? null;
}

function keptHeaders(h: IngestRequest['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	const entries: [string, string][] =
		typeof (h as Headers).forEach === 'function' && typeof (h as Headers).get === 'function'
			? [...(h as Headers).entries()]
			: (Object.entries(h).filter(([, v]) => typeof v === 'string') as [string, string][]);
	for (const [k, v] of entries) if (KEEP_HEADERS.test(k) && !/signature/i.test(k)) out[k.toLowerCase()] = pgSafe(String(v).slice(0, 500));
	return out;
}

export class MonitoringIngest {
	readonly processor: AlertProcessor;
	readonly limiter = new RateLimiter();
	readonly sources = new SourceCache();
	readonly maxBodyBytes: number;
	readonly autoProcess: boolean;
	readonly freshInMemoryMax: number;
	private lastSeen = new Map<string, number>();
	private accepts: PendingAccept[] = [];
	/** One group is written at a time: requests arriving meanwhile make the next one. */
	private storing = false;
	private pumpScheduled = false;
	readonly journal: AcceptJournal | null;
	/** Journal mode: deliveries accepted lately, by source and body hash (a retry answers with the first id). */
	private recent = new Map<string, { id: string; atMs: number; stored: Promise<boolean> }>();
	/** Journal mode: rows durable in the journal, not yet in raw_alerts. */
	private toLoad: { row: JournalRow; segment: string; source: Pick<SourceRow, 'id' | 'kind'> }[] = [];
	private loading: Promise<void> | null = null;
	/** Requests stored in the current and the previous half-window (busy detection). */
	private stored = { atMs: 0, now: 0, before: 0 };

	constructor(
		readonly db: Db,
		opts: IngestOptions = {}
	) {
		this.processor = new AlertProcessor(db, {
			...opts,
			gate: opts.gate ?? ((ms) => this.acceptsQuiet(ms)),
			onFreshStored: (items) => this.journaledStored(items)
		});
		this.maxBodyBytes = opts.maxBodyBytes ?? MAX_BODY_BYTES;
		this.autoProcess = opts.autoProcess ?? true;
		this.freshInMemoryMax = opts.freshInMemoryMax ?? FRESH_IN_MEMORY_MAX;
		this.journal = opts.journalDir ? new AcceptJournal(opts.journalDir, undefined, opts.journalSync) : null;
	}

	/** Size check before reading: a declared length over the limit is refused without reading. */
	checkDeclaredLength(contentLength: string | null): void {
		if (contentLength && Number(contentLength) > this.maxBodyBytes) throw this.tooLarge();
	}

	tooLarge() {
		return new DomainError('TOO_LARGE', `Body exceeds ${this.maxBodyBytes} bytes`, 'body');
	}

	async ingest(req: IngestRequest): Promise<IngestResult> {
		const nowMs = req.nowMs ?? Date.now();
		if (!isKind(req.kind)) throw notFound(`Monitoring source kind "${String(req.kind).slice(0, 50)}"`);
		const header = headerFn(req.headers);
		const source = await authenticateSource(this.db, req.kind, { authorization: header('authorization'), queryToken: req.queryToken }, nowMs, this.sources);
		this.limiter.take(source.id, source.rateLimitPerMin, nowMs);
		const buf = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
		if (buf.length > this.maxBodyBytes) throw this.tooLarge();
		verifySignature(source, buf, header, nowMs);
		this.touch(source, nowMs);
		return this.acceptFrom(source, buf, req.headers, nowMs);
	}

	/**
	 * A body from a source already known to be genuine: the webhook after its token (and
	 * signature) checks, or the "send a test alert" button acting for an authorized user.
	 */
	async acceptFrom(source: SourceRow, buf: Buffer, headers: IngestRequest['headers'], nowMs: number): Promise<IngestResult> {
		const header = headerFn(headers);
		const contentType = (header('content-type') ?? 'application/json').slice(0, 200);
		const text = pgSafe(buf.toString('utf8'));
		let problem: DomainError | null = null;
		try {
			// Validation only: processing normalises again from the stored body.
			normalize(source.kind, parseBody(contentType, text));
		} catch (e) {
			problem = this.rejection(e);
		}
		const row: RawInsert = {
			id: randomUUID(),
			sourceId: source.id,
			receivedAt: new Date(nowMs),
			contentType,
			body: text,
			bodyHash: sha256(buf),
			headers: keptHeaders(headers),
			status: problem ? 'rejected' : 'received',
			error: problem ? pgSafe(problem.message).slice(0, 2000) : null,
			processedAt: problem ? new Date(nowMs) : null
		};
		const stored = await new Promise<IngestResult>((resolve, reject) => {
			this.accepts.push({ row, source, resolve, reject });
			this.schedulePump();
		});
		if (problem) throw new DomainError(problem.code, pgSafe(problem.message), problem.field);
		// Journal mode: journalGroup hands the alert to processing.
		if (this.autoProcess && !stored.duplicate && !this.journal) this.processor.enqueue(stored.alertId);
		return stored;
	}

	/**
	 * Group commit: requests that arrive while a group is being written wait for the next group,
	 * and every answer of a group waits for it to be durable. A group is one journal append (+ one
	 * fdatasync when the journal syncs) or one statement (on PGlite every statement and every
	 * BEGIN/COMMIT is a protocol round trip on the server's own thread).
	 */
	private schedulePump() {
		if (this.pumpScheduled || !this.accepts.length) return;
		this.pumpScheduled = true;
		// Let every request already readable join: setImmediate runs after the I/O phase. (A
		// PGlite statement runs synchronously on this thread; started from the first request's
		// microtasks, it would block the rest from being read and every group would be of one.)
		setImmediate(() => {
			this.pumpScheduled = false;
			if (this.storing || !this.accepts.length) return;
			const group = this.accepts.splice(0, ACCEPT_GROUP_MAX);
			this.storing = true;
			void (this.journal ? this.journalGroup(this.journal, group) : this.storeGroup(group)).finally(() => {
				this.storing = false;
				this.countStored(group.length);
				this.schedulePump();
			});
		});
	}

	/**
	 * Journal mode: a retried delivery seen lately answers with the first id (once that one is
	 * durable); the rest are one append (synced per the journal's mode), answered when durable,
	 * then queued for processing (rejected ones for loading).
	 */
	private async journalGroup(journal: AcceptJournal, group: PendingAccept[]): Promise<void> {
		const mine: PendingAccept[] = [];
		let settle!: (ok: boolean) => void;
		const stored = new Promise<boolean>((r) => (settle = r));
		const keys: string[] = [];
		for (const g of group) {
			if (g.row.status !== 'received') {
				mine.push(g);
				continue;
			}
			const k = `${g.row.sourceId}:${g.row.bodyHash}`;
			const seen = this.recent.get(k);
			if (seen && g.row.receivedAt.getTime() - seen.atMs < DUPLICATE_WINDOW_MS) {
				// A retry: answered with the first id once that one is durable.
				void seen.stored.then((ok) => (ok ? g.resolve({ alertId: seen.id, duplicate: true }) : g.reject(new Error('the first copy of this delivery could not be stored'))));
				continue;
			}
			this.recent.delete(k);
			this.recent.set(k, { id: g.row.id, atMs: g.row.receivedAt.getTime(), stored });
			keys.push(k);
			mine.push(g);
		}
		while (this.recent.size > RECENT_KEYS_MAX) this.recent.delete(this.recent.keys().next().value!);
		if (!mine.length) return settle(true);
		const rows = mine.map((g) => recordOf(g.row));
		const lines = rows.map(journalLine);
		try {
			const { segment, file, at, bytes } = await journal.appendLines(lines);
			for (const g of mine) g.resolve({ alertId: g.row.id, duplicate: false });
			settle(true);
			// Well-formed alerts go straight to processing, which writes their raw row with the
			// outcome; rejected ones (and everything when processing is off) are loaded as they are.
			const direct: FreshAlert[] = [];
			let room = this.freshInMemoryMax - this.processor.pending;
			mine.forEach((g, i) => {
				if (this.autoProcess && g.row.status === 'received') {
					const line = room-- > 0 ? lines[i] : { file, at: at[i], bytes: bytes[i] };
					direct.push(new FreshAlert(g.row.id, segment, line));
				} else this.toLoad.push({ row: rows[i], segment, source: g.source });
			});
			if (direct.length) this.processor.enqueueFresh(direct);
			if (this.toLoad.length) this.loading ??= this.loadJournaled();
		} catch (e) {
			for (const g of mine) g.reject(e);
			for (const k of keys) this.recent.delete(k);
			settle(false);
		}
	}

	/** Journal → raw_alerts, yielding to accepting like the processor; then queues the processing. */
	private async loadJournaled(): Promise<void> {
		try {
			while (this.toLoad.length) {
				const quiet = await this.acceptsQuiet(GATE_WAIT_MS);
				const group = this.toLoad.splice(0, quiet ? LOAD_GROUP_MAX : BATCH_BUSY_MAX);
				const load = (part: typeof group) =>
					this.db.transaction(async (tx) => {
						// Rows of this process, never loaded before: a plain set-based insert (COPY on PGlite).
						await insertRecords(
							tx,
							rawAlerts,
							part.map(({ row }) => rawRecord(row))
						);
						const rejected = part.filter((g) => g.row.status === 'rejected');
						await appendAlertEvents(
							tx,
							rejected.map((g) => this.rejectedAlertEvent(g.row, g.source))
						);
					});
				try {
					await load(group);
				} catch (e) {
					const dbUp = await this.db.execute(sql`select 1`).then(
						() => true,
						() => false
					);
					if (!dbUp) {
						// The rows are safe in the journal: try again shortly (and at the next boot at worst).
						console.error('[monitoring] loading accepted alerts failed, retrying:', e);
						this.toLoad.unshift(...group);
						await new Promise((r) => setTimeout(r, 1000));
						continue;
					}
					// The database works but refused the group: row by row, a refused row quarantined.
					for (const g of group) {
						await load([g]).catch((err: Error) => AcceptJournal.quarantine(this.journal!.dir, g.segment, journalLine(g.row), `refused by the database: ${err.message}`));
					}
				}
				this.journaledStored(group);
				if (this.autoProcess) for (const g of group) if (g.row.status === 'received') this.processor.enqueue(g.row.id);
			}
		} finally {
			this.loading = null;
		}
	}

	/** Journaled rows now in raw_alerts (through processing): their segments may go. */
	private journaledStored(items: { segment: string }[]) {
		const bySegment = new Map<string, number>();
		for (const x of items) bySegment.set(x.segment, (bySegment.get(x.segment) ?? 0) + 1);
		for (const [seg, n] of bySegment) this.journal?.loaded(seg, n);
	}

	/** The 'rejected' alert event of a malformed body. */
	private rejectedAlertEvent(row: JournalRow, source: Pick<SourceRow, 'id' | 'kind'>) {
		return this.processor.event({ id: row.id, receivedAt: new Date(row.received_at) }, source, null, 'rejected', null, null);
	}

	/** The same as an outbox row (for the statements that write the outbox themselves). */
	private rejectedEvent(row: JournalRow, source: Pick<SourceRow, 'id' | 'kind'>) {
		const e = this.rejectedAlertEvent(row, source);
		return { topic: ALERT_EVENTS_TOPIC, event_id: e.event_id, payload: e };
	}

	/** Boot replay: rows keyed by id (loading twice changes nothing); the events of the rows this call inserted. */
	private async loadRows(rows: JournalRow[], events: { topic: string; event_id: string; payload: unknown }[]): Promise<void> {
		await this.db.execute(sql`
			with incoming as (select * from json_populate_recordset(null::raw_alerts, ${JSON.stringify(rows)}::json)),
			stored as (
				insert into raw_alerts (id, source_id, received_at, content_type, body, body_hash, headers, status, error, processed_at)
				select id, source_id, received_at, content_type, body, body_hash, headers, status, error, processed_at from incoming
				on conflict (id) do nothing
				returning id
			)
			insert into outbox (topic, event_id, payload)
			select e.topic, e.event_id, e.payload from json_populate_recordset(null::outbox, ${JSON.stringify(events)}::json) e
			where (e.payload->>'alert_id')::uuid in (select id from stored)`);
	}

	/**
	 * Boot replay of one group. A group the database refuses is loaded row by row, and a row it
	 * still refuses alone is quarantined with the reason: one poison line (a lone surrogate in a
	 * 422's message, written by an older version) must not hold back the alerts behind it at every
	 * boot. If the database is down (a single row fails and so does `select 1`), the error stands:
	 * the segment stays for the next boot.
	 */
	private async recoverRows(file: string, rows: JournalRow[], sources: Map<string, { id: string; kind: string }>): Promise<void> {
		const eventsOf = (rs: JournalRow[]) => rs.filter((r) => r.status === 'rejected').map((r) => this.rejectedEvent(r, sources.get(r.source_id)!));
		try {
			return await this.loadRows(rows, eventsOf(rows));
		} catch (e) {
			if (rows.length === 1) {
				await this.db.execute(sql`select 1`); // throws when the database, not the row, is the problem
				AcceptJournal.quarantine(this.journal!.dir, file, journalLine(rows[0]), `refused by the database: ${(e as Error).message}`);
				return;
			}
		}
		for (const r of rows) await this.recoverRows(file, [r], sources);
	}

	/**
	 * Boot: rows a previous process journaled but did not load are loaded (keyed by id: twice is
	 * once), their files removed; then raw alerts still 'received' are processed.
	 */
	async recover(): Promise<number> {
		if (this.journal) {
			const leftovers = AcceptJournal.leftovers(this.journal.dir, this.journal.own);
			const sources = leftovers.length
				? new Map((await this.db.select({ id: monitoringSources.id, kind: monitoringSources.kind }).from(monitoringSources)).map((x) => [x.id, x]))
				: new Map<string, { id: string; kind: string }>();
			for (const { file, rows } of leftovers) {
				const known = rows.filter((r) => sources.has(r.source_id)).map(storable);
				for (let i = 0; i < known.length; i += LOAD_GROUP_MAX) await this.recoverRows(file, known.slice(i, i + LOAD_GROUP_MAX), sources);
				fs.rmSync(path.join(this.journal.dir, file), { force: true });
			}
		}
		return this.processor.recover();
	}

	/** Resolves when everything accepted is loaded and processed (tests, benchmarks, shutdown). */
	async idle(): Promise<void> {
		while (this.loading || this.storing || this.accepts.length) {
			await (this.loading ?? new Promise((r) => setTimeout(r, 5)));
		}
		await this.processor.idle();
	}

	/**
	 * One statement: the rows' earlier deliveries (same source, same bytes, received or processed,
	 * within DUPLICATE_WINDOW_MS) are looked up on the (source_id, body_hash) index, the rows with
	 * none are inserted, and the rejected rows' alert events go to the outbox, atomically. A
	 * retried delivery answers with the first one's id; so does a copy within the group.
	 */
	private async storeGroup(group: PendingAccept[]): Promise<void> {
		try {
			const results = await this.writeGroup(group);
			group.forEach((g, i) => g.resolve(results[i]));
		} catch (e) {
			for (const g of group) g.reject(e);
		}
	}

	private async writeGroup(group: PendingAccept[]): Promise<IngestResult[]> {
		const firstInGroup = new Map<string, string>();
		const copyOf: (string | null)[] = group.map((g) => {
			if (g.row.status !== 'received') return null;
			const k = `${g.row.sourceId}:${g.row.bodyHash}`;
			const first = firstInGroup.get(k);
			if (first) return first;
			firstInGroup.set(k, g.row.id);
			return null;
		});
		const rows = group.filter((_, i) => !copyOf[i]).map((g) => recordOf(g.row));
		const events = group.filter((g) => g.row.status === 'rejected').map((g) => this.rejectedEvent(recordOf(g.row), g.source));
		const res = await this.db.execute(sql`
			with incoming as (select * from json_populate_recordset(null::raw_alerts, ${JSON.stringify(rows)}::json)),
			earlier as (
				select distinct on (i.id) i.id as new_id, r.id as old_id
				from incoming i
				join raw_alerts r on r.source_id = i.source_id and r.body_hash = i.body_hash
				where i.status = 'received' and r.status in ('received', 'processed')
					and r.received_at > i.received_at - ${sql.raw(`interval '${DUPLICATE_WINDOW_MS} milliseconds'`)}
				order by i.id, r.received_at
			),
			stored as (
				insert into raw_alerts (id, source_id, received_at, content_type, body, body_hash, headers, status, error, processed_at)
				select id, source_id, received_at, content_type, body, body_hash, headers, status, error, processed_at
				from incoming i where not exists (select 1 from earlier e where e.new_id = i.id)
			),
			events as (
				insert into outbox (topic, event_id, payload)
				select topic, event_id, payload from json_populate_recordset(null::outbox, ${JSON.stringify(events)}::json)
			)
			-- Data-modifying CTEs run to completion whether or not they are read.
			select new_id::text, old_id::text from earlier`);
		const dupOf = new Map(rowsOf<{ new_id: string; old_id: string }>(res).map((r) => [r.new_id, r.old_id]));
		return group.map((g, i) => {
			const own = copyOf[i] ?? g.row.id;
			const old = dupOf.get(own);
			if (old) return { alertId: old, duplicate: true };
			return copyOf[i] ? { alertId: own, duplicate: true } : { alertId: own, duplicate: false };
		});
	}

	private countStored(n: number) {
		const half = ACCEPT_WINDOW_MS / 2;
		const bucket = Math.floor(performance.now() / half);
		if (bucket !== this.stored.atMs) {
			this.stored = { atMs: bucket, now: 0, before: bucket === this.stored.atMs + 1 ? this.stored.now : 0 };
		}
		this.stored.now += n;
	}

	/** True while webhooks are arriving faster than ACCEPT_BUSY_RATE/s or waiting to be stored. */
	acceptsBusy(): boolean {
		if (this.storing || this.accepts.length) return true;
		this.countStored(0);
		return this.stored.now + this.stored.before > (ACCEPT_BUSY_RATE * ACCEPT_WINDOW_MS) / 1000;
	}

	/** Resolves true once accepting is not busy, or false after maxWaitMs of a flood: processing yields to it. */
	async acceptsQuiet(maxWaitMs: number): Promise<boolean> {
		const t0 = performance.now();
		while (this.acceptsBusy()) {
			if (performance.now() - t0 >= maxWaitMs) return false;
			await new Promise((r) => setTimeout(r, 10));
		}
		return true;
	}

	private rejection(e: unknown): DomainError {
		if (isDomainError(e)) return e as DomainError;
		if (e instanceof NormalizeError || (e as Error)?.name === 'NormalizeError') {
			const ne = e as NormalizeError;
			if (ne.problem === 'too_large') return new DomainError('TOO_LARGE', ne.message, ne.field);
			// A message may quote a 1 MiB value: the answer and the stored error keep its start.
			return unprocessable(ne.message.length > 1000 ? `${ne.message.slice(0, 1000)}…` : ne.message, ne.field);
		}
		return unprocessable(`body could not be read: ${(e as Error)?.message ?? String(e)}`, 'body');
	}

	/** last_seen_at is informative: written at most every 10 s per source, not awaited. */
	private touch(source: SourceRow, nowMs: number) {
		const last = this.lastSeen.get(source.id) ?? 0;
		if (nowMs - last < 10_000) return;
		this.lastSeen.set(source.id, nowMs);
		this.db
			.update(monitoringSources)
			.set({ lastSeenAt: new Date(nowMs) })
			.where(eq(monitoringSources.id, source.id))
			.catch(() => {});
	}
}

/** Reads a request body, refusing (413) past the limit without buffering the rest. */
export async function readBodyCapped(request: Request, max: number): Promise<Buffer> {
	if (!request.body) return Buffer.alloc(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let n = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		n += value.length;
		if (n > max) {
			await reader.cancel().catch(() => {});
			throw new DomainError('TOO_LARGE', `Body exceeds ${max} bytes`, 'body');
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks);
}
