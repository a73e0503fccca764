import { api, ctxOf, jsonBody } from '$lib/server/http';
import { copyRateCard } from '$lib/server/finance/rateCards';

/** Body: { effectiveFrom: 'YYYY-MM-DD', note? } → a new version with the same rates. */
export const POST = api(async (event) => {
	const card = await copyRateCard(await ctxOf(event), event.params.id ?? '', await jsonBody(event.request));
	return Response.json(card, { status: 201 });
});
