/**
 * The webhook verb: authenticate the source, check rate and size, verify the signature, store the
 * raw request durably, answer 202 { alertId }, and queue the processing right after. A malformed
 * body is stored too (status 'rejected', one 'rejected' alert event) and answered 422 naming what
 * is wrong. Nothing here answers 5xx for anything a sender can put in a request.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { rawAlerts, monitoringSources } from '../../../../schemas/postgres/index';
import { isKind, normalize, NormalizeError } from '../../../../ingest/normalize/index';
import { rowsOf, type Db } from '../db/index';
import { DomainError, isDomainError, notFound, unprocessable } from '../errors';
import { sha256 } from '../rbac/password';
import { AlertProcessor, DUPLICATE_WINDOW_MS, type ProcessorOptions } from './process';
import { parseBody, pgSafe } from './parse';
import { authenticateSource, RateLimiter, SourceCache, verifySignature, type SourceRow } from './sources';
import { ALERT_EVENTS_TOPIC } from './events';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Requests stored per group commit, at most. */
export const ACCEPT_GROUP_MAX = 500;
/**
 * Accepting counts as busy while requests wait to be stored or while more than ACCEPT_BUSY_RATE
 * per second were stored over the last ACCEPT_WINDOW_MS (processing waits for a lull).
 */
export const ACCEPT_WINDOW_MS = 200;
export const ACCEPT_BUSY_RATE = 100;

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
	/** Group commits in flight at once (1 on PGlite's single connection; a few on a PostgreSQL pool). */
	acceptGroups?: number;
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
	private lastSeen = new Map<string, number>();
	private accepts: PendingAccept[] = [];
	private groupsInFlight = 0;
	private pumpScheduled = false;
	readonly acceptGroups: number;
	/** Well-formed rows of groups being written, by source and body hash: a copy arriving meanwhile waits for that group. */
	private inflight = new Map<string, { id: string; stored: Promise<boolean> }>();
	/** Requests stored in the current and the previous half-window (busy detection). */
	private stored = { atMs: 0, now: 0, before: 0 };

	constructor(
		readonly db: Db,
		opts: IngestOptions = {}
	) {
		this.processor = new AlertProcessor(db, { ...opts, gate: opts.gate ?? ((ms) => this.acceptsQuiet(ms)) });
		this.acceptGroups = Math.max(1, opts.acceptGroups ?? 1);
		this.maxBodyBytes = opts.maxBodyBytes ?? MAX_BODY_BYTES;
		this.autoProcess = opts.autoProcess ?? true;
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

		const contentType = (header('content-type') ?? 'application/json').slice(0, 200);
		const text = pgSafe(buf.toString('utf8'));
		let problem: DomainError | null = null;
		try {
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
			bodyHash: sha256(buf.toString('utf8')),
			headers: keptHeaders(req.headers),
			status: problem ? 'rejected' : 'received',
			error: problem ? pgSafe(problem.message).slice(0, 2000) : null,
			processedAt: problem ? new Date(nowMs) : null
		};
		const stored = await new Promise<IngestResult>((resolve, reject) => {
			this.accepts.push({ row, source, resolve, reject });
			this.schedulePump();
		});
		if (problem) throw new DomainError(problem.code, pgSafe(problem.message), problem.field);
		if (this.autoProcess && !stored.duplicate) this.processor.enqueue(stored.alertId);
		return stored;
	}

	/**
	 * Group commit: requests that arrive while a group is being written wait for the next group,
	 * and each group is one statement (on PGlite every statement and every BEGIN/COMMIT is a
	 * protocol round trip on the server's own thread). The answer of every request in a group
	 * waits for its commit.
	 */
	private schedulePump() {
		if (this.pumpScheduled || !this.accepts.length) return;
		this.pumpScheduled = true;
		// Let every request already readable join: setImmediate runs after the I/O phase. (A
		// PGlite statement runs synchronously on this thread; started from the first request's
		// microtasks, it would block the rest from being read and every group would be of one.)
		setImmediate(() => {
			this.pumpScheduled = false;
			while (this.groupsInFlight < this.acceptGroups && this.accepts.length) {
				const group = this.accepts.splice(0, ACCEPT_GROUP_MAX);
				this.groupsInFlight++;
				void this.storeGroup(group).finally(() => {
					this.groupsInFlight--;
					this.countStored(group.length);
					this.schedulePump();
				});
			}
		});
	}

	/**
	 * One statement: the rows' earlier deliveries (same source, same bytes, received or processed,
	 * within DUPLICATE_WINDOW_MS) are looked up on the (source_id, body_hash) index, the rows with
	 * none are inserted, and the rejected rows' alert events go to the outbox, atomically. A
	 * retried delivery answers with the first one's id; so does a copy within the group.
	 */
	private async storeGroup(group: PendingAccept[]): Promise<void> {
		// Copies of a row another group is writing: answered once that group is stored.
		const mine: PendingAccept[] = [];
		for (const g of group) {
			const other = g.row.status === 'received' ? this.inflight.get(`${g.row.sourceId}:${g.row.bodyHash}`) : undefined;
			if (!other) mine.push(g);
			else void other.stored.then((ok) => (ok ? g.resolve({ alertId: other.id, duplicate: true }) : g.reject(new Error('the first copy of this delivery could not be stored'))));
		}
		if (!mine.length) return;
		let settle!: (ok: boolean) => void;
		const stored = new Promise<boolean>((r) => (settle = r));
		const keys: string[] = [];
		for (const g of mine) {
			if (g.row.status !== 'received') continue;
			const k = `${g.row.sourceId}:${g.row.bodyHash}`;
			if (!this.inflight.has(k)) {
				this.inflight.set(k, { id: g.row.id, stored });
				keys.push(k);
			}
		}
		try {
			const results = await this.writeGroup(mine);
			mine.forEach((g, i) => g.resolve(results[i]));
			settle(true);
		} catch (e) {
			for (const g of mine) g.reject(e);
			settle(false);
		} finally {
			for (const k of keys) this.inflight.delete(k);
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
		const rows = group.filter((_, i) => !copyOf[i]).map((g) => ({
			id: g.row.id,
			source_id: g.row.sourceId,
			received_at: g.row.receivedAt.toISOString(),
			content_type: g.row.contentType,
			body: g.row.body,
			body_hash: g.row.bodyHash,
			headers: g.row.headers,
			status: g.row.status,
			error: g.row.error ?? null,
			processed_at: g.row.processedAt ? g.row.processedAt.toISOString() : null
		}));
		const events = group
			.filter((g) => g.row.status === 'rejected')
			.map((g) => {
				const e = this.processor.event({ id: g.row.id, receivedAt: g.row.receivedAt }, g.source, null, 'rejected', null, null);
				return { topic: ALERT_EVENTS_TOPIC, event_id: e.event_id, payload: e };
			});
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
		if (this.groupsInFlight || this.accepts.length) return true;
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
			return unprocessable(ne.message, ne.field);
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
