import { api, ctxOf, jsonBody } from '$lib/server/http';
import { solveShifts } from '$lib/server/staffing/calculate';

/** Shift MILP: agents per shift template and day covering a requirement (body: shiftPlanInputSchema). */
export const POST = api(async (event) => solveShifts(await ctxOf(event), await jsonBody(event.request)));
