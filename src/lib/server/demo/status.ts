/**
 * Whether the demo desk's history is still being seeded (in the background, after the server is
 * up): pages show a notice meanwhile. Kept on the runtime, not in module state.
 */
import type { Runtime } from '../runtime';

export interface DemoStatus {
	seeding: boolean;
	since: string | null;
}

export function setDemoSeeding(rt: Pick<Runtime, 'services'>, seeding: boolean): void {
	rt.services.demo = { seeding, since: seeding ? new Date().toISOString() : null } satisfies DemoStatus;
}

export function demoStatus(rt: Pick<Runtime, 'services'> | null | undefined): DemoStatus {
	return rt?.services.demo ?? { seeding: false, since: null };
}
