import { api, ctxOf, jsonBody } from '$lib/server/http';
import { authorize } from '$lib/server/rbac/actor';
import { loadDeskSettings, updateDeskSettings } from '$lib/server/tickets/settings';

export const GET = api(async (event) => {
	const ctx = await ctxOf(event);
	authorize(ctx.actor, 'tickets.read');
	return loadDeskSettings(ctx.db);
});

export const PUT = api(async (event) => updateDeskSettings(await ctxOf(event), await jsonBody(event.request)));
