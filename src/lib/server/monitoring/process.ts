/**
 * Raw alerts → tickets, in batches: up to BATCH_MAX queued alerts (or BATCH_MS of one-by-one work)
 * per transaction, in arrival order. A batch claims its stored rows in one statement (skip locked,
 * so a recovery pass and the live queue never both process one) or takes journaled alerts that
 * are not stored yet (their row is inserted settled at the end), normalises, gathers the first
 * opens of service problems and writes them set-based (openMany), applies every other alert alone
 * (problem locked by its dedup key) after the gathered opens, then writes one alert_events outbox
 * row per alert and settles the raw rows, all at once. Idempotency:
 *  - a retried delivery (same source, same body sha256, within DUPLICATE_WINDOW_MS) is a no-op;
 *  - a re-sent ack/resolve/flap/update already applied to the problem (same fingerprint) is a no-op;
 *  - repeats of an open problem bump repeat_count (a note only when the severity changes).
 * A batch is all-or-nothing: if anything in it throws, it rolls back and its alerts are redone one
 * transaction each (process()), so a failing alert is marked 'failed' alone and every outcome is
 * what one-at-a-time processing gives (test/integration/monitoring/batch.test.ts). Between
 * batches the queue yields to the event loop, and to accepting while webhooks flood in (gate).
 */
import { and, desc, eq, inArray, isNull, sql, or } from 'drizzle-orm';
import { alertProblems, groups, monitoringDowntimes, monitoringSources, rawAlerts, tickets } from '../../../../schemas/postgres/index';
import { normalize, type NormalizedAlert } from '../../../../ingest/normalize/index';
import { insertRecords, type Db } from '../db/index';
import { readJournalLine, type JournalRow } from './journal';
import { isDomainError } from '../errors';
import { systemActor, type Actor } from '../rbac/actor';
import { createTickets, actOnTicket, OPEN_STATUSES } from '../tickets/service';
import { loadSlaConfig, type SlaConfig } from '../tickets/slaConfig';
import type { Status } from '../../../../schemas/events';
import { ciMany, maintenanceMany, noCi, sourceDowntimes, type CiResolver, type MaintenanceChecker, type CiMatch } from './cmdb';
import { alertEvent, appendAlertEvents, type AlertEventRow, type Outcome } from './events';
import { parseBody, pgSafe, pgSafeDeep } from './parse';
import { categoryFor, isHealthyState, priorityFor, titleFor } from './rules';
import type { SourceRow } from './sources';
import { createHash } from 'node:crypto';

export const DUPLICATE_WINDOW_MS = 24 * 3600_000;
/** Queued alerts per processing transaction, and the work time after which a batch commits early. */
export const BATCH_MAX = 500;
export const BATCH_MS = 100;
/** While webhooks keep arriving: processing waits up to GATE_WAIT_MS for a gap, then runs a batch of at most BATCH_BUSY_MAX. */
export const GATE_WAIT_MS = 2000;
export const BATCH_BUSY_MAX = 25;
/**
 * A backlog older than this stops yielding: once alerts have waited this long, batches run at
 * full size between accepts (a flood longer than this shares the thread instead of holding
 * tickets back until it ends).
 */
export const HOLD_MAX_MS = 30_000;

type ProblemRow = typeof alertProblems.$inferSelect;
type RawRow = typeof rawAlerts.$inferSelect;
/** What processing reads of a raw row (not its headers or earlier outcomes). */
type ClaimedRow = Pick<RawRow, 'id' | 'sourceId' | 'receivedAt' | 'contentType' | 'body' | 'status'>;

/** A journal row as raw_alerts properties. */
export function rawRecord(r: JournalRow) {
	return {
		id: r.id,
		sourceId: r.source_id,
		receivedAt: new Date(r.received_at),
		contentType: r.content_type,
		body: r.body,
		bodyHash: r.body_hash,
		headers: r.headers,
		status: r.status,
		outcomes: null as unknown,
		error: r.error,
		processedAt: r.processed_at ? new Date(r.processed_at) : null
	};
}

/** A batch in flight (concurrency > 1): the problem and host keys it touches, known once normalised. */
interface Flight {
	keys: Set<string> | null;
	registered: Deferred;
	done: Deferred;
}
interface Deferred {
	promise: Promise<void>;
	resolve: () => void;
}
function deferred(): Deferred {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
}

/** A first open gathered for openMany; its outcome is written into slot when the group is written. */
interface PendingOpen {
	src: SourceRow;
	a: NormalizedAlert;
	key: string;
	atMs: number;
	slot: { o?: AlertOutcome };
}

export interface ProcessorOptions {
	ci?: CiResolver;
	maintenance?: MaintenanceChecker;
	/** Called after each raw alert is settled (tests, metrics). */
	onSettled?: (id: string, status: string) => void;
	/** false: every alert applied alone, no gathered opens (the reference the set-based path is tested against). */
	setBased?: boolean;
	/**
	 * Accepting comes first: called before each batch, resolves true once accepting is quiet or
	 * false after maxWaitMs of a sustained flood (then a small batch runs anyway, so processing
	 * keeps a share and never starves).
	 */
	gate?: (maxWaitMs: number) => Promise<boolean>;
	/**
	 * Batches in flight at once (default 1). On a PostgreSQL pool, 2 overlaps one batch's SQL with
	 * the other's JavaScript; a batch waits for any earlier batch touching the same problem or host
	 * (Flight), so outcomes stay those of one-at-a-time processing.
	 */
	concurrency?: number;
	/** Raw alerts per batch when accepting is quiet (default BATCH_MAX; tests use small ones). */
	batchMax?: number;
	/** Backlog age after which processing stops yielding to accepting (default HOLD_MAX_MS). */
	holdMaxMs?: number;
	/** Work time after which a batch hands the rest back (default BATCH_MS; tests use 0). Not with concurrency > 1. */
	batchMs?: number;
	/** Journaled alerts now in raw_alerts (committed with their processing): the journal may drop them. */
	onFreshStored?: (items: FreshAlert[]) => void;
}

