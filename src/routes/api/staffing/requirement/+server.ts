import { api, ctxOf } from '$lib/server/http';
import { staffingRequirement } from '$lib/server/staffing/requirement';

/** Forecast → Erlang C requirement per interval, with what-if parameters in the query string. */
export const GET = api(async (event) => {
	const ctx = await ctxOf(event);
	return staffingRequirement(ctx, Object.fromEntries(event.url.searchParams));
});
