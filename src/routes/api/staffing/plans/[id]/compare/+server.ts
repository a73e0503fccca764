import { api, ctxOf } from '$lib/server/http';
import { comparePlan } from '$lib/server/staffing/plans';

/** The plan's forecast and schedule against the arrivals recorded over its dates. */
export const GET = api(async (event) => {
	const ctx = await ctxOf(event);
	return comparePlan(ctx, event.params.id!);
});