/**
 * An accepted alert still only in the journal: processing inserts its raw row already settled.
 * Held as its journal line, one flat string (a flood queues them by the hundred thousand, and a
 * string costs the garbage collector far less than the row object and its normalised alerts),
 * or, past the ingest's in-memory bound, only as the place of that line in the journal file
 * (read back when processed); decoded and normalised again when processed.
 */
export class FreshAlert {
	private decoded?: JournalRow;
	constructor(
		readonly id: string,
		readonly segment: string,
		private readonly line: string | { file: string; at: number; bytes: number }
	) {}
	get inMemory(): boolean {
		return typeof this.line === 'string';
	}
	get row(): JournalRow {
		const l = this.line;
		return (this.decoded ??= JSON.parse(typeof l === 'string' ? l : readJournalLine(l.file, l.at, l.bytes)) as JournalRow);
	}
}
type Item = string | FreshAlert;
const itemId = (x: Item) => (typeof x === 'string' ? x : x.id);
const hostKey = (sourceId: string, host: string) => `${sourceId}\n${host}`;

export interface AlertOutcome {
	dedupKey: string;
	action: string;
	outcome: Outcome;
	ticketId: string | null;
	reason?: string;
	ciId?: string | null;
}

const isOpenStatus = (s: string) => OPEN_STATUSES.includes(s as Status);

function fingerprint(a: NormalizedAlert): string {
	return createHash('sha256').update(JSON.stringify([a.action, a.state, a.severity, a.author ?? '', a.comment ?? '', a.text])).digest('hex').slice(0, 32);
}

export class AlertProcessor {
	readonly actor: Actor = systemActor('monitoring');
	readonly ci: CiResolver;
	readonly maintenance: MaintenanceChecker;
	private queue: Item[] = [];
	private onFreshStored?: ProcessorOptions['onFreshStored'];
	private workers = new Set<Promise<void>>();
	/** Batches in flight, in the order they started (concurrent batches keep per-problem order). */
	private flights: Flight[] = [];
	private concurrency: number;
	private batchMax: number;
	private batchMs: number;
	private onSettled?: ProcessorOptions['onSettled'];
	private setBased: boolean;
	private gate?: ProcessorOptions['gate'];
	private holdMaxMs: number;
	/** When the queue last went from empty to not empty (null while empty): the backlog's age. */
	private backlogSince: number | null = null;
	/** SLA config from the root handle (cached there, invalidated on edits); set before each transaction. */
	private sla: SlaConfig | undefined;

	constructor(
		readonly db: Db,
		opts: ProcessorOptions = {}
	) {
		this.ci = opts.ci ?? noCi;
		this.maintenance = opts.maintenance ?? sourceDowntimes;
		this.onSettled = opts.onSettled;
		this.setBased = opts.setBased ?? true;
		this.gate = opts.gate;
		this.concurrency = Math.max(1, opts.concurrency ?? 1);
		this.batchMax = Math.max(1, opts.batchMax ?? BATCH_MAX);
		this.batchMs = Math.max(0, opts.batchMs ?? BATCH_MS);
		this.onFreshStored = opts.onFreshStored;
		this.holdMaxMs = Math.max(0, opts.holdMaxMs ?? HOLD_MAX_MS);
	}

	/** Queue a stored raw alert for processing right after the answer (in-process, in order). */
	enqueue(id: string): void {
		this.backlogSince ??= performance.now();
		this.queue.push(id);
		this.startWorkers();
	}

	/** Queue journaled alerts that are not in raw_alerts yet (their row is written with the outcome). */
	enqueueFresh(items: FreshAlert[]): void {
		if (items.length) this.backlogSince ??= performance.now();
		for (const x of items) this.queue.push(x);
		this.startWorkers();
	}

	private startWorkers() {
		while (this.workers.size < this.concurrency && this.workers.size < this.queue.length) {
			const w: Promise<void> = this.pump().finally(() => this.workers.delete(w));
			this.workers.add(w);
		}
	}

	private async pump(): Promise<void> {
		await Promise.resolve();
		while (this.queue.length) {
			const since = this.backlogSince ?? performance.now();
			const overdue = performance.now() - since >= this.holdMaxMs;
			const quiet = overdue || !this.gate ? true : await this.gate(GATE_WAIT_MS);
			const batch = this.queue.splice(0, quiet ? this.batchMax : Math.min(this.batchMax, BATCH_BUSY_MAX));
			if (!this.queue.length) this.backlogSince = null;
			if (!batch.length) break;
			const rest = await this.processBatch(batch);
			if (rest.length) {
				this.backlogSince = since; // handed back: as old as when they were taken
				this.queue.unshift(...rest);
			}
			// Let accepts queued on the same connection (PGlite) in between transactions.
			if (this.queue.length) await new Promise((r) => setImmediate(r));
		}
	}

