import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createApiToken } from '$lib/server/rbac/auth';

export const POST = api(async (event) => {
	const ctx = await ctxOf(event);
	const created = await createApiToken(ctx, await jsonBody(event.request));
	return Response.json(created, { status: 201 });
});
