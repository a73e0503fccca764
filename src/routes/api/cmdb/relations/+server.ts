import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createRelation } from '$lib/server/cmdb/relations';

export const POST = api(async (event) => {
	const created = await createRelation(await ctxOf(event), await jsonBody(event.request));
	return Response.json(created, { status: 201 });
});
