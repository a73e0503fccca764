import { api, ctxOf, jsonBody } from '$lib/server/http';
import { sourceSetup } from '$lib/server/monitoring/console';

/** Body (optional): { token } (the token just shown at creation or rotation) → ready-to-paste snippets. */
export const POST = api(async (event) => {
	const hasBody = Number(event.request.headers.get('content-length') ?? '0') > 0;
	const body = (hasBody ? await jsonBody(event.request) : {}) as { token?: unknown } | null;
	return sourceSetup(await ctxOf(event), event.params.id ?? '', { baseUrl: event.url.origin, token: body?.token });
});
