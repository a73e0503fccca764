import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createTicket } from '$lib/server/tickets/service';
import { listQueryFromParams, listTickets } from '$lib/server/tickets/query';

export const GET = api(async (event) => listTickets(await ctxOf(event), listQueryFromParams(event.url.searchParams)));

export const POST = api(async (event) => {
	const { ticket } = await createTicket(await ctxOf(event), await jsonBody(event.request));
	return Response.json(ticket, { status: 201, headers: { location: `/api/tickets/${ticket.id}` } });
});
