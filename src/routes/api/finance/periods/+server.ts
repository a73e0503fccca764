import { api, ctxOf } from '$lib/server/http';
import { listPeriods } from '$lib/server/finance/settings';

export const GET = api(async (event) => listPeriods(await ctxOf(event)));
