import { api, ctxOf, jsonObject } from '$lib/server/http';
import { addIdentity, removeIdentity } from '$lib/server/cmdb/identities';

export const POST = api(async (event) => {
	const body = await jsonObject(event.request);
	const added = await addIdentity(await ctxOf(event), { ...body, ciId: event.params.id });
	return Response.json(added, { status: 201 });
});

/** Body { kind, value }. */
export const DELETE = api(async (event) => {
	const body = await jsonObject(event.request);
	await removeIdentity(await ctxOf(event), { ...body, ciId: event.params.id });
	return new Response(null, { status: 204 });
});
