import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createTicket } from '$lib/server/tickets/service';
import { listQueryFromParams, listTickets, ticketForActor } from '$lib/server/tickets/query';

export const GET = api(async (event) => listTickets(await ctxOf(event), listQueryFromParams(event.url.searchParams)));

export const POST = api(async (event) => {
	const ctx = await ctxOf(event);
	const { ticket } = await createTicket(ctx, await jsonBody(event.request));
	return Response.json(ticketForActor(ctx.actor, ticket), { status: 201, headers: { location: `/api/tickets/${ticket.id}` } });
});
