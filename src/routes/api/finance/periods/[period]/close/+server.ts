import { api, ctxOf } from '$lib/server/http';
import { closePeriod } from '$lib/server/finance/run';

export const POST = api(async (event) => closePeriod(await ctxOf(event), event.params.period));
