import { api, ctxOf, jsonBody } from '$lib/server/http';
import { createPlan, listPlans } from '$lib/server/staffing/plans';

export const GET = api(async (event) => ({ plans: await listPlans(await ctxOf(event)) }));

/** Body: { name, query?: requirement parameters, objective?, shifts? } → the saved plan. */
export const POST = api(async (event) => {
	const ctx = await ctxOf(event);
	const plan = await createPlan(ctx, await jsonBody(event.request));
	return Response.json(plan, { status: 201, headers: { location: `/api/staffing/plans/${plan.id}` } });
});
