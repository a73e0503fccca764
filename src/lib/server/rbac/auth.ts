/** Login sessions (cookie) and API tokens (Bearer). Secrets are stored only as sha256. */
import { z } from 'zod';
import { and, desc, eq, gt, isNull, lt, sql, or } from 'drizzle-orm';
import { accounts, apiTokens, sessions } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import { audit } from '../audit';
import { forbidden, invalid, unauthenticated, notFound } from '../errors';
import { parseInput } from '../validate';
import { authorize, type Actor } from './actor';
import { loadAccountActor } from './accounts';
import { dummyPasswordHash, HashBusyError, randomSecret, sha256, verifyPassword } from './password';
import { tooMany, type LoginThrottle } from '../security/loginThrottle';
import { ALL_OWNERSHIP_SCOPES, ALL_PERMISSIONS, type OwnershipScope, type Permission } from './roles';

export const SESSION_COOKIE = 'opshub_session';
export const SESSION_TTL_MS = 12 * 3600_000;
const TOKEN_PREFIX = 'oph_';
/** A token's last-used time is kept to the minute. */
export const LAST_USED_RESOLUTION_MS = 60_000;

const loginInput = z.object({
	email: z.string().trim().min(1, 'is required').max(254),
	password: z.string().min(1, 'is required').max(200)
});

const BAD_LOGIN = 'Invalid email or password';

export interface LoginOptions {
	now?: Date;
	/** Failure counting (429 past the limits); the client's address keys it. */
	throttle?: LoginThrottle | null;
	address?: string;
}

export async function login(
	db: Db,
	raw: unknown,
	opts: LoginOptions | Date = {}
): Promise<{ sessionToken: string; expiresAt: Date; actor: Actor }> {
	const { now = new Date(), throttle = null, address = 'unknown' } = opts instanceof Date ? { now: opts } : opts;
	const input = parseInput(loginInput, raw);
	// Over a limit: 429 before any read or hash, so a flood costs neither.
	await throttle?.check(input.email, address);
	const [acc] = await db
		.select()
		.from(accounts)
		.where(sql`lower(${accounts.email}) = lower(${input.email})`);
	// Same work and same message whether the account exists or not.
	let ok: boolean;
	try {
		ok = await verifyPassword(input.password, acc?.passwordHash ?? (await dummyPasswordHash()));
	} catch (e) {
		if (e instanceof HashBusyError) throw tooMany(1000, e.message);
		throw e;
	}
	if (!acc || !acc.passwordHash || !acc.active || !ok) {
		await throttle?.failed(input.email, address);
		throw unauthenticated(BAD_LOGIN);
	}
	await throttle?.succeeded(input.email, address);
	const sessionToken = randomSecret(32);
	const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
	await db.insert(sessions).values({ idHash: sha256(sessionToken), accountId: acc.id, expiresAt });
	const actor = await loadAccountActor(db, acc.id);
	if (!actor) throw unauthenticated(BAD_LOGIN);
	return { sessionToken, expiresAt, actor };
}

export async function logout(db: Db, sessionToken: string): Promise<void> {
	await db.delete(sessions).where(eq(sessions.idHash, sha256(sessionToken)));
}

export async function actorFromSession(db: Db, sessionToken: string, now = new Date()): Promise<Actor | null> {
	const [s] = await db
		.select()
		.from(sessions)
		.where(and(eq(sessions.idHash, sha256(sessionToken)), gt(sessions.expiresAt, now)));
	return s ? loadAccountActor(db, s.accountId) : null;
}

export const createTokenInput = z.object({
	name: z.string().trim().min(1, 'is required').max(100),
	scopes: z
		.array(
			z.enum([...ALL_PERMISSIONS, ...ALL_OWNERSHIP_SCOPES] as [string, ...string[]], { message: 'contains an unknown scope' })
		)
		.min(1, 'needs at least one scope'),
	/** Optional expiry, in days from now, or as an instant (not both); none = until revoked. */
	expiresInDays: z.number().int().positive().max(3650).optional(),
	expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO date-time' }).optional()
});

const isOwnershipScope = (s: string): s is OwnershipScope => (ALL_OWNERSHIP_SCOPES as string[]).includes(s);

