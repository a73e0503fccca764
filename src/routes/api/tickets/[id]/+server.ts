import { api, ctxOf } from '$lib/server/http';
import { getTicket } from '$lib/server/tickets/query';

export const GET = api(async (event) => getTicket(await ctxOf(event), event.params.id!));
