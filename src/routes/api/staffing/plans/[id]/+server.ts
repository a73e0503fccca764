import { api, ctxOf } from '$lib/server/http';
import { getPlan } from '$lib/server/staffing/plans';

export const GET = api(async (event) => getPlan(await ctxOf(event), event.params.id!));
