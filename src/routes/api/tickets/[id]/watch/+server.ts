import { api, ctxOf } from '$lib/server/http';
import { watchTicket } from '$lib/server/tickets/edit';

export const POST = api(async (event) => watchTicket(await ctxOf(event), event.params.id!, true));
export const DELETE = api(async (event) => watchTicket(await ctxOf(event), event.params.id!, false));
