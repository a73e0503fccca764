/**
 * Whether the demo desk's history is still being seeded (in the background, after the server is
 * up): pages show a notice meanwhile. Kept on the runtime, not in module state.
 */
import type { Runtime } from '../runtime';

export interface DemoStatus {
	seeding: boolean;
	since: string | null;
}

export function setDemoSeeding(rt: Pick<Runtime, 'extras'>, seeding: boolean): void {
	rt.extras.demoStatus = { seeding, since: seeding ? new Date().toISOString() : null } satisfies DemoStatus;
}

export function demoStatus(rt: Pick<Runtime, 'extras'> | null | undefined): DemoStatus {
	return (rt?.extras.demoStatus as DemoStatus | undefined) ?? { seeding: false, since: null };
}
