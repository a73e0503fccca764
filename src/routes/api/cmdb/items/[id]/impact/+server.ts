import { api, ctxOf } from '$lib/server/http';
import { analyzeImpact } from '$lib/server/cmdb/impact';

/** ?direction=upstream|downstream&maxDepth=6 */
export const GET = api(async (event) =>
	analyzeImpact(await ctxOf(event), { ...Object.fromEntries(event.url.searchParams), ciId: event.params.id })
);
