import { api, ctxOf, jsonBody } from '$lib/server/http';
import { defineClass, listClasses } from '$lib/server/cmdb/classes';

export const GET = api(async (event) => listClasses(await ctxOf(event)));

export const POST = api(async (event) => {
	const created = await defineClass(await ctxOf(event), await jsonBody(event.request));
	return Response.json(created, { status: 201 });
});
