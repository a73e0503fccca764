import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createRateCard, listRateCards } from '$lib/server/finance/rateCards';

export const GET = api(async (event) => listRateCards(await ctxOf(event)));
export const POST = api(async (event) =>
	Response.json(await createRateCard(await ctxOf(event), await jsonBody(event.request)), { status: 201 })
);
