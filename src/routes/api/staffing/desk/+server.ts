import { api, ctxOf } from '$lib/server/http';
import { deskRequirement } from '$lib/server/staffing/desk';

/** Touches per channel → Erlang C (phone, chat) + workload (the rest) → heads per interval. */
export const GET = api(async (event) => {
	return deskRequirement(await ctxOf(event), Object.fromEntries(event.url.searchParams));
});
