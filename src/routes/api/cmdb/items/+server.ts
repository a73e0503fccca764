import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createCi, searchCis } from '$lib/server/cmdb/items';

/** ?q=&classId=&status=&limit=&offset= */
export const GET = api(async (event) => searchCis(await ctxOf(event), Object.fromEntries(event.url.searchParams)));

export const POST = api(async (event) => {
	const created = await createCi(await ctxOf(event), await jsonBody(event.request));
	return Response.json(created, { status: 201 });
});
