import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createApiToken, listApiTokens } from '$lib/server/rbac/auth';

/** ?all=true: every account's tokens (rbac.manage); ?inactive=true: revoked and expired too. */
export const GET = api(async (event) => {
	const q = event.url.searchParams;
	return { items: await listApiTokens(await ctxOf(event), { all: q.get('all') === 'true', inactive: q.get('inactive') === 'true' }) };
});

export const POST = api(async (event) => {
	const ctx = await ctxOf(event);
	const created = await createApiToken(ctx, await jsonBody(event.request));
	return Response.json(created, { status: 201 });
});
