import { api, ctxOf } from '$lib/server/http';
import { deleteRelation } from '$lib/server/cmdb/relations';

export const DELETE = api(async (event) => {
	await deleteRelation(await ctxOf(event), event.params.id!);
	return new Response(null, { status: 204 });
});
