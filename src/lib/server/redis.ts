/**
 * The Redis connection of a process (REDIS_URL): shared login-throttle counts and the socket.io
 * adapter's pub/sub across web processes. Absent without REDIS_URL (embedded: one process).
 */
import { createClient } from 'redis';

/** The client this module opens (default modules, RESP 3 as redis 6 negotiates). */
const make = (url: string) => createClient({ url });
export type RedisClient = ReturnType<typeof make>;

export async function openRedis(url: string): Promise<RedisClient> {
	const client = make(url);
	// A dropped connection reconnects by itself; log instead of crashing on the 'error' event.
	client.on('error', (e: Error) => console.error(`[opshub] redis: ${e.message}`));
	await client.connect();
	return client;
}
