/**
 * Login throttling (issue 18, Medium 9): failures are counted per address, per account, and per
 * account from one address, with rate-limiter-flexible — in memory in the embedded single process,
 * in Redis (REDIS_URL) so every web process shares the counts. A key over its limit is answered
 * 429 with Retry-After before any database read or password hash, so a flood of bad logins costs
 * neither the thread pool (scrypt) nor the database.
 *
 * Limits (failures; a success clears the account+address count):
 *  - account from one address: 10 in a row, then blocked 15 min (the ordinary brute force);
 *  - account from anywhere: 50 an hour (distributed guessing on one account; high enough that a
 *    stranger cannot lock the owner out cheaply from a few addresses);
 *  - address: 100 an hour (one client spraying many accounts).
 */
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../errors';

export interface ThrottleLimits {
	accountAddress: { points: number; durationS: number; blockS: number };
	account: { points: number; durationS: number; blockS: number };
	address: { points: number; durationS: number; blockS: number };
}

export const DEFAULT_LIMITS: ThrottleLimits = {
	accountAddress: { points: 10, durationS: 3600, blockS: 900 },
	account: { points: 50, durationS: 3600, blockS: 3600 },
	address: { points: 100, durationS: 3600, blockS: 3600 }
};

/** A node-redis v4+ client (the `redis` package). */
type RedisLike = { isReady: boolean } & object;

export class LoginThrottle {
	private readonly limiters: Record<keyof ThrottleLimits, RateLimiterAbstract>;
	private readonly limits: ThrottleLimits;

	constructor(opts: { redis?: RedisLike | null; limits?: ThrottleLimits; prefix?: string } = {}) {
		const limits = (this.limits = opts.limits ?? DEFAULT_LIMITS);
		const make = (name: keyof ThrottleLimits) => {
			const l = limits[name];
			const common = { keyPrefix: `${opts.prefix ?? 'opshub'}:login:${name}`, points: l.points, duration: l.durationS, blockDuration: l.blockS };
			return opts.redis ? new RateLimiterRedis({ ...common, storeClient: opts.redis, useRedisPackage: true }) : new RateLimiterMemory(common);
		};
		this.limiters = { accountAddress: make('accountAddress'), account: make('account'), address: make('address') };
	}

	private keys(email: string, address: string): Record<keyof ThrottleLimits, string> {
		const account = email.trim().toLowerCase();
		return { accountAddress: `${account}|${address}`, account, address };
	}

	/** Throws 429 RATE_LIMITED with Retry-After when any key is over its limit. */
	async check(email: string, address: string): Promise<void> {
		const keys = this.keys(email, address);
		let waitMs = 0;
		for (const name of Object.keys(keys) as (keyof ThrottleLimits)[]) {
			const res = await this.limiters[name].get(keys[name]);
			if (res && res.remainingPoints <= 0) waitMs = Math.max(waitMs, res.msBeforeNext);
		}
		if (waitMs > 0) throw tooMany(waitMs);
	}

	/** Counts one failed login on every key. */
	async failed(email: string, address: string): Promise<void> {
		const keys = this.keys(email, address);
		await Promise.all(
			(Object.keys(keys) as (keyof ThrottleLimits)[]).map(async (name) => {
				const limiter = this.limiters[name];
				try {
					const res = await limiter.consume(keys[name]);
					// The last allowed failure starts the block (not the rest of the window).
					if (res.remainingPoints === 0) await limiter.block(keys[name], this.limits[name].blockS);
				} catch (e) {
					// Over the limit is a RateLimiterRes, not an error: the next check answers 429.
					if (!isRes(e)) throw e;
				}
			})
		);
	}

	/** A success clears the consecutive count of this account from this address. */
	async succeeded(email: string, address: string): Promise<void> {
		await this.limiters.accountAddress.delete(this.keys(email, address).accountAddress);
	}
}

function isRes(e: unknown): e is RateLimiterRes {
	return typeof e === 'object' && e !== null && 'msBeforeNext' in e && !(e instanceof Error);
}

export function tooMany(waitMs: number, message = 'Too many failed sign-in attempts; try again later'): DomainError {
	const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
	return new DomainError('RATE_LIMITED', `${message} (retry after ${retryAfter} s)`, undefined, { 'retry-after': retryAfter });
}
