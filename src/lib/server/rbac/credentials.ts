/**
 * The one place a request's credential becomes an actor, for HTTP (hooks.server.ts) and socket.io
 * (realtime/hub.ts) alike (issue 18, scale-out). Token prefixes route it: `oph_` API tokens,
 * `ohd_` display tokens; otherwise the session cookie. `stillValid` re-checks many credentials in
 * one query per kind, so open sockets can be swept for revocation, logout and expiry.
 */
import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { accounts, apiTokens, displayTokens, sessions } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Actor } from './actor';
import { actorFromApiToken, actorFromSession, SESSION_COOKIE } from './auth';
import { actorFromDisplayToken, touchDisplayTokens } from '../boards/service';
import { sha256 } from './password';

export type CredentialKind = 'session' | 'api' | 'display';

export interface Credential {
	kind: CredentialKind;
	secret: string;
}

export interface CredentialSource {
	/** The Authorization header (Bearer). */
	authorization?: string | null;
	/** A display token given outside a header (the wall's ?token=, the socket handshake). */
	displayToken?: string | null;
	/** The Cookie header, or the session cookie's value. */
	cookieHeader?: string | null;
	sessionCookie?: string | null;
}

/** Which credential a request carries, by precedence: Bearer, display token, session cookie. */
export function credentialOf(src: CredentialSource): Credential | null {
	const auth = src.authorization;
	if (auth && auth.toLowerCase().startsWith('bearer ')) {
		const secret = auth.slice(7).trim();
		return { kind: secret.startsWith('ohd_') ? 'display' : 'api', secret };
	}
	if (src.displayToken) return { kind: 'display', secret: src.displayToken };
	const sid = src.sessionCookie ?? cookieValue(src.cookieHeader, SESSION_COOKIE);
	return sid ? { kind: 'session', secret: sid } : null;
}

export async function resolveActor(db: Db, cred: Credential | null, now = new Date()): Promise<Actor | null> {
	if (!cred) return null;
	switch (cred.kind) {
		case 'api':
			return actorFromApiToken(db, cred.secret, now);
		case 'display':
			return actorFromDisplayToken(db, cred.secret);
		case 'session':
			return actorFromSession(db, cred.secret, now);
	}
}

/** A credential's stable key (its kind and hash): what a socket is tagged with. */
export const credentialKey = (c: Credential) => `${c.kind}:${sha256(c.secret)}`;

/** The keys (credentialKey) among `creds` that still authenticate: one query per kind. */
export async function stillValid(db: Db, creds: Credential[], now = new Date()): Promise<Set<string>> {
	const byKind: Record<CredentialKind, string[]> = { session: [], api: [], display: [] };
	for (const c of creds) byKind[c.kind].push(sha256(c.secret));
	const ok = new Set<string>();
	if (byKind.session.length) {
		const rows = await db
			.select({ h: sessions.idHash })
			.from(sessions)
			.innerJoin(accounts, eq(accounts.id, sessions.accountId))
			.where(and(inArray(sessions.idHash, byKind.session), gt(sessions.expiresAt, now), eq(accounts.active, true)));
		for (const r of rows) ok.add(`session:${r.h}`);
	}
	if (byKind.api.length) {
		const rows = await db
			.select({ h: apiTokens.tokenHash })
			.from(apiTokens)
			.innerJoin(accounts, eq(accounts.id, apiTokens.accountId))
			.where(
				and(
					inArray(apiTokens.tokenHash, byKind.api),
					isNull(apiTokens.revokedAt),
					or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
					eq(accounts.active, true)
				)
			);
		for (const r of rows) ok.add(`api:${r.h}`);
	}
	if (byKind.display.length) {
		const rows = await db
			.select({ h: displayTokens.tokenHash })
			.from(displayTokens)
			.where(and(inArray(displayTokens.tokenHash, byKind.display), isNull(displayTokens.revokedAt)));
		for (const r of rows) ok.add(`display:${r.h}`);
		await touchDisplayTokens(db, rows.map((r) => r.h), now); // an open wall is "seen"
	}
	return ok;
}

export function cookieValue(header: string | null | undefined, name: string): string | null {
	for (const part of (header ?? '').split(';')) {
		const [k, ...v] = part.trim().split('=');
		if (k === name) {
			try {
				return decodeURIComponent(v.join('='));
			} catch {
				return null;
			}
		}
	}
	return null;
}