	/** Resolves when the queue is empty (tests, benchmarks, shutdown). */
	async idle(): Promise<void> {
		while (this.workers.size) await Promise.all([...this.workers]);
	}

	get pending(): number {
		return this.queue.length;
	}

	/** Start-up pass: raw alerts still 'received' (the process died before processing them). */
	async recover(limit = 100_000): Promise<number> {
		const rows = await this.db
			.select({ id: rawAlerts.id })
			.from(rawAlerts)
			.where(eq(rawAlerts.status, 'received'))
			.orderBy(rawAlerts.receivedAt)
			.limit(limit);
		for (const r of rows) this.enqueue(r.id);
		await this.idle();
		return rows.length;
	}

	/**
	 * Processes queued alerts in order in one transaction; returns the ids it did not get to (the
	 * work-time bound). Never throws: on any error the batch rolls back and each alert is redone
	 * alone by process().
	 */
	private async processBatch(ids: Item[]): Promise<Item[]> {
		const flight: Flight = { keys: null, registered: deferred(), done: deferred() };
		const earlier = [...this.flights];
		this.flights.push(flight);
		try {
			let done: [string, string][] = [];
			let rest: Item[] = [];
			try {
				this.sla = await loadSlaConfig(this.db);
				await this.db.transaction(async (tx) => {
					({ done, rest } = await this.runBatch(tx, ids, { flight, earlier }));
				});
				this.freshStored(ids, rest);
			} catch {
				// Nothing of the batch is committed: redo it one alert per transaction (failures recorded
				// there), after the batches started before it.
				flight.registered.resolve();
				for (const e of earlier) await e.done.promise;
				for (const id of ids) await this.process(id);
				return [];
			}
			for (const [id, status] of done) this.onSettled?.(id, status);
			return rest;
		} finally {
			flight.registered.resolve();
			flight.done.resolve();
			this.flights.splice(this.flights.indexOf(flight), 1);
		}
	}

	/** Journaled items of a committed batch (all but the ones handed back) are in raw_alerts now. */
	private freshStored(items: Item[], rest: Item[] = []) {
		const back = new Set(rest);
		const fresh = items.filter((x): x is FreshAlert => typeof x !== 'string' && !back.has(x));
		if (fresh.length) this.onFreshStored?.(fresh);
	}

	/** Processes one raw alert; never throws (a failure is recorded on the row as 'failed'). */
	async process(item: Item): Promise<string> {
		const id = itemId(item);
		let status = 'skipped';
		try {
			this.sla = await loadSlaConfig(this.db);
			status = await this.db.transaction(async (tx) => (await this.runBatch(tx, [item])).done[0]?.[1] ?? 'skipped');
			this.freshStored([item]);
		} catch (e) {
			status = 'failed';
			const msg = pgSafe(e instanceof Error ? e.message : String(e)).slice(0, 2000);
			console.error(`[monitoring] raw alert ${id} failed:`, e);
			try {
				if (typeof item === 'string') {
					await this.db
						.update(rawAlerts)
						.set({ status: 'failed', error: msg, processedAt: new Date() })
						.where(and(eq(rawAlerts.id, id), eq(rawAlerts.status, 'received')));
				} else {
					// Kept for inspection and replay; if even this fails, the journal still has it (next boot).
					await insertRecords(this.db, rawAlerts, [{ ...rawRecord(item.row), status: 'failed', error: msg, processedAt: new Date() }]);
					this.freshStored([item]);
				}
			} catch {
				/* recorded in the log above */
			}
		}
		this.onSettled?.(id, status);
		return status;
	}

