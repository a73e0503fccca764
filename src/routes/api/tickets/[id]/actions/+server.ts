import { api, ctxOf, jsonBody } from '$lib/server/http';
import { actOnTicket } from '$lib/server/tickets/service';

export const POST = api(async (event) => {
	const { ticket, events, commentId } = await actOnTicket(await ctxOf(event), event.params.id!, await jsonBody(event.request));
	return { ticket, events: events.map((e) => ({ id: e.event_id, type: e.type, at: e.at })), ...(commentId ? { commentId } : {}) };
});
