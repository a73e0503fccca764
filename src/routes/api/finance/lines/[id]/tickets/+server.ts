import { api, ctxOf } from '$lib/server/http';
import { lineTickets } from '$lib/server/finance/reports';

/** Drill-down: the ticket ids behind a tickets or labor line (?limit, default 1000). */
export const GET = api(async (event) => {
	const ctx = await ctxOf(event);
	return lineTickets(ctx, ctx.ch, Number(event.params.id), {
		limit: event.url.searchParams.has('limit') ? Number(event.url.searchParams.get('limit')) : undefined
	});
});
