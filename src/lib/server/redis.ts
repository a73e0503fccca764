/**
 * The Redis connection of a process (REDIS_URL): shared login-throttle counts and the socket.io
 * adapter's pub/sub across web processes. Absent without REDIS_URL (embedded: one process).
 */
import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

export async function openRedis(url: string): Promise<RedisClient> {
	const client = createClient({ url });
	// A dropped connection reconnects by itself; log instead of crashing on the 'error' event.
	client.on('error', (e: Error) => console.error(`[opshub] redis: ${e.message}`));
	await client.connect();
	return client;
}
