import type { LayoutServerLoad } from './$types';
import { actorView } from '$lib/server/rbac/view';

export const load: LayoutServerLoad = async ({ locals }) => ({
	me: locals.actor ? actorView(locals.actor) : null
});
