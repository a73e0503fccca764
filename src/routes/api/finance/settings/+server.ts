import { api, ctxOf, jsonBody } from '$lib/server/http';
import { getSettings, updateSettings } from '$lib/server/finance/settings';

export const GET = api(async (event) => getSettings(await ctxOf(event)));
export const PUT = api(async (event) => updateSettings(await ctxOf(event), await jsonBody(event.request)));
