/** The monitoring context: the process-wide ingest (kept on the runtime so bundle and server share it). */
import path from 'node:path';
import type { Runtime } from '../runtime';
import type { Config } from '../config';
import type { PgDriver } from '../db/index';
import type { JournalSync } from './journal';
import { MonitoringIngest } from './ingest';
import { anyMaintenance, cmdbCi, cmdbWindows, sourceDowntimes } from './cmdb';

export { MonitoringIngest, readBodyCapped, MAX_BODY_BYTES } from './ingest';
export { registerSource, rotateSourceToken, listSources, authenticateSource } from './sources';

/**
 * How far the accept journal writes before a 202, by default as far as the database goes with its
 * own commits: PostgreSQL syncs its WAL, so the journal fdatasyncs; PGlite never syncs its files
 * (its file system has no fsync), so a synced journal line would protect an alert only until it is
 * processed into PGlite, and the journal stops at the kernel like PGlite does (a crash or kill -9
 * of the process loses nothing either way; a power loss loses PGlite's recent writes either way).
 */
export function journalSyncFor(driver: PgDriver, setting: Config['ingestSync']): JournalSync {
	if (setting !== 'auto') return setting;
	return driver === 'postgres' ? 'fdatasync' : 'os';
}

/** The runtime's ingest; created on first use. `recover` runs the start-up pass once. */
export function monitoringOf(rt: Runtime): MonitoringIngest {
	let m = rt.services.monitoring ?? undefined;
	if (!m) {
		m = new MonitoringIngest(rt.pg.db, {
			ci: cmdbCi,
			maintenance: anyMaintenance(cmdbWindows, sourceDowntimes),
			// Processing batches at once: PGlite is one connection on this thread; a PostgreSQL pool
			// overlaps one batch's SQL with another's JavaScript.
			concurrency: rt.pg.driver === 'postgres' ? 2 : 1,
			// Accepted webhooks are made durable in the data directory (journal.ts), then processed.
			journalDir: path.join(rt.config.dataDir, 'monitoring-journal'),
			journalSync: journalSyncFor(rt.pg.driver, rt.config.ingestSync)
		});
		rt.services.monitoring = m;
		rt.stoppers.push(async () => {
			// What is not loaded or processed by then stays in the journal / raw_alerts for the next boot.
			await Promise.race([m!.idle(), new Promise((r) => setTimeout(r, 5_000))]);
			await m!.journal?.shutdown();
		});
	}
	return m;
}

/** Boot: process raw alerts a previous process stored but did not process (a crash loses nothing). */
export async function recoverMonitoring(rt: Runtime): Promise<number> {
	const n = await monitoringOf(rt).recover();
	if (n) console.log(`[opshub] monitoring: processed ${n} raw alert(s) left by a previous run`);
	return n;
}
