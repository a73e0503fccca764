import { api, ctxOf } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import { deskRequirement } from '$lib/server/staffing/desk';

/** Touches per channel → Erlang C (phone, chat) + workload (the rest) → heads per interval. */
export const GET = api(async (event) => {
	const ctx = { ...(await ctxOf(event)), ch: (await getRuntime()).ch };
	return deskRequirement(ctx, Object.fromEntries(event.url.searchParams));
});