	/**
	 * One transaction's work, set-based where it can be: claim every raw row in one statement (skip
	 * locked, with the duplicate-delivery check), read their sources in one, normalise, and apply
	 * the alerts in order. Opens of problems never seen before (the bulk of a storm) are gathered
	 * and written together (openMany: a few statements for hundreds of tickets); any other alert is
	 * applied alone after the gathered opens are written, so the order of effects is the order of
	 * arrival. Alert events and raw-row settlements are written once at the end.
	 */
	private async runBatch(tx: Db, items: Item[], order?: { flight: Flight; earlier: Flight[] }): Promise<{ done: [string, string][]; rest: Item[] }> {
		const t0 = performance.now();
		const ids = items.filter((x): x is string => typeof x === 'string');
		const freshRows = new Map(items.filter((x): x is FreshAlert => typeof x !== 'string').map((x) => [x.id, x]));
		const fromDb = !ids.length
			? []
			: await tx
			.select({
				raw: { id: rawAlerts.id, sourceId: rawAlerts.sourceId, receivedAt: rawAlerts.receivedAt, contentType: rawAlerts.contentType, body: rawAlerts.body, status: rawAlerts.status },
				dup: sql<string | null>`(select d.id from raw_alerts d where d.source_id = ${rawAlerts.sourceId} and d.body_hash = ${rawAlerts.bodyHash} and d.status = 'processed' and d.id <> ${rawAlerts.id} and d.received_at > ${rawAlerts.receivedAt} - ${sql.raw(`interval '${DUPLICATE_WINDOW_MS} milliseconds'`)} limit 1)`
			})
			.from(rawAlerts)
					.where(and(inArray(rawAlerts.id, ids), eq(rawAlerts.status, 'received')))
					.for('update', { skipLocked: true });
		const claimed = [...fromDb, ...(await this.freshClaims(tx, [...freshRows.values()]))];
		const position = new Map(items.map((x, i) => [itemId(x), i]));
		claimed.sort((a, b) => position.get(a.raw.id)! - position.get(b.raw.id)!);
		const claimedIds = new Set(claimed.map((c) => c.raw.id));
		const done: [string, string][] = ids.filter((id) => !claimedIds.has(id)).map((id) => [id, 'skipped']);
		const rest: Item[] = [];
		const sources = await this.sourcesOf(tx, claimed.map((c) => c.raw.sourceId));

		// Normalise everything first: the problems the opens name are then looked up in one query.
		const work = claimed.map(({ raw, dup }) => {
			const source = sources.get(raw.sourceId)!;
			if (dup) return { raw, source, dup, alerts: null, error: null };
			try {
				return { raw, source, dup, alerts: pgSafeDeep(normalize(source.kind, parseBody(raw.contentType, raw.body))), error: null };
			} catch (e) {
				return { raw, source, dup, alerts: null, error: pgSafe(e instanceof Error ? e.message : String(e)).slice(0, 2000) };
			}
		});
		if (order) {
			// Concurrent batches: wait for any batch started earlier that touches the same problems or hosts.
			const keys = new Set(work.flatMap((w) => (w.alerts ?? []).flatMap((a) => [`${w.source.id}:${a.dedupKey}`, hostKey(w.source.id, a.host)])));
			order.flight.keys = keys;
			order.flight.registered.resolve();
			for (const e of order.earlier) {
				await e.registered.promise;
				if (!e.keys || [...keys].some((k) => e.keys!.has(k))) await e.done.promise;
			}
		}
		const openKeys = work.flatMap((w) => (w.alerts ?? []).filter((a) => a.action === 'open' && !a.ignored).map((a) => `${w.source.id}:${a.dedupKey}`));
		const known = new Set<string>();
		if (openKeys.length) {
			const rows = await tx
				.select({ key: alertProblems.dedupKey })
				.from(alertProblems)
				.where(and(inArray(alertProblems.sourceId, [...sources.keys()]), inArray(alertProblems.dedupKey, [...new Set(openKeys)])));
			for (const r of rows) known.add(r.key);
		}

		const pending: PendingOpen[] = [];
		const flush = async () => {
			if (!pending.length) return;
			await this.openMany(tx, pending.splice(0));
		};
		const events: { raw: ClaimedRow; source: SourceRow; a: NormalizedAlert | null; slot: { o?: AlertOutcome } }[] = [];
		const settles: { raw: ClaimedRow; status: string; outcomes: { o?: AlertOutcome }[]; error: string | null }[] = [];
		for (let i = 0; i < work.length; i++) {
			// The work-time bound: the rest of the claimed rows go back to the queue (unlocked at commit).
			// Only with one batch at a time: a batch started meanwhile would otherwise run before them.
			if (i > 0 && this.concurrency === 1 && performance.now() - t0 > this.batchMs) {
				rest.push(...work.slice(i).map((w) => freshRows.get(w.raw.id) ?? w.raw.id));
				break;
			}
			const { raw, source, dup, alerts, error } = work[i];
			if (dup) {
				settles.push({ raw, status: 'processed', outcomes: [], error: `duplicate delivery of ${dup}` });
				done.push([raw.id, 'duplicate']);
				continue;
			}
			if (!alerts) {
				events.push({ raw, source, a: null, slot: { o: { dedupKey: '', action: '', outcome: 'rejected', ticketId: null } } });
				settles.push({ raw, status: 'rejected', outcomes: [], error });
				done.push([raw.id, 'rejected']);
				continue;
			}
			const atMs = raw.receivedAt.getTime();
			const outcomes: { o?: AlertOutcome }[] = [];
			for (const a of alerts) {
				const key = `${source.id}:${a.dedupKey}`;
				const slot: { o?: AlertOutcome } = {};
				// A first open of a service problem: gathered (host problems adopt children, so alone).
				if (this.setBased && a.action === 'open' && !a.ignored && a.service !== null && !known.has(key)) {
					pending.push({ src: source, a, key, atMs, slot });
				} else {
					await flush();
					slot.o = await this.apply(tx, source, a, atMs);
				}
				known.add(key);
				outcomes.push(slot);
				events.push({ raw, source, a, slot });
			}
			settles.push({ raw, status: 'processed', outcomes, error: null });
			done.push([raw.id, 'processed']);
		}
		await flush();
		await appendAlertEvents(
			tx,
			events.map(({ raw, source, a, slot }) => this.event(raw, source, a, slot.o!.outcome, slot.o!.ticketId, slot.o!.ciId ?? null))
		);
		const now = new Date();
		// Journaled alerts: their raw row is written once, already settled.
		const inserts = settles.filter((x) => freshRows.has(x.raw.id));
		await insertRecords(
			tx,
			rawAlerts,
			inserts.map((x) => ({ ...rawRecord(freshRows.get(x.raw.id)!.row), status: x.status, outcomes: x.outcomes.map((s) => s.o!), error: x.error, processedAt: now }))
		);
		const updates = settles.filter((x) => !freshRows.has(x.raw.id));
		if (updates.length) {
			const rows = updates.map((x) => ({ id: x.raw.id, status: x.status, outcomes: x.outcomes.map((s) => s.o!), error: x.error, processed_at: now.toISOString() }));
			await tx.execute(sql`update raw_alerts r set status = x.status, outcomes = x.outcomes, error = x.error, processed_at = x.processed_at
				from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, status text, outcomes jsonb, error text, processed_at timestamptz)
				where r.id = x.id`);
		}
		return { done, rest };
	}

