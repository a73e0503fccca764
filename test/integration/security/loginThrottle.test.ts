// Issue 18, Medium 9: login throttling per account and per address (memory and real Redis stores),
// and a bound on concurrent password hashing.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { bootstrapAdmin } from '../../../src/lib/server/rbac/accounts';
import { login } from '../../../src/lib/server/rbac/auth';
import { LoginThrottle, type ThrottleLimits } from '../../../src/lib/server/security/loginThrottle';
import { openRedis, type RedisClient } from '../../../src/lib/server/redis';
import type { DomainError } from '../../../src/lib/server/errors';

const SMALL: ThrottleLimits = {
	accountAddress: { points: 3, durationS: 60, blockS: 30 },
	account: { points: 6, durationS: 60, blockS: 30 },
	address: { points: 8, durationS: 60, blockS: 30 }
};

const errOf = (p: Promise<unknown>) => p.then(() => null, (e) => e as DomainError);

describe.each(['memory', 'redis'] as const)('LoginThrottle (%s store)', (store) => {
	let redis: RedisClient | null = null;
	let th: LoginThrottle;
	beforeAll(async () => {
		if (store === 'redis') redis = await openRedis('redis://127.0.0.1:6379');
		th = new LoginThrottle({ redis, limits: SMALL, prefix: `t${randomBytes(4).toString('hex')}` });
	});
	afterAll(async () => {
		await redis?.quit();
	});

	it('blocks an account from one address after its failures, with Retry-After', async () => {
		for (let i = 0; i < 3; i++) {
			await th.check('a@x.io', '10.0.0.1');
			await th.failed('A@X.io ', '10.0.0.1');
		}
		const e = await errOf(th.check('a@x.io', '10.0.0.1'));
		expect(e?.code).toBe('RATE_LIMITED');
		expect(e?.status).toBe(429);
		const ra = Number(e?.headers?.['retry-after']);
		expect(ra).toBeGreaterThan(0);
		expect(ra).toBeLessThanOrEqual(30);
		// Same account from elsewhere: not yet (3 of 6 account failures).
		await th.check('a@x.io', '10.0.0.2');
	});

	it('blocks an account from anywhere past its own limit', async () => {
		for (let i = 0; i < 6; i++) await th.failed('b@x.io', `10.1.0.${i}`);
		expect((await errOf(th.check('b@x.io', '10.1.0.99')))?.code).toBe('RATE_LIMITED');
	});

	it('blocks an address spraying many accounts', async () => {
		for (let i = 0; i < 8; i++) await th.failed(`u${i}@x.io`, '10.2.0.1');
		expect((await errOf(th.check('fresh@x.io', '10.2.0.1')))?.code).toBe('RATE_LIMITED');
		await th.check('fresh@x.io', '10.2.0.2');
	});

	it('a success clears the consecutive count of that account and address', async () => {
		for (let i = 0; i < 2; i++) await th.failed('c@x.io', '10.3.0.1');
		await th.succeeded('c@x.io', '10.3.0.1');
		for (let i = 0; i < 2; i++) await th.failed('c@x.io', '10.3.0.1');
		await th.check('c@x.io', '10.3.0.1');
	});
});

describe.each(DRIVERS)('login throttling on %s', (driver) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await freshDb(driver);
		await bootstrapAdmin(t.db, { email: 'boss@example.com', password: 'correct horse' });
	});
	afterAll(async () => t?.close());

	it('answers 429 once over the limit, before hashing, even for the right password; other addresses still sign in', async () => {
		const th = new LoginThrottle({ limits: SMALL });
		for (let i = 0; i < 3; i++) {
			const e = await errOf(login(t.db, { email: 'boss@example.com', password: 'wrong' }, { throttle: th, address: '192.0.2.1' }));
			expect(e?.code).toBe('UNAUTHENTICATED');
		}
		// Before any database read (and so before any hash): a database that refuses every read.
		let reads = 0;
		const noReads = new Proxy(t.db, {
			get: (db, k, r) => (k === 'select' || k === 'execute' || k === 'query' ? (reads++, () => { throw new Error('read'); }) : Reflect.get(db, k, r))
		});
		const blocked = await errOf(login(noReads, { email: 'boss@example.com', password: 'correct horse' }, { throttle: th, address: '192.0.2.1' }));
		expect(blocked?.code).toBe('RATE_LIMITED');
		expect(reads).toBe(0);
		const ok = await login(t.db, { email: 'boss@example.com', password: 'correct horse' }, { throttle: th, address: '192.0.2.2' });
		expect(ok.actor.label).toBe('boss@example.com');
	});

	it('bounds concurrent password hashing: a burst past the queue gets 429 at once, not a long wait', async () => {
		const results = await Promise.all(
			Array.from({ length: 40 }, (_, i) => errOf(login(t.db, { email: `ghost${i}@example.com`, password: 'wrong' })))
		);
		const codes = results.map((e) => e?.code);
		expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(0);
		expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBeGreaterThanOrEqual(16);
		const busy = results.find((e) => e?.code === 'RATE_LIMITED');
		expect(busy?.headers?.['retry-after']).toBe('1');
	});
});
