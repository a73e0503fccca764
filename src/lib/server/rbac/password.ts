/** scrypt from node:crypto (N=2^15, r=8, p=1: ~50 ms here, OWASP-recommended floor). */
import * as crypto from 'node:crypto';
import { scrypt, randomBytes, timingSafeEqual, createHash } from 'node:crypto';

const N = 1 << 15;
const R = 8;
const P = 1;
const KEYLEN = 32;
// 32 MiB for N=2^15,r=8 is over node's 32 MiB default maxmem: raise it.
const MAXMEM = 64 * 1024 * 1024;

/**
 * Concurrent scrypt derivations are bounded (issue 18, Medium 9): each holds a libuv pool thread
 * (4 by default) for ~50 ms and 32 MiB, and the same pool writes and fdatasyncs the monitoring
 * journal. At most HASH_CONCURRENCY run at once and HASH_QUEUE wait; past that the caller gets
 * 429 at once instead of queueing behind a flood of bad logins.
 */
export const HASH_CONCURRENCY = 2;
export const HASH_QUEUE = 16;
let hashing = 0;
const waiting: Array<() => void> = [];

export class HashBusyError extends Error {
	constructor() {
		super('Too many sign-ins at once; try again in a second');
		this.name = 'HashBusyError';
	}
}

async function bounded<T>(fn: () => Promise<T>): Promise<T> {
	if (hashing >= HASH_CONCURRENCY) {
		if (waiting.length >= HASH_QUEUE) throw new HashBusyError();
		await new Promise<void>((resolve) => waiting.push(resolve));
	} else {
		hashing++;
	}
	try {
		return await fn();
	} finally {
		// Hand the slot straight to the next waiter (the count stays), or free it.
		const next = waiting.shift();
		if (next) next();
		else hashing--;
	}
}

function derive(password: string, salt: Buffer, n = N, r = R, p = P): Promise<Buffer> {
	return bounded(() => deriveNow(password, salt, n, r, p));
}

function deriveNow(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password, salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) =>
			err ? reject(err) : resolve(key)
		)
	);
}

export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt);
	return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const parts = stored.split('$');
	if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
	const [, n, r, p, saltB64, keyB64] = parts;
	const expected = Buffer.from(keyB64, 'base64');
	const key = await derive(password, Buffer.from(saltB64, 'base64'), Number(n), Number(r), Number(p));
	return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
	dummyHash ??= hashPassword(randomBytes(12).toString('hex')).catch((e) => {
		dummyHash = null; // busy: try again next time rather than cache the failure
		throw e;
	});
	return dummyHash;
}

export function sha256(value: string | Buffer): string {
	// The one-shot form (Node ≥ 20.12) skips the Hash object: it is on the webhook hot path.
	return typeof oneShot === 'function' ? oneShot('sha256', value, 'hex') : createHash('sha256').update(value).digest('hex');
}
const oneShot = (crypto as unknown as { hash?: (alg: string, data: string | Buffer, enc: 'hex') => string }).hash;

export function randomSecret(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}
