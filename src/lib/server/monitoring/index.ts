/** The monitoring context: the process-wide ingest (kept on the runtime so bundle and server share it). */
import type { Runtime } from '../runtime';
import { MonitoringIngest } from './ingest';
import { anyMaintenance, cmdbCi, cmdbWindows, sourceDowntimes } from './cmdb';

export { MonitoringIngest, readBodyCapped, MAX_BODY_BYTES } from './ingest';
export { registerSource, rotateSourceToken, listSources, authenticateSource } from './sources';

/** The runtime's ingest; created on first use. `recover` runs the start-up pass once. */
export function monitoringOf(rt: Runtime): MonitoringIngest {
	let m = rt.extras.monitoring as MonitoringIngest | undefined;
	if (!m) {
		m = new MonitoringIngest(rt.pg.db, {
			ci: cmdbCi,
			maintenance: anyMaintenance(cmdbWindows, sourceDowntimes),
			// PGlite is one connection on this thread; a PostgreSQL pool takes a few groups at once.
			acceptGroups: rt.pg.driver === 'postgres' ? 4 : 1
		});
		rt.extras.monitoring = m;
		rt.stoppers.push(() => m!.processor.idle());
	}
	return m;
}

/** Boot: process raw alerts a previous process stored but did not process (a crash loses nothing). */
export async function recoverMonitoring(rt: Runtime): Promise<number> {
	const n = await monitoringOf(rt).processor.recover();
	if (n) console.log(`[opshub] monitoring: processed ${n} raw alert(s) left by a previous run`);
	return n;
}
