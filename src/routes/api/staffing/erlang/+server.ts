import { api, ctxOf, jsonBody } from '$lib/server/http';
import { calculateErlang } from '$lib/server/staffing/calculate';

/** Erlang B/C/A calculator: staffing figures for one interval (body: erlangInputSchema). */
export const POST = api(async (event) => calculateErlang(await ctxOf(event), await jsonBody(event.request)));
