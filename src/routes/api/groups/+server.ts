import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createGroup, listGroups } from '$lib/server/tickets/groups';

export const GET = api(async (event) => listGroups(await ctxOf(event)));
export const POST = api(async (event) => Response.json(await createGroup(await ctxOf(event), await jsonBody(event.request)), { status: 201 }));
