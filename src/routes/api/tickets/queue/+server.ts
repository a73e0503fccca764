import { api, ctxOf } from '$lib/server/http';
import { listQueue, queueQueryFromParams } from '$lib/server/tickets/queue';

/** The agent's queues: ?view=mine|my_groups|unassigned|breaching|all_open|resolved, filters, cursor. */
export const GET = api(async (event) => listQueue(await ctxOf(event), queueQueryFromParams(event.url.searchParams)));
