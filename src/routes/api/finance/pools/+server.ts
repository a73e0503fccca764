import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createCostPool, listCostPools } from '$lib/server/finance/pools';

export const GET = api(async (event) => listCostPools(await ctxOf(event), event.url.searchParams.get('period') ?? ''));
export const POST = api(async (event) =>
	Response.json(await createCostPool(await ctxOf(event), await jsonBody(event.request)), { status: 201 })
);
