import { api, ctxOf, jsonBody } from '$lib/server/http';
import { getTicket } from '$lib/server/tickets/query';
import { updateTicket } from '$lib/server/tickets/edit';

export const GET = api(async (event) => getTicket(await ctxOf(event), event.params.id!));

/** Field edits (title, category, type, tier, group, agent, CI, impact/urgency/priority); `version` for 409s. */
export const PATCH = api(async (event) => {
	const { ticket, events } = await updateTicket(await ctxOf(event), event.params.id!, await jsonBody(event.request));
	return { ticket, events: events.map((e) => ({ id: e.event_id, type: e.type, at: e.at })) };
});
