/**
 * Monitoring sources: register (token shown once), rotate (two tokens live during the grace
 * period), list, and authenticate a webhook. Tokens are `ohm_<source id hex>_<secret>`: the id
 * finds the row, then the sha256 of the whole token is compared in constant time with the
 * current and the previous hash. The `ohm_` prefix keeps them apart from API tokens (`oph_`).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { desc, eq, sql, and, inArray } from 'drizzle-orm';
import { groups, monitoringSources, rawAlerts } from '../../../../schemas/postgres/index';
import type { Ctx } from '../context';
import type { Db } from '../db/index';
import { audit } from '../audit';
import { DomainError, invalid, notFound, unauthenticated, conflict } from '../errors';
import { authorize } from '../rbac/actor';
import { parseInput } from '../validate';
import { randomSecret, sha256 } from '../rbac/password';
import { registerSourceInput, rotateTokenInput } from './schemas';

export type SourceRow = typeof monitoringSources.$inferSelect;
export const SOURCE_TOKEN_PREFIX = 'ohm_';

function newToken(sourceId: string): string {
	return `${SOURCE_TOKEN_PREFIX}${sourceId.replace(/-/g, '')}_${randomSecret(32)}`;
}

/** The source id inside a token, or null when the token is not one of ours. */
export function sourceIdOfToken(token: string): string | null {
	const m = /^ohm_([0-9a-f]{32})_[A-Za-z0-9_-]{20,}$/.exec(token);
	if (!m) return null;
	const h = m[1];
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function publicView(s: SourceRow) {
	return {
		id: s.id,
		kind: s.kind,
		name: s.name,
		hmac: !!s.hmacSecret,
		hmacWindowS: s.hmacWindowS,
		rateLimitPerMin: s.rateLimitPerMin,
		defaultGroupId: s.defaultGroupId,
		priorityMap: s.priorityMap,
		resolveMode: s.resolveMode,
		prevTokenExpiresAt: s.prevExpiresAt,
		lastSeenAt: s.lastSeenAt,
		createdAt: s.createdAt
	};
}

export async function registerSource(ctx: Ctx, raw: unknown) {
	const actor = authorize(ctx.actor, 'monitoring.manage');
	const input = parseInput(registerSourceInput, raw);
	return ctx.db.transaction(async (tx) => {
		if (input.defaultGroupId) {
			const g = await tx.select({ id: groups.id }).from(groups).where(eq(groups.id, input.defaultGroupId));
			if (!g.length) throw invalid(`defaultGroupId: group ${input.defaultGroupId} does not exist`, 'defaultGroupId');
		}
		const dup = await tx.select({ id: monitoringSources.id }).from(monitoringSources).where(eq(monitoringSources.name, input.name));
		if (dup.length) throw conflict(`name: a monitoring source named "${input.name}" already exists`, 'name');
		const id = crypto.randomUUID();
		const token = newToken(id);
		const [row] = await tx
			.insert(monitoringSources)
			.values({
				id,
				kind: input.kind,
				name: input.name,
				tokenHash: sha256(token),
				hmacSecret: input.hmacSecret ?? null,
				hmacWindowS: input.hmacWindowS,
				rateLimitPerMin: input.rateLimitPerMin,
				defaultGroupId: input.defaultGroupId ?? null,
				priorityMap: input.priorityMap,
				resolveMode: input.resolveMode
			})
			.returning();
		const view = publicView(row);
		await audit(tx, actor, { action: 'monitoring_source.created', entityType: 'monitoring_source', entityId: id, after: view });
		return { ...view, token, ingestUrl: `/api/ingest/${row.kind}` };
	});
}

export async function rotateSourceToken(ctx: Ctx, sourceId: string, raw: unknown = {}, nowMs = Date.now()) {
	const actor = authorize(ctx.actor, 'monitoring.manage');
	const input = parseInput(rotateTokenInput, raw ?? {});
	if (!/^[0-9a-f-]{36}$/i.test(sourceId)) throw notFound(`Monitoring source ${sourceId}`);
	const out = await ctx.db.transaction(async (tx) => {
		const [s] = await tx.select().from(monitoringSources).where(eq(monitoringSources.id, sourceId)).for('update');
		if (!s) throw notFound(`Monitoring source ${sourceId}`);
		const token = newToken(s.id);
		const prevExpiresAt = input.graceSeconds > 0 ? new Date(nowMs + input.graceSeconds * 1000) : null;
		await tx
			.update(monitoringSources)
			.set({ tokenHash: sha256(token), prevTokenHash: prevExpiresAt ? s.tokenHash : null, prevExpiresAt })
			.where(eq(monitoringSources.id, s.id));
		await audit(tx, actor, {
			action: 'monitoring_source.token_rotated',
			entityType: 'monitoring_source',
			entityId: s.id,
			after: { prevExpiresAt }
		});
		return { id: s.id, token, prevTokenExpiresAt: prevExpiresAt };
	});
	// After the commit: a reload from here on sees the new hashes.
	bumpGeneration();
	return out;
}

/** Sources with last seen, raw-alert counts per status and the latest rejects (what a sender got wrong). */
export async function listSources(ctx: Ctx) {
	// Readers (desk managers, leads) see the same list: it carries no secret.
	if (!ctx.actor?.permissions.has('monitoring.read')) authorize(ctx.actor, 'monitoring.manage');
	const rows = await ctx.db.select().from(monitoringSources).orderBy(monitoringSources.name);
	if (!rows.length) return [];
	const ids = rows.map((r) => r.id);
	const counts = await ctx.db
		.select({ sourceId: rawAlerts.sourceId, status: rawAlerts.status, n: sql<number>`count(*)::int` })
		.from(rawAlerts)
		.where(inArray(rawAlerts.sourceId, ids))
		.groupBy(rawAlerts.sourceId, rawAlerts.status);
	const out = [];
	for (const r of rows) {
		const recentRejects = await ctx.db
			.select({ id: rawAlerts.id, receivedAt: rawAlerts.receivedAt, status: rawAlerts.status, error: rawAlerts.error })
			.from(rawAlerts)
			.where(and(eq(rawAlerts.sourceId, r.id), inArray(rawAlerts.status, ['rejected', 'failed'])))
			.orderBy(desc(rawAlerts.receivedAt))
			.limit(5);
		const c: Record<string, number> = { received: 0, processed: 0, rejected: 0, failed: 0 };
		for (const x of counts) if (x.sourceId === r.id) c[x.status] = Number(x.n);
		out.push({ ...publicView(r), counts: c, recentRejects });
	}
	return out;
}

export interface AuthParts {
	authorization?: string | null;
	/** ?token= on the URL, for senders that cannot set headers. */
	queryToken?: string | null;
}

/** Bearer <token>, Basic <any user>:<token>, or ?token=. */
export function tokenOf(parts: AuthParts): string | null {
	const h = parts.authorization?.trim();
	if (h) {
		const sp = h.indexOf(' ');
		const scheme = (sp < 0 ? h : h.slice(0, sp)).toLowerCase();
		const value = sp < 0 ? '' : h.slice(sp + 1).trim();
		if (scheme === 'bearer') return value || null;
		if (scheme === 'basic') {
			let decoded = '';
			try {
				decoded = Buffer.from(value, 'base64').toString('utf8');
			} catch {
				return null;
			}
			const i = decoded.indexOf(':');
			return i < 0 ? null : decoded.slice(i + 1) || null;
		}
		return null;
	}
	return parts.queryToken?.trim() || null;
}

function sameHash(a: string | null, b: string): boolean {
	if (!a || a.length !== b.length) return false;
	return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

export function tokenMatches(s: SourceRow, token: string, nowMs: number): boolean {
	const h = sha256(token);
	const cur = sameHash(s.tokenHash, h);
	const prev = sameHash(s.prevTokenHash, h) && !!s.prevExpiresAt && s.prevExpiresAt.getTime() > nowMs;
	return cur || prev;
}

const BAD_TOKEN = 'Missing or invalid monitoring source token';

/**
 * Bumped by every rotation in this process, so a revoked token stops at once here; other
 * processes see it within the cache TTL. On globalThis: the SvelteKit bundle and server.ts may
 * hold two copies of this module.
 */
const GEN = Symbol.for('opshub.monitoring.sourceGeneration');
const g = globalThis as { [GEN]?: number };
const generation = () => g[GEN] ?? 0;
function bumpGeneration() {
	g[GEN] = generation() + 1;
}

/** A small read-through cache of source rows: the hot path does no query for a known token. */
export class SourceCache {
	private rows = new Map<string, { row: SourceRow; atMs: number; gen: number }>();
	constructor(readonly ttlMs = 5_000) {}
	async get(db: Db, id: string, nowMs: number, fresh = false): Promise<SourceRow | null> {
		const hit = this.rows.get(id);
		if (hit && !fresh && hit.gen === generation() && Math.abs(nowMs - hit.atMs) < this.ttlMs) return hit.row;
		const [row] = await db.select().from(monitoringSources).where(eq(monitoringSources.id, id));
		if (row) this.rows.set(id, { row, atMs: nowMs, gen: generation() });
		else this.rows.delete(id);
		return row ?? null;
	}
	forget(id: string) {
		this.rows.delete(id);
	}
}

/**
 * The source a webhook comes from. Unknown kind → 404 (checked by the caller before reading the
 * body); no/wrong token → 401; a valid token of a source of another kind → 404.
 */
export async function authenticateSource(
	db: Db,
	kind: string,
	parts: AuthParts,
	nowMs = Date.now(),
	cache?: SourceCache
): Promise<SourceRow> {
	const token = tokenOf(parts);
	const id = token ? sourceIdOfToken(token) : null;
	if (!token || !id) throw unauthenticated(BAD_TOKEN);
	let s = cache ? await cache.get(db, id, nowMs) : await new SourceCache().get(db, id, nowMs);
	// A miss on a cached row may be a rotation made by another process: re-read once.
	if (s && !tokenMatches(s, token, nowMs) && cache) s = await cache.get(db, id, nowMs, true);
	if (!s || !tokenMatches(s, token, nowMs)) throw unauthenticated(BAD_TOKEN);
	if (s.kind !== kind) throw notFound(`No ${kind} monitoring source for this token (it belongs to a ${s.kind} source)`);
	return s;
}

export const SIGNATURE_HEADER = 'x-grafana-alerting-signature';
export const TIMESTAMP_HEADERS = ['x-grafana-alerting-signature-timestamp', 'x-grafana-alerting-timestamp', 'x-opshub-timestamp'];

/**
 * Grafana-style HMAC: hex HMAC-SHA256 of the raw body with the source's secret; when a timestamp
 * header is sent, the signed message is `${timestamp}:${body}` and the timestamp (unix seconds
 * or ms) must be within the source's window of now (replay protection).
 */
export function verifySignature(
	s: Pick<SourceRow, 'hmacSecret' | 'hmacWindowS'>,
	body: Buffer,
	header: (name: string) => string | null,
	nowMs = Date.now()
): void {
	if (!s.hmacSecret) return;
	const sig = header(SIGNATURE_HEADER)?.trim().replace(/^sha256=/i, '').toLowerCase();
	if (!sig) throw unauthenticated(`Missing ${SIGNATURE_HEADER} header: this source requires signed bodies`);
	let tsRaw: string | null = null;
	for (const h of TIMESTAMP_HEADERS) tsRaw ??= header(h)?.trim() || null;
	const mac = createHmac('sha256', s.hmacSecret);
	if (tsRaw !== null) {
		const n = Number(tsRaw);
		if (!/^\d{1,16}$/.test(tsRaw) || !Number.isFinite(n)) throw unauthenticated('Signature timestamp is not a unix time');
		const tsMs = n < 1e11 ? n * 1000 : n;
		if (Math.abs(nowMs - tsMs) > s.hmacWindowS * 1000) {
			throw unauthenticated(`Signature timestamp is outside the ${s.hmacWindowS} s window (expired or clock skew)`);
		}
		mac.update(`${tsRaw}:`);
	}
	const expected = mac.update(body).digest('hex');
	if (!/^[0-9a-f]{64}$/.test(sig) || !timingSafeEqual(Buffer.from(sig, 'hex'), Buffer.from(expected, 'hex'))) {
		throw unauthenticated('Signature does not match the body');
	}
}

/** Per-source token buckets: capacity = the per-minute limit, refilled continuously. */
export class RateLimiter {
	private buckets = new Map<string, { tokens: number; atMs: number }>();
	take(id: string, perMin: number, nowMs: number): void {
		const b = this.buckets.get(id) ?? { tokens: perMin, atMs: nowMs };
		// Clocks can step back (NTP, pinned test clocks): never refill negatively.
		const elapsedMs = Math.max(0, nowMs - b.atMs);
		b.tokens = Math.min(perMin, b.tokens + (elapsedMs * perMin) / 60_000);
		b.atMs = Math.max(b.atMs, nowMs);
		if (b.tokens < 1) {
			this.buckets.set(id, b);
			const retryS = Math.max(1, Math.ceil(((1 - b.tokens) * 60) / perMin));
			throw new DomainError('RATE_LIMITED', `Rate limit of ${perMin} requests per minute exceeded; retry in ${retryS} s`, undefined, {
				'retry-after': String(retryS)
			});
		}
		b.tokens -= 1;
		this.buckets.set(id, b);
	}
}
