/**
 * What runs beside the web handler once the runtime is up: realtime, the outbox relay, workers,
 * the demo desk. Each stage registers its stopper on the runtime.
 */
import type { Runtime } from './runtime';

export async function startServices(rt: Runtime): Promise<void> {
	void rt;
}
