import { api, ctxOf, jsonBody } from '$lib/server/http';
import { authorize } from '$lib/server/rbac/actor';
import { loadSlaConfig, updateSlaPolicy } from '$lib/server/tickets/slaConfig';

export const GET = api(async (event) => {
	const ctx = await ctxOf(event);
	authorize(ctx.actor, 'tickets.read');
	return loadSlaConfig(ctx.db);
});
export const PUT = api(async (event) => updateSlaPolicy(await ctxOf(event), await jsonBody(event.request)));
