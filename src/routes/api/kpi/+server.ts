import { api, ctxOf } from '$lib/server/http';
import { queryKpis } from '$lib/server/kpi/index';

export const GET = api(async (event) => queryKpis(await ctxOf(event), event.url.searchParams));
