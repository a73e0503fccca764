import { api, ctxOf, jsonObject } from '$lib/server/http';
import { deleteCi, getCi, updateCi } from '$lib/server/cmdb/items';

export const GET = api(async (event) => getCi(await ctxOf(event), event.params.id!));

export const PATCH = api(async (event) => {
	const body = await jsonObject(event.request);
	return updateCi(await ctxOf(event), { ...body, id: event.params.id });
});

export const DELETE = api(async (event) => {
	await deleteCi(await ctxOf(event), event.params.id!);
	return new Response(null, { status: 204 });
});
