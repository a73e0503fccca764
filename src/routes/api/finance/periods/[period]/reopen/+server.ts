import { api, ctxOf, jsonBody } from '$lib/server/http';
import { reopenPeriod } from '$lib/server/finance/run';

/** Body: { reason } → the period open again, its statement back to draft; who/when/why kept. */
export const POST = api(async (event) => reopenPeriod(await ctxOf(event), event.params.period, await jsonBody(event.request)));