	/**
	 * Journaled alerts as claimed rows: nobody else can hold them (they are not in raw_alerts), and
	 * the duplicate check is the claim's: an earlier processed delivery of the same bytes.
	 */
	private async freshClaims(tx: Db, fresh: FreshAlert[]): Promise<{ raw: ClaimedRow; dup: string | null }[]> {
		if (!fresh.length) return [];
		const earlier = await tx
			.select({ id: rawAlerts.id, sourceId: rawAlerts.sourceId, bodyHash: rawAlerts.bodyHash, status: rawAlerts.status, receivedAt: rawAlerts.receivedAt })
			.from(rawAlerts)
			.where(and(inArray(rawAlerts.sourceId, [...new Set(fresh.map((f) => f.row.source_id))]), inArray(rawAlerts.bodyHash, [...new Set(fresh.map((f) => f.row.body_hash))])));
		return fresh.map(({ row }) => {
			const at = new Date(row.received_at);
			const dup = earlier.find((e) => e.status === 'processed' && e.sourceId === row.source_id && e.bodyHash === row.body_hash && e.receivedAt.getTime() > at.getTime() - DUPLICATE_WINDOW_MS);
			return { raw: { id: row.id, sourceId: row.source_id, receivedAt: at, contentType: row.content_type, body: row.body, status: 'received' }, dup: dup?.id ?? null };
		});
	}

	/** Source rows by id, one query per batch (read fresh: a token rotation or a new priority map applies at once). */
	private async sourcesOf(tx: Db, ids: string[]): Promise<Map<string, SourceRow>> {
		const want = [...new Set(ids)];
		const rows = want.length ? await tx.select().from(monitoringSources).where(inArray(monitoringSources.id, want)) : [];
		return new Map(rows.map((r) => [r.id, r]));
	}

	/**
	 * First opens of service problems, together: CIs, maintenance and host-down parents in one query
	 * each, one createTickets for all, one insert of the problem rows. A problem another processor
	 * created meanwhile (unique key hit) fails the batch, which is then redone one alert at a time.
	 */
	private async openMany(tx: Db, items: PendingOpen[]) {
		const cis = await ciMany(this.ci, tx, items.map((p) => (p.a.identities.length ? p.a.identities : [p.a.host])));
		const maint = await maintenanceMany(
			this.maintenance,
			tx,
			items.map((p, i) => ({ ciId: cis[i]?.id ?? null, host: p.a.host, atMs: p.atMs, scope: { sourceId: p.src.id, service: p.a.service } }))
		);
		const parents = await this.hostDownTickets(tx, items);
		const groupIds = items.map((p, i) => cis[i]?.ownerGroupId ?? p.src.defaultGroupId ?? null);
		const tiers = await this.tiersOf(tx, groupIds);
		const toOpen = items.map((_, i) => i).filter((i) => !maint[i]);
		const created = await createTickets(
			{ db: tx, actor: this.actor },
			toOpen.map((i) => ({
				input: this.ticketInput(items[i].src, items[i].a, cis[i], groupIds[i], tiers.get(groupIds[i] ?? '') ?? 'L1', parents.get(hostKey(items[i].src.id, items[i].a.host)) ?? null),
				nowMs: items[i].atMs
			})),
			{ slaConfig: this.sla, inTransaction: true }
		);
		const ticketOf = new Map(toOpen.map((i, k) => [i, created[k].ticket.id]));
		const rows = items.map((p, i) => {
			const at = new Date(p.atMs);
			const ticketId = ticketOf.get(i) ?? null;
			return {
				sourceId: p.src.id,
				dedupKey: p.key,
				host: p.a.host,
				service: p.a.service,
				ticketId,
				parentTicketId: ticketId ? (parents.get(hostKey(p.src.id, p.a.host)) ?? null) : null,
				ciId: cis[i]?.id ?? null,
				state: 'open',
				severity: p.a.severity,
				flapping: false,
				lastApplied: fingerprint(p.a),
				firstAlertAt: at,
				lastAlertAt: at,
				repeatCount: 0,
				resolvedAt: null
			};
		});
		// A problem another processor opened meanwhile hits the unique key: the batch fails and is
		// redone one alert at a time.
		await insertRecords(tx, alertProblems, rows);
		items.forEach((p, i) => {
			const ci = cis[i]?.id ?? null;
			const t = ticketOf.get(i);
			p.slot.o = {
				dedupKey: p.key,
				action: p.a.action,
				...(t ? { outcome: 'opened' as const, ticketId: t } : { outcome: 'suppressed' as const, ticketId: null, reason: 'in maintenance' }),
				...(ci ? { ciId: ci } : {})
			};
		});
	}

