import { api, ctxOf, jsonBody } from '$lib/server/http';
import { listSavedViews, saveView } from '$lib/server/tickets/views';

export const GET = api(async (event) => listSavedViews(await ctxOf(event)));
export const POST = api(async (event) => Response.json(await saveView(await ctxOf(event), await jsonBody(event.request)), { status: 201 }));
