import { api, ctxOf } from '$lib/server/http';
import { deleteCostPool } from '$lib/server/finance/pools';

export const DELETE = api(async (event) => {
	await deleteCostPool(await ctxOf(event), event.params.id!);
	return new Response(null, { status: 204 });
});
