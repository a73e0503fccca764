import { api, ctxOf, jsonBody } from '$lib/server/http';
import { getRosterEntry, putRosterEntry } from '$lib/server/staffing/roster';

export const GET = api(async (event) => getRosterEntry(await ctxOf(event), event.params.accountId!));

/** Body: { contractedHours: 0–60, weekdaysOff: [1–7], leave: ['YYYY-MM-DD'] } → the agent's roster entry. */
export const PUT = api(async (event) => putRosterEntry(await ctxOf(event), event.params.accountId!, await jsonBody(event.request)));
