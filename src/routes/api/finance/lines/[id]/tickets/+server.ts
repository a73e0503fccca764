import { api, ctxOf } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import { lineTickets } from '$lib/server/finance/reports';

/** Drill-down: the ticket ids behind a tickets or labor line (?limit, default 1000). */
export const GET = api(async (event) =>
	lineTickets(await ctxOf(event), (await getRuntime()).ch, Number(event.params.id), {
		limit: event.url.searchParams.has('limit') ? Number(event.url.searchParams.get('limit')) : undefined
	})
);