	/**
	 * Host-down grouping: the open ticket of each host's open host-check problem (service null), by
	 * hostKey; a service problem opened on such a host goes under it. One query for all.
	 */
	private async hostDownTickets(tx: Db, alerts: { src: Pick<SourceRow, 'id'>; a: Pick<NormalizedAlert, 'host'> }[]): Promise<Map<string, string>> {
		const rows = await tx
			.select({ sourceId: alertProblems.sourceId, host: alertProblems.host, ticketId: alertProblems.ticketId })
			.from(alertProblems)
			.innerJoin(tickets, eq(tickets.id, alertProblems.ticketId))
			.where(
				and(
					inArray(alertProblems.sourceId, [...new Set(alerts.map((x) => x.src.id))]),
					inArray(alertProblems.host, [...new Set(alerts.map((x) => x.a.host))]),
					isNull(alertProblems.service),
					eq(alertProblems.state, 'open'),
					inArray(tickets.status, OPEN_STATUSES as Status[])
				)
			);
		const out = new Map<string, string>();
		for (const r of rows) {
			const k = hostKey(r.sourceId, r.host);
			if (!out.has(k)) out.set(k, r.ticketId!);
		}
		return out;
	}

	/** Tier of each routing group (the caller defaults to L1), one query for all. */
	private async tiersOf(tx: Db, groupIds: (string | null)[]): Promise<Map<string, string>> {
		const want = [...new Set(groupIds.filter((g): g is string => !!g))];
		const rows = want.length ? await tx.select({ id: groups.id, tier: groups.tier }).from(groups).where(inArray(groups.id, want)) : [];
		return new Map(rows.map((g) => [g.id, g.tier]));
	}

	private ticketInput(src: SourceRow, a: NormalizedAlert, ci: CiMatch | null, groupId: string | null, tier: string, parentId: string | null) {
		const links = a.links.length ? `\n\nLinks:\n${a.links.map((l) => `- ${l}`).join('\n')}` : '';
		return {
			title: titleFor(a),
			description: `${a.text}\n\nSource: ${src.name} (${src.kind}), host ${a.host}${a.service ? `, service ${a.service}` : ''}, severity ${a.severity}, state ${a.state}${a.ip ? `, ip ${a.ip}` : ''}.${links}`.slice(0, 20_000),
			channel: 'monitoring',
			category: categoryFor(a),
			priority: priorityFor(a.severity, ci?.criticality, (src.priorityMap ?? {}) as Record<string, unknown>),
			tier,
			groupId,
			ciId: ci?.id ?? null,
			source: src.id,
			requesterName: src.name,
			parentId
		};
	}

	event(raw: Pick<RawRow, 'id' | 'receivedAt'>, source: Pick<SourceRow, 'id' | 'kind'>, a: NormalizedAlert | null, outcome: Outcome, ticketId: string | null, ciId: string | null): AlertEventRow {
		return alertEvent({
			at: raw.receivedAt.toISOString(),
			alert_id: raw.id,
			source_id: source.id,
			source_kind: source.kind,
			host: a?.host ?? '',
			service: a?.service ?? '',
			action: a?.action ?? '',
			severity: a?.severity ?? '',
			dedup_key: a ? `${source.id}:${a.dedupKey}` : '',
			outcome,
			ticket_id: ticketId ?? '',
			ci_id: ciId ?? ''
		});
	}

	// ---- one alert -------------------------------------------------------------------------

	private async apply(tx: Db, src: SourceRow, a: NormalizedAlert, atMs: number): Promise<AlertOutcome & { ciId?: string | null }> {
		const key = `${src.id}:${a.dedupKey}`;
		const out = (outcome: Outcome, ticketId: string | null = null, reason?: string, ciId?: string | null) => ({
			dedupKey: key,
			action: a.action,
			outcome,
			ticketId,
			...(reason ? { reason } : {}),
			...(ciId ? { ciId } : {})
		});
		if (a.ignored) return out('ignored', null, a.ignored);
		switch (a.action) {
			case 'open':
				return this.open(tx, src, a, key, atMs, out);
			case 'maint_start':
			case 'maint_end':
				return this.downtime(tx, src, a, atMs, out);
		}
		const p = await this.findProblem(tx, src, a, key);
		if (!p) return out(a.action === 'flap_start' || a.action === 'flap_stop' ? 'ignored' : 'dropped', null, 'no problem is known for this key');
		const t = p.ticketId ? (await tx.select({ id: tickets.id, status: tickets.status }).from(tickets).where(eq(tickets.id, p.ticketId)))[0] : undefined;
		const fp = fingerprint(a);
		if (p.lastApplied === fp && a.action !== 'update') return out('ignored', p.ticketId, 'already applied');
		const mark = (patch: Partial<ProblemRow> = {}) =>
			tx.update(alertProblems).set({ lastApplied: fp, lastAlertAt: new Date(atMs), ...patch }).where(eq(alertProblems.id, p.id));
		const ticketOpen = !!t && isOpenStatus(t.status);
		switch (a.action) {
			case 'ack': {
				if (!t || !ticketOpen) return out('dropped', p.ticketId, 'no open ticket to acknowledge');
				if (t.status === 'new' || t.status === 'assigned' || t.status === 'reopened') await this.act(tx, t.id, { action: 'start' }, atMs);
				const who = a.author ? ` by ${a.author}` : '';
				await this.note(tx, t.id, `Acknowledged${who} in ${src.kind}${a.comment ? `: ${a.comment}` : ''}`, atMs);
				await mark();
				return out('acked', t.id);
			}
			case 'resolve': {
				if (p.state !== 'open') return out('dropped', p.ticketId, 'problem is not open');
				if (p.flapping) {
					await mark();
					return out('suppressed', p.ticketId, 'flapping: flap_stop decides');
				}
				await mark({ state: 'resolved', resolvedAt: new Date(atMs) });
				if (!t || !ticketOpen) return out('dropped', p.ticketId, 'no open ticket to resolve');
				return out(await this.resolveTicket(tx, src, t.id, a, atMs), t.id);
			}
			case 'update': {
				if (!t || t.status === 'closed') return out('dropped', p.ticketId, 'no ticket to note');
				await this.note(tx, t.id, `${src.kind} update (${a.state}): ${a.comment ?? a.text}`, atMs);
				await mark();
				return out('noted', t.id);
			}
			case 'flap_start': {
				await mark({ flapping: true });
				if (!t || !ticketOpen) return out('ignored', p.ticketId, 'flapping without an open ticket');
				await tx.update(tickets).set({ flapping: true, updatedAt: new Date(atMs) }).where(eq(tickets.id, t.id));
				await this.note(tx, t.id, `Flapping started (${a.state}): ${a.text}`, atMs);
				return out('noted', t.id);
			}
			case 'flap_stop': {
				const healthy = isHealthyState(a);
				await mark({ flapping: false, ...(healthy && p.state === 'open' ? { state: 'resolved', resolvedAt: new Date(atMs) } : {}) });
				if (!t || !ticketOpen) return out('ignored', p.ticketId, 'flapping stopped without an open ticket');
				await tx.update(tickets).set({ flapping: false, updatedAt: new Date(atMs) }).where(eq(tickets.id, t.id));
				if (healthy) return out(await this.resolveTicket(tx, src, t.id, a, atMs, 'Flapping stopped in a healthy state'), t.id);
				await this.note(tx, t.id, `Flapping stopped, still ${a.state}: ${a.text}`, atMs);
				return out('noted', t.id);
			}
		}
		return out('ignored', null, `unhandled action ${a.action}`);
	}

