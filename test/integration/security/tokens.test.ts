// Issue 18, Medium 7 (API tokens: list, revoke, expiry, last use) and Medium 8 (ownership rules
// need the token's scope).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { financeFixture, type FinanceFixture } from '../../helpers/finance';
import { actorFromApiToken, createApiToken, listApiTokens, revokeApiToken } from '../../../src/lib/server/rbac/auth';
import { costCenterStatement } from '../../../src/lib/server/finance/reports';
import type { DomainError } from '../../../src/lib/server/errors';

const codeOf = (p: Promise<unknown>) => p.then(() => 'OK', (e) => (e as DomainError).code ?? String(e));

describe.each(DRIVERS)('API tokens on %s', (driver) => {
	let t: TestDb;
	let fx: FinanceFixture;
	beforeAll(async () => {
		t = await freshDb(driver);
		fx = await financeFixture(t.db, driver);
	});
	afterAll(async () => t?.close());

	it('lists the caller’s tokens without secrets; every account’s only with rbac.manage', async () => {
		const asA = { db: t.db, actor: fx.ownerA };
		const a1 = await createApiToken(asA, { name: 'a1', scopes: ['tickets.read'] });
		await createApiToken(asA, { name: 'a2', scopes: ['tickets.create'], expiresInDays: 30 });
		const b1 = await createApiToken({ db: t.db, actor: fx.ownerB }, { name: 'b1', scopes: ['tickets.read'] });
		const mine = await listApiTokens(asA);
		expect(mine.map((x) => x.name).sort()).toEqual(['a1', 'a2']);
		expect(JSON.stringify(mine)).not.toContain(a1.token);
		expect(mine.find((x) => x.name === 'a2')).toMatchObject({ status: 'active', expiresAt: expect.any(String), lastUsedAt: null });
		expect(await codeOf(listApiTokens(asA, { all: true }))).toBe('FORBIDDEN');
		const all = await listApiTokens({ db: t.db, actor: fx.admin }, { all: true });
		expect(all.map((x) => x.id)).toContain(b1.id);
		expect(all.find((x) => x.id === b1.id)?.accountEmail).toMatch(/^owner-b/);
	});

	it('revokes: the token stops authenticating at once, the list says revoked, another owner gets 404', async () => {
		const asA = { db: t.db, actor: fx.ownerA };
		const tok = await createApiToken(asA, { name: 'gone', scopes: ['tickets.read'] });
		expect(await actorFromApiToken(t.db, tok.token)).not.toBeNull();
		expect(await codeOf(revokeApiToken({ db: t.db, actor: fx.ownerB }, tok.id))).toBe('NOT_FOUND');
		expect(await codeOf(revokeApiToken(asA, 'not-a-uuid'))).toBe('NOT_FOUND');
		await revokeApiToken(asA, tok.id);
		await revokeApiToken(asA, tok.id); // idempotent
		expect(await actorFromApiToken(t.db, tok.token)).toBeNull();
		expect((await listApiTokens(asA)).map((x) => x.id)).not.toContain(tok.id);
		expect((await listApiTokens(asA, { inactive: true })).find((x) => x.id === tok.id)?.status).toBe('revoked');
	});

	it('expires at the given instant; rejects a past expiry naming the field', async () => {
		const asA = { db: t.db, actor: fx.ownerA };
		const at = new Date(Date.now() + 3600_000);
		const tok = await createApiToken(asA, { name: 'short', scopes: ['tickets.read'], expiresAt: at.toISOString() });
		expect(tok.expiresAt?.toISOString()).toBe(at.toISOString());
		expect(await actorFromApiToken(t.db, tok.token, new Date(at.getTime() - 1000))).not.toBeNull();
		expect(await actorFromApiToken(t.db, tok.token, new Date(at.getTime() + 1000))).toBeNull();
		const later = new Date(at.getTime() + 1000);
		expect((await listApiTokens(asA, { inactive: true }, later)).find((x) => x.id === tok.id)?.status).toBe('expired');
		const e = await createApiToken(asA, { name: 'past', scopes: ['tickets.read'], expiresAt: '2020-01-01T00:00:00Z' }).catch((x) => x);
		expect([e.code, e.field]).toEqual(['INVALID', 'expiresAt']);
	});

	it('records the last use, at most once a minute', async () => {
		const asA = { db: t.db, actor: fx.ownerA };
		const tok = await createApiToken(asA, { name: 'used', scopes: ['tickets.read'] });
		const used = new Date(Date.now() - 5000);
		await actorFromApiToken(t.db, tok.token, used);
		const lastUsed = async () => (await listApiTokens(asA)).find((x) => x.id === tok.id)?.lastUsedAt;
		for (let i = 0; i < 50 && !(await lastUsed()); i++) await new Promise((r) => setTimeout(r, 20));
		expect(await lastUsed()).toBe(used.toISOString());
		await actorFromApiToken(t.db, tok.token, new Date(used.getTime() + 10_000));
		await new Promise((r) => setTimeout(r, 100));
		expect(await lastUsed()).toBe(used.toISOString());
	});

	it('a token scoped to tickets.create cannot read its owner’s cost-center statement; finance.own can', async () => {
		const asA = { db: t.db, actor: fx.ownerA };
		// The owner, signed in: past authorization (no statement for the period yet → 404).
		expect(await codeOf(costCenterStatement(asA, '2026-01', fx.dept.FIN))).toBe('NOT_FOUND');
		const narrow = await createApiToken(asA, { name: 'narrow', scopes: ['tickets.create'] });
		const narrowActor = (await actorFromApiToken(t.db, narrow.token))!;
		expect(await codeOf(costCenterStatement({ db: t.db, actor: narrowActor }, '2026-01', fx.dept.FIN))).toBe('FORBIDDEN');
		const own = await createApiToken(asA, { name: 'own', scopes: ['finance.own'] });
		const ownActor = (await actorFromApiToken(t.db, own.token))!;
		expect(await codeOf(costCenterStatement({ db: t.db, actor: ownActor }, '2026-01', fx.dept.FIN))).toBe('NOT_FOUND');
		// finance.own gives nothing beyond ownership: another owner's cost center stays closed.
		expect(await codeOf(costCenterStatement({ db: t.db, actor: ownActor }, '2026-01', fx.dept.OPS))).toBe('FORBIDDEN');
	});
});
