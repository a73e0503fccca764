import { api, ctxOf, jsonBody } from '$lib/server/http';
import { mergeTickets } from '$lib/server/tickets/edit';

/** Merge this ticket (the duplicate) into { intoId }. */
export const POST = api(async (event) => {
	const r = await mergeTickets(await ctxOf(event), event.params.id!, await jsonBody(event.request));
	return { duplicate: r.duplicate.ticket, into: r.into.ticket, moved: r.moved };
});