	/** By exact key; flapping and ack notices may carry another problem id, so fall back to the host/service's open problem. */
	private async findProblem(tx: Db, src: SourceRow, a: NormalizedAlert, key: string): Promise<ProblemRow | null> {
		const [p] = await tx.select().from(alertProblems).where(and(eq(alertProblems.sourceId, src.id), eq(alertProblems.dedupKey, key))).for('update');
		if (p) return p;
		if (a.action === 'resolve') return null;
		const [q] = await tx
			.select()
			.from(alertProblems)
			.where(
				and(
					eq(alertProblems.sourceId, src.id),
					eq(alertProblems.host, a.host),
					a.service === null ? isNull(alertProblems.service) : eq(alertProblems.service, a.service),
					eq(alertProblems.state, 'open')
				)
			)
			.orderBy(desc(alertProblems.lastAlertAt))
			.limit(1)
			.for('update');
		return q ?? null;
	}

	private async open(
		tx: Db,
		src: SourceRow,
		a: NormalizedAlert,
		key: string,
		atMs: number,
		out: (o: Outcome, t?: string | null, r?: string, ci?: string | null) => AlertOutcome & { ciId?: string | null }
	) {
		const at = new Date(atMs);
		// Lock the problem row, creating it if new: concurrent deliveries of one key serialise here.
		const [created] = await tx
			.insert(alertProblems)
			.values({ sourceId: src.id, dedupKey: key, host: a.host, service: a.service, state: 'new', severity: a.severity, firstAlertAt: at, lastAlertAt: at })
			.onConflictDoNothing()
			.returning();
		// A row this transaction inserted is already its own; an existing one is locked here.
		const [p] = created
			? [created]
			: await tx.select().from(alertProblems).where(and(eq(alertProblems.sourceId, src.id), eq(alertProblems.dedupKey, key))).for('update');
		const t = p.ticketId ? (await tx.select({ id: tickets.id, status: tickets.status }).from(tickets).where(eq(tickets.id, p.ticketId)))[0] : undefined;
		if (p.state === 'open' && t && isOpenStatus(t.status)) {
			// A repeat: count it; a note only when the severity moved (a storm must not write 1,000 notes).
			if (p.severity !== a.severity) await this.note(tx, t.id, `Severity changed ${p.severity} → ${a.severity}: ${a.text}`, atMs);
			await tx
				.update(alertProblems)
				.set({ repeatCount: sql`${alertProblems.repeatCount} + 1`, lastAlertAt: at, severity: a.severity, lastApplied: fingerprint(a) })
				.where(eq(alertProblems.id, p.id));
			return out('appended', t.id, undefined, p.ciId);
		}
		const ci: CiMatch | null = await this.ci.find(tx, a.identities.length ? a.identities : [a.host]);
		const inMaintenance = await this.maintenance.active(tx, ci?.id ?? null, a.host, atMs, { sourceId: src.id, service: a.service });
		const fresh = p.state !== 'open';
		const base = {
			state: 'open',
			severity: a.severity,
			host: a.host,
			service: a.service,
			ciId: ci?.id ?? null,
			lastAlertAt: at,
			lastApplied: fingerprint(a),
			...(fresh ? { firstAlertAt: at, repeatCount: 0, resolvedAt: null, flapping: p.state === 'new' ? false : p.flapping } : { repeatCount: sql`${alertProblems.repeatCount} + 1` })
		};
		if (inMaintenance) {
			// Annotate, never page: no ticket while the host is in maintenance; a repeat after it ends opens one.
			await tx.update(alertProblems).set({ ...base, ticketId: null }).where(eq(alertProblems.id, p.id));
			return out('suppressed', null, 'in maintenance', ci?.id);
		}
		const parentTicketId = a.service === null ? null : ((await this.hostDownTickets(tx, [{ src, a }])).get(hostKey(src.id, a.host)) ?? null);
		const groupId = ci?.ownerGroupId ?? src.defaultGroupId ?? null;
		const tier = (await this.tiersOf(tx, [groupId])).get(groupId ?? '') ?? 'L1';
		const [{ ticket }] = await createTickets(
			{ db: tx, actor: this.actor },
			[{ input: this.ticketInput(src, a, ci, groupId, tier, parentTicketId), nowMs: atMs }],
			// Any error here fails the whole alert (its transaction rolls back): no savepoint needed.
			{ slaConfig: this.sla, inTransaction: true }
		);
		if (p.flapping) await tx.update(tickets).set({ flapping: true }).where(eq(tickets.id, ticket.id));
		await tx.update(alertProblems).set({ ...base, ticketId: ticket.id, parentTicketId }).where(eq(alertProblems.id, p.id));
		if (a.service === null) await this.adoptChildren(tx, src, a.host, ticket.id);
		return out('opened', ticket.id, undefined, ci?.id);
	}

