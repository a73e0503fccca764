import { api, ctxOf } from '$lib/server/http';
import { deleteRateCard } from '$lib/server/finance/rateCards';

export const DELETE = api(async (event) => {
	await deleteRateCard(await ctxOf(event), event.params.id!);
	return new Response(null, { status: 204 });
});
