import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql, eq } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../helpers/db';
import { migrateDb, rowsOf } from '../../src/lib/server/db/index';
import { auditLog, accounts } from '../../schemas/postgres/index';
import { bootstrapAdmin, createAccount, loadAccountActor } from '../../src/lib/server/rbac/accounts';
import { login, logout, actorFromSession, createApiToken, actorFromApiToken, revokeApiToken } from '../../src/lib/server/rbac/auth';
import { authorize } from '../../src/lib/server/rbac/actor';
import { audit } from '../../src/lib/server/audit';
import { DomainError } from '../../src/lib/server/errors';
import type { Actor } from '../../src/lib/server/rbac/actor';

async function codeOf(p: Promise<unknown>): Promise<string> {
	try {
		await p;
	} catch (e) {
		return (e as DomainError).code ?? String(e);
	}
	return 'OK';
}

describe.each(DRIVERS)('platform on %s', (driver) => {
	let t: TestDb;
	let admin: Actor;

	beforeAll(async () => {
		t = await freshDb(driver);
		const boot = await bootstrapAdmin(t.db, { email: 'boss@example.com', password: 'correct horse' });
		expect(boot).toEqual({ email: 'boss@example.com', generatedPassword: null });
		const [row] = await t.db.select().from(accounts).where(eq(accounts.email, 'boss@example.com'));
		admin = (await loadAccountActor(t.db, row.id))!;
	});
	afterAll(async () => t?.close());

	it('re-running the migrations is a no-op', async () => {
		const count = async () =>
			rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0].n;
		const before = await count();
		expect(before).toBeGreaterThan(0);
		await migrateDb(t);
		await migrateDb(t);
		expect(await count()).toBe(before);
	});

	it('bootstraps the first admin only on an empty database', async () => {
		expect(await bootstrapAdmin(t.db, { email: 'other@example.com', password: 'whatever12' })).toBeNull();
		expect(admin.roles).toEqual(['admin']);
		expect(admin.permissions.has('rbac.manage')).toBe(true);
	});

	it('generates a password when none is configured', async () => {
		const other = await freshDb(driver);
		try {
			const boot = await bootstrapAdmin(other.db, { email: null, password: null });
			expect(boot?.generatedPassword).toMatch(/^[A-Za-z0-9_-]{12,}$/);
			const { actor } = await login(other.db, { email: boot!.email, password: boot!.generatedPassword });
			expect(actor.roles).toContain('admin');
		} finally {
			await other.close();
		}
	});

	it('logs in and out with a session', async () => {
		const { sessionToken, actor } = await login(t.db, { email: 'BOSS@example.com', password: 'correct horse' });
		expect(actor.label).toBe('boss@example.com');
		expect((await actorFromSession(t.db, sessionToken))?.accountId).toBe(admin.accountId);
		await logout(t.db, sessionToken);
		expect(await actorFromSession(t.db, sessionToken)).toBeNull();
	});

	it('expired sessions do not authenticate', async () => {
		const { sessionToken } = await login(t.db, { email: 'boss@example.com', password: 'correct horse' });
		expect(await actorFromSession(t.db, sessionToken, new Date(Date.now() + 13 * 3600_000))).toBeNull();
	});

	it('answers a wrong password and an unknown user with the same 401 message', async () => {
		const e1 = await login(t.db, { email: 'boss@example.com', password: 'wrong' }).catch((e) => e);
		const e2 = await login(t.db, { email: 'ghost@example.com', password: 'wrong' }).catch((e) => e);
		expect(e1).toBeInstanceOf(DomainError);
		expect(e1.code).toBe('UNAUTHENTICATED');
		expect(e1.status).toBe(401);
		expect(e2.code).toBe('UNAUTHENTICATED');
		expect(e2.message).toBe(e1.message);
	});

	it('validates login input naming the field', async () => {
		const e = await login(t.db, { email: 'boss@example.com' }).catch((e) => e);
		expect(e.code).toBe('INVALID');
		expect(e.field).toBe('password');
	});

	it('checks permissions in the service layer', async () => {
		const ctx = { db: t.db, actor: admin };
		const req = await createAccount(ctx, {
			email: 'req@example.com',
			name: 'Req',
			password: 'requester1',
			roles: ['requester']
		});
		const requester = (await loadAccountActor(t.db, req.id))!;
		expect(await codeOf(createAccount({ db: t.db, actor: requester }, { email: 'x@example.com', name: 'X', roles: ['admin'] }))).toBe('FORBIDDEN');
		expect(await codeOf(createAccount({ db: t.db, actor: null }, { email: 'x@example.com', name: 'X', roles: ['admin'] }))).toBe('UNAUTHENTICATED');
		expect(await codeOf(createAccount(ctx, { email: 'req@example.com', name: 'Dup', roles: ['agent'] }))).toBe('CONFLICT');
		const bad = await createAccount(ctx, { email: 'nope', name: 'Bad', roles: ['agent'] }).catch((e) => e);
		expect(bad.code).toBe('INVALID');
		expect(bad.field).toBe('email');
		const agent = await createAccount(ctx, { email: 'l2@example.com', name: 'Agent', roles: ['agent'], tier: 'L2' });
		expect(agent.tier).toBe('L2');
	});

	it('issues API tokens shown once, stored hashed, narrowed to their scopes', async () => {
		const ctx = { db: t.db, actor: admin };
		const tok = await createApiToken(ctx, { name: 'ci', scopes: ['tickets.read'] });
		expect(tok.token).toMatch(/^oph_/);
		const stored = rowsOf<{ token_hash: string }>(await t.db.execute(sql`select token_hash from api_tokens where id = ${tok.id}`));
		expect(stored[0].token_hash).not.toContain(tok.token);
		const actor = (await actorFromApiToken(t.db, tok.token))!;
		expect(actor.kind).toBe('token');
		expect([...actor.permissions]).toEqual(['tickets.read']);
		expect(() => authorize(actor, 'tickets.read')).not.toThrow();
		const e = (() => {
			try {
				authorize(actor, 'rbac.manage');
			} catch (err) {
				return err as DomainError;
			}
		})();
		expect(e?.status).toBe(403);
		expect(e?.message).toContain('scope');
		// A token cannot create accounts even though its owner can.
		expect(await codeOf(createAccount({ db: t.db, actor }, { email: 'y@example.com', name: 'Y', roles: ['agent'] }))).toBe('FORBIDDEN');
		expect(await actorFromApiToken(t.db, 'oph_not-a-token')).toBeNull();
		await revokeApiToken(ctx, tok.id);
		expect(await actorFromApiToken(t.db, tok.token)).toBeNull();
	});

	it('refuses token scopes the creator does not hold, and unknown scopes', async () => {
		const [req] = await t.db.select().from(accounts).where(eq(accounts.email, 'req@example.com'));
		const requester = (await loadAccountActor(t.db, req.id))!;
		expect(await codeOf(createApiToken({ db: t.db, actor: requester }, { name: 'x', scopes: ['finance.run'] }))).toBe('FORBIDDEN');
		const e = await createApiToken({ db: t.db, actor: admin }, { name: 'x', scopes: ['fly'] }).catch((e) => e);
		expect(e.code).toBe('INVALID');
		expect(e.field).toBe('scopes.0');
	});

	it('writes the audit row in the same transaction as the change', async () => {
		const before = (await t.db.select().from(auditLog)).length;
		await expect(
			t.db.transaction(async (tx) => {
				await audit(tx, admin, { action: 'test.change', entityType: 'thing', entityId: '1', after: { a: 1 } });
				throw new Error('roll back');
			})
		).rejects.toThrow('roll back');
		expect((await t.db.select().from(auditLog)).length).toBe(before);
		await t.db.transaction(async (tx) => {
			await audit(tx, admin, { action: 'test.change', entityType: 'thing', entityId: '2', before: { a: 1 }, after: { a: 2 } });
		});
		const rows = await t.db.select().from(auditLog).where(eq(auditLog.entityId, '2'));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ actorId: admin.accountId, action: 'test.change', before: { a: 1 }, after: { a: 2 } });
		// Service verbs audit too: the account created above has its row.
		const created = await t.db.select().from(auditLog).where(eq(auditLog.action, 'account.created'));
		expect(created.length).toBeGreaterThanOrEqual(2);
	});
});
