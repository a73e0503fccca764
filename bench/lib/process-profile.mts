/**
 * Where processing time goes, in process (no HTTP): N distinct Alertmanager alerts accepted into
 * the journal (PGlite on disk, a fresh data dir), then processed straight from memory as the
 * server does; prints alerts/s and writes a CPU profile of the processing to
 * $TMPDIR/opshub-process.cpuprofile (open it in Chrome DevTools). Usage:
 *   npx tsx bench/lib/process-profile.mts [n=5000]
 */
import { Session } from 'node:inspector/promises';
import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { openDb, migrateDb } from '../../src/lib/server/db/index';
import { seedReferenceData } from '../../src/lib/server/seed';
import { monitoringSources } from '../../schemas/postgres/index';
import { MonitoringIngest } from '../../src/lib/server/monitoring/ingest';
import { anyMaintenance, cmdbCi, cmdbWindows, sourceDowntimes } from '../../src/lib/server/monitoring/cmdb';
import { sha256 } from '../../src/lib/server/rbac/password';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proc-'));
const db = await openDb({ url: null, dataDir: dir } as any);
await migrateDb(db); await seedReferenceData(db.db);
const id = crypto.randomUUID(); const token = `ohm_${id.replace(/-/g, '')}_benchbenchbenchbenchbench`;
await db.db.insert(monitoringSources).values({ id, kind: 'alertmanager', name: 'prof', tokenHash: sha256(token), rateLimitPerMin: 1_000_000 });
const m = new MonitoringIngest(db.db, { autoProcess: true, journalDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pj-')), ci: cmdbCi, maintenance: anyMaintenance(cmdbWindows, sourceDowntimes) });
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const body = (k: string) => JSON.stringify({ version: '4', status: 'firing', receiver: 'x', groupLabels: {}, commonLabels: {}, alerts: [{ status: 'firing', labels: { alertname: 'BenchAlert', host: k, instance: `${k}:9100`, severity: 'major' }, annotations: { summary: 's', description: `synthetic ${k}` }, startsAt: new Date().toISOString(), fingerprint: k }] });
const N = Number(process.argv[2] ?? 5000);
// accept everything first (processing yields while > 100/s arrive), then time the processing
const t00 = performance.now();
for (let i = 0; i < N; i += 100) await Promise.all(Array.from({ length: 100 }, (_, j) => m.ingest({ kind: 'alertmanager', headers, body: body(`k${i + j}`) })));
console.log(`accepted ${N} in ${(performance.now() - t00).toFixed(0)} ms`);
const S = new Session(); S.connect(); await S.post('Profiler.enable'); await S.post('Profiler.start');
const t0 = performance.now();
await m.idle();
const ms = performance.now() - t0;
const out = path.join(os.tmpdir(), 'opshub-process.cpuprofile');
fs.writeFileSync(out, JSON.stringify((await S.post('Profiler.stop')).profile));
console.log(`${N} processed in ${ms.toFixed(0)} ms → ${(N / ms * 1000).toFixed(0)}/s (CPU profile: ${out})`);
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
