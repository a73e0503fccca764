import { api } from '$lib/server/http';
import { unauthenticated } from '$lib/server/errors';
import { actorView } from '$lib/server/rbac/view';

export const GET = api(async ({ locals }) => {
	if (!locals.actor) throw unauthenticated();
	return actorView(locals.actor);
});
