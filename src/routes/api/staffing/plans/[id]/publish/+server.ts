import { api, ctxOf } from '$lib/server/http';
import { publishPlan } from '$lib/server/staffing/plans';

export const POST = api(async (event) => publishPlan(await ctxOf(event), event.params.id!));
