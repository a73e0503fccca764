import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createChange, listChanges } from '$lib/server/cmdb/changes';

/** ?status=&limit= */
export const GET = api(async (event) => listChanges(await ctxOf(event), Object.fromEntries(event.url.searchParams)));

export const POST = api(async (event) => {
	const created = await createChange(await ctxOf(event), await jsonBody(event.request));
	return Response.json(created, { status: 201 });
});
