import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createDisplayToken } from '$lib/server/boards/service';

export const POST = api(async (event) => Response.json(await createDisplayToken(await ctxOf(event), await jsonBody(event.request)), { status: 201 }));
