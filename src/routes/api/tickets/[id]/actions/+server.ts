import { api, ctxOf, jsonBody } from '$lib/server/http';
import { actOnTicket } from '$lib/server/tickets/service';
import { ticketForActor } from '$lib/server/tickets/query';

export const POST = api(async (event) => {
	const ctx = await ctxOf(event);
	const { ticket, events, commentId } = await actOnTicket(ctx, event.params.id!, await jsonBody(event.request));
	return { ticket: ticketForActor(ctx.actor, ticket), events: events.map((e) => ({ id: e.event_id, type: e.type, at: e.at })), ...(commentId ? { commentId } : {}) };
});
