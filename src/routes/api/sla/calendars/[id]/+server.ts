import { api, ctxOf, jsonBody } from '$lib/server/http';
import { updateSlaCalendar } from '$lib/server/tickets/slaConfig';

export const PUT = api(async (event) => updateSlaCalendar(await ctxOf(event), event.params.id!, await jsonBody(event.request)));
