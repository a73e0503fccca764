import { api, ctxOf, jsonBody } from '$lib/server/http';
import { bulkAct } from '$lib/server/tickets/bulk';

/** { op: assign|priority|close, ids, … } → a result per row. */
export const POST = api(async (event) => bulkAct(await ctxOf(event), await jsonBody(event.request)));
