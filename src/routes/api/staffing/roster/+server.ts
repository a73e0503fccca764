import { api, ctxOf } from '$lib/server/http';
import { listRoster } from '$lib/server/staffing/roster';

/** ?groupId= : one group's members only. */
export const GET = api(async (event) => ({ agents: await listRoster(await ctxOf(event), { groupId: event.url.searchParams.get('groupId') }) }));