	/** A host went down after some of its services: put their open tickets under the host's ticket. */
	private async adoptChildren(tx: Db, src: SourceRow, host: string, parentId: string) {
		const kids = await tx
			.select({ id: alertProblems.id, ticketId: alertProblems.ticketId })
			.from(alertProblems)
			.where(and(eq(alertProblems.sourceId, src.id), eq(alertProblems.host, host), eq(alertProblems.state, 'open'), sql`${alertProblems.service} is not null`, sql`${alertProblems.ticketId} is not null`));
		if (!kids.length) return;
		const ids = kids.map((k) => k.ticketId!) as string[];
		await tx.update(tickets).set({ parentId }).where(and(inArray(tickets.id, ids), isNull(tickets.parentId), inArray(tickets.status, OPEN_STATUSES as Status[])));
		await tx.update(alertProblems).set({ parentTicketId: parentId }).where(inArray(alertProblems.id, kids.map((k) => k.id)));
	}

	private async downtime(tx: Db, src: SourceRow, a: NormalizedAlert, atMs: number, out: (o: Outcome, t?: string | null, r?: string) => AlertOutcome) {
		const service = a.service ?? '';
		const scope = and(eq(monitoringDowntimes.sourceId, src.id), eq(monitoringDowntimes.host, a.host), eq(monitoringDowntimes.service, service), isNull(monitoringDowntimes.endAt));
		const open = await tx.select({ id: monitoringDowntimes.id }).from(monitoringDowntimes).where(scope).limit(1);
		if (a.action === 'maint_start') {
			if (open.length) return out('ignored', null, 'downtime already started');
			await tx.insert(monitoringDowntimes).values({ sourceId: src.id, host: a.host, service, startAt: new Date(atMs) });
		} else {
			if (!open.length) return out('ignored', null, 'no downtime to end');
			await tx.update(monitoringDowntimes).set({ endAt: new Date(atMs) }).where(scope);
		}
		// Annotate the open tickets of that host/service so agents see why alerts go quiet.
		const probs = await tx
			.select({ ticketId: alertProblems.ticketId })
			.from(alertProblems)
			.innerJoin(tickets, eq(tickets.id, alertProblems.ticketId))
			.where(
				and(
					eq(alertProblems.sourceId, src.id),
					eq(alertProblems.host, a.host),
					a.service === null ? sql`true` : or(eq(alertProblems.service, a.service), isNull(alertProblems.service)),
					eq(alertProblems.state, 'open'),
					inArray(tickets.status, OPEN_STATUSES as Status[])
				)
			);
		const what = a.action === 'maint_start' ? 'started' : 'ended';
		for (const p of probs) await this.note(tx, p.ticketId!, `Downtime ${what} for ${a.service ? `${a.host} / ${a.service}` : a.host}${a.comment ? `: ${a.comment}` : ''}`, atMs);
		return out('noted', probs[0]?.ticketId ?? null);
	}

	private async resolveTicket(tx: Db, src: SourceRow, ticketId: string, a: NormalizedAlert, atMs: number, why = 'Recovered'): Promise<Outcome> {
		const text = `${why} in ${src.kind} (${a.state}): ${a.text}`;
		if (src.resolveMode === 'note') {
			await this.note(tx, ticketId, text, atMs);
			return 'noted';
		}
		await this.note(tx, ticketId, text, atMs);
		await this.act(tx, ticketId, { action: 'resolve', code: 'auto_resolved', text: text.slice(0, 20_000) }, atMs);
		return 'resolved';
	}

	/** Monitoring notes are internal and never count as a first response. */
	private note(tx: Db, ticketId: string, body: string, atMs: number) {
		return this.act(tx, ticketId, { action: 'comment', body: body.slice(0, 20_000) || '(empty)', public: false, auto: true }, atMs);
	}

	private async act(tx: Db, ticketId: string, input: Record<string, unknown>, atMs: number) {
		try {
			await actOnTicket({ db: tx, actor: this.actor }, ticketId, input, atMs, { slaConfig: this.sla });
		} catch (e) {
			// An agent moved the ticket meanwhile (409): the alert is still recorded; nothing else to do.
			if (isDomainError(e) && (e as { code: string }).code === 'CONFLICT') return;
			throw e;
		}
	}
}
