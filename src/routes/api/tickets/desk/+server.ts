import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createDeskTicket } from '$lib/server/tickets/requesters';

/** Agent ticket creation (phone, walk-in): newRequester in place, call { startedAt, durationS }. */
export const POST = api(async (event) => {
	const { ticket } = await createDeskTicket(await ctxOf(event), await jsonBody(event.request));
	return Response.json(ticket, { status: 201, headers: { location: `/tickets/${ticket.number}` } });
});
