import type { LayoutServerLoad } from './$types';
import { actorView } from '$lib/server/rbac/view';
import { runtimeIfBooted } from '$lib/server/runtime';
import { demoStatus } from '$lib/server/demo/status';

export const load: LayoutServerLoad = async ({ locals }) => ({
	me: locals.actor ? actorView(locals.actor) : null,
	demoSeeding: demoStatus(await runtimeIfBooted()).seeding
});
