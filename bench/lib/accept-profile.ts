/**
 * CPU of the accept path alone, in process (no HTTP, no client): MonitoringIngest.ingest() on
 * distinct Alertmanager bodies, 32 at a time, with the accept journal on disk (what the server
 * does before each 202), processing held back as in a flood. Prints CPU µs per accepted webhook (user + system of
 * this process, all threads: JavaScript, GC helpers, the journal's writes and fdatasyncs), more
 * stable than an HTTP run on a shared machine. Usage:
 *   npx tsx bench/lib/accept-profile.ts [n=60000] [rounds=3] [sync=fdatasync|os]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, migrateDb } from '../../src/lib/server/db/index';
import { seedReferenceData } from '../../src/lib/server/seed';
import { monitoringSources } from '../../schemas/postgres/index';
import { MonitoringIngest } from '../../src/lib/server/monitoring/ingest';
import type { JournalSync } from '../../src/lib/server/monitoring/journal';
import { sha256 } from '../../src/lib/server/rbac/password';
import { amBody } from './ingest-client';

const N = Number(process.argv[2] ?? 60_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const SYNC = (process.argv[4] ?? 'fdatasync') as JournalSync;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-accept-'));
const db = await openDb({ url: null });
await migrateDb(db);
await seedReferenceData(db.db);
const id = crypto.randomUUID();
const token = `ohm_${id.replace(/-/g, '')}_benchbenchbenchbenchbench`;
await db.db.insert(monitoringSources).values({ id, kind: 'alertmanager', name: 'accept', tokenHash: sha256(token), rateLimitPerMin: 100_000_000 });
// Journal mode, processing held back as in a flood (the queue past FRESH_IN_MEMORY_MAX spills to the journal's files).
const m = new MonitoringIngest(db.db, { journalDir: path.join(dir, 'journal'), journalSync: SYNC, gate: () => new Promise<boolean>(() => {}) });
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': '700', 'user-agent': 'Alertmanager/0.27.0', host: '127.0.0.1:3000', connection: 'keep-alive' };
const bodies = Array.from({ length: N }, (_, i) => Buffer.from(amBody(`k${i}`)));

async function round(prefix: number): Promise<{ us: number; wallUs: number }> {
	const bs = bodies.map((b) => Buffer.from(b.toString('utf8').replaceAll('"k', `"r${prefix}k`)));
	let next = 0;
	const c0 = process.cpuUsage();
	const t0 = performance.now();
	await Promise.all(
		Array.from({ length: 32 }, async () => {
			while (next < N) {
				const i = next++;
				await m.ingest({ kind: 'alertmanager', headers, body: bs[i] });
			}
		})
	);
	const c = process.cpuUsage(c0);
	return { us: (c.user + c.system) / N, wallUs: ((performance.now() - t0) * 1000) / N };
}

const out: string[] = [];
for (let r = 0; r <= ROUNDS; r++) {
	const x = await round(r);
	if (r === 0) continue; // warm-up
	out.push(`round ${r}: ${x.us.toFixed(1)} µs CPU per accepted webhook (${x.wallUs.toFixed(1)} µs wall)`);
	console.log(out.at(-1));
}
await m.journal?.shutdown();
await db.close?.();
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
