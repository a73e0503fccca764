import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createDisplayToken, listDisplayTokens } from '$lib/server/boards/service';

export const GET = api(async (event) => listDisplayTokens(await ctxOf(event)));
export const POST = api(async (event) => Response.json(await createDisplayToken(await ctxOf(event), await jsonBody(event.request)), { status: 201 }));
