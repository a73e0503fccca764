import { api, ctxOf } from '$lib/server/http';
import { revokeApiToken } from '$lib/server/rbac/auth';

/** Revokes a token at once (the owner's, or any with rbac.manage); 204, idempotent. */
export const DELETE = api(async (event) => {
	await revokeApiToken(await ctxOf(event), event.params.id ?? '');
	return new Response(null, { status: 204 });
});