/** Creates a personal API token; its scopes must be permissions the creator holds. */
export async function createApiToken(
	ctx: Ctx,
	raw: unknown
): Promise<{ id: string; token: string; name: string; scopes: string[]; expiresAt: Date | null }> {
	const actor = authorize(ctx.actor, 'tokens.create');
	if (actor.kind !== 'account' || !actor.accountId) throw forbidden('Only a signed-in account can create tokens');
	const input = parseInput(createTokenInput, raw);
	const missing = input.scopes.find((s) => !isOwnershipScope(s) && !actor.permissions.has(s as Permission));
	if (missing) throw forbidden(`You cannot grant the scope "${missing}": you do not hold it`);
	if (input.expiresInDays && input.expiresAt) throw invalid('Give expiresInDays or expiresAt, not both', 'expiresAt');
	const secret = TOKEN_PREFIX + randomSecret(32);
	const expiresAt = input.expiresInDays
		? new Date(Date.now() + input.expiresInDays * 86400_000)
		: input.expiresAt
			? new Date(input.expiresAt)
			: null;
	if (expiresAt && (expiresAt.getTime() <= Date.now() || expiresAt.getTime() > Date.now() + 3650 * 86400_000)) {
		throw invalid('must be in the future and within 10 years', 'expiresAt');
	}
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(apiTokens)
			.values({ accountId: actor.accountId!, name: input.name, tokenHash: sha256(secret), scopes: input.scopes, expiresAt })
			.returning({ id: apiTokens.id });
		await audit(tx, actor, {
			action: 'token.created',
			entityType: 'api_token',
			entityId: row.id,
			after: { name: input.name, scopes: input.scopes, expiresAt }
		});
		return { id: row.id, token: secret, name: input.name, scopes: input.scopes, expiresAt };
	});
}

export interface ApiTokenView {
	id: string;
	name: string;
	accountId: string;
	accountEmail: string;
	scopes: string[];
	createdAt: string;
	expiresAt: string | null;
	lastUsedAt: string | null;
	revokedAt: string | null;
	/** active | expired | revoked */
	status: 'active' | 'expired' | 'revoked';
}

const listTokensInput = z.object({
	/** Every account's tokens (rbac.manage); else the caller's own. */
	all: z.boolean().default(false),
	/** Include revoked and expired tokens. */
	inactive: z.boolean().default(false)
});

/** The caller's API tokens (never their secrets), newest first; every account's with rbac.manage. */
export async function listApiTokens(ctx: Ctx, raw: unknown = {}, now = new Date()): Promise<ApiTokenView[]> {
	const actor = authorize(ctx.actor, 'tokens.create');
	const input = parseInput(listTokensInput, raw);
	if (input.all && !actor.permissions.has('rbac.manage')) throw forbidden('Listing every account\'s tokens needs "rbac.manage"');
	if (!input.all && !actor.accountId) throw forbidden('Only an account has tokens');
	const where = [
		...(input.all ? [] : [eq(apiTokens.accountId, actor.accountId!)]),
		...(input.inactive ? [] : [isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))])
	];
	const rows = await ctx.db
		.select({ t: apiTokens, email: accounts.email })
		.from(apiTokens)
		.innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
		.where(where.length ? and(...where) : undefined)
		.orderBy(desc(apiTokens.createdAt));
	return rows.map(({ t, email }) => ({
		id: t.id,
		name: t.name,
		accountId: t.accountId,
		accountEmail: email,
		scopes: t.scopes,
		createdAt: t.createdAt.toISOString(),
		expiresAt: t.expiresAt?.toISOString() ?? null,
		lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
		revokedAt: t.revokedAt?.toISOString() ?? null,
		status: t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= now ? 'expired' : 'active'
	}));
}

export async function revokeApiToken(ctx: Ctx, tokenId: string): Promise<void> {
	const actor = authorize(ctx.actor, 'tokens.create');
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tokenId)) throw notFound(`Token ${tokenId}`);
	await ctx.db.transaction(async (tx) => {
		const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId));
		if (!row || (row.accountId !== actor.accountId && !actor.permissions.has('rbac.manage'))) {
			throw notFound(`Token ${tokenId}`);
		}
		if (row.revokedAt) return; // idempotent: revoking twice is not an error
		await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, tokenId));
		await audit(tx, actor, { action: 'token.revoked', entityType: 'api_token', entityId: tokenId });
	});
}

/** The actor of a Bearer token: the owner's permissions narrowed to the token's scopes. */
export async function actorFromApiToken(db: Db, token: string, now = new Date()): Promise<Actor | null> {
	if (!token.startsWith(TOKEN_PREFIX)) return null;
	const [row] = await db
		.select()
		.from(apiTokens)
		.where(
			and(
				eq(apiTokens.tokenHash, sha256(token)),
				isNull(apiTokens.revokedAt),
				or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))
			)
		);
	if (!row) return null;
	const owner = await loadAccountActor(db, row.accountId);
	if (!owner) return null;
	// Last-use time is informative: written at most once a minute per token (not a write per
	// request), and not awaited on the request path.
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
		db.update(apiTokens)
			.set({ lastUsedAt: now })
			.where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, now))))
			.catch(() => {});
	}
	const scopes = new Set(row.scopes);
	return {
		...owner,
		kind: 'token',
		label: `${owner.label} (token ${row.name})`,
		permissions: new Set([...owner.permissions].filter((p) => scopes.has(p))),
		ownershipScopes: new Set(row.scopes.filter(isOwnershipScope))
	};
}
