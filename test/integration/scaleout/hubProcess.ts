/**
 * One web process for the two-process Redis test: PostgreSQL (shared), its own chDB, the app's
 * socket.io server with the Redis adapter, and the board hub. HUB_PUBLISHER=1 makes it the hub of
 * the relay leader; a 'flush' message from the parent plays a relay flush. Reports its port.
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { openDb } from '../../../src/lib/server/db/index';
import { openClickHouse, migrateClickHouse } from '../../../src/lib/server/analytics/clickhouse';
import { openRedis } from '../../../src/lib/server/redis';
import { createSocketServer } from '../../../src/lib/server/realtime/io';
import { BoardHub } from '../../../src/lib/server/realtime/hub';
import type { FlushedBatch } from '../../../ingest/relay';

const pg = await openDb({ url: process.env.DATABASE_URL! });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-hubproc-'));
const ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
await migrateClickHouse(ch);
const redis = await openRedis(process.env.REDIS_URL!);
const server = http.createServer();
const sock = await createSocketServer(server, redis);
const hub = new BoardHub(sock.io as never, pg.db, ch, { minIntervalMs: 100, heartbeatMs: 600_000 });
hub.publisher = process.env.HUB_PUBLISHER === '1';
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
process.on('message', async (m: { type: string; batches?: FlushedBatch[] }) => {
	if (m.type === 'flush') {
		await hub.onFlush(m.batches ?? []);
		process.send!({ type: 'flushed', frames: hub.frames, deltas: hub.deltas });
	}
	if (m.type === 'stop') {
		hub.stop();
		await sock.close();
		await redis.quit();
		await pg.close();
		await ch.close();
		process.exit(0);
	}
});
process.send!({ type: 'ready', port: (server.address() as AddressInfo).port });
