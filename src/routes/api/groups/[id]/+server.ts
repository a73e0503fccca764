import { api, ctxOf, jsonObject } from '$lib/server/http';
import { updateGroup } from '$lib/server/tickets/groups';

/** Body: any of { name, tier, leadAccountId, members } (tickets.manage); members replaces the list. */
export const PATCH = api(async (event) => updateGroup(await ctxOf(event), event.params.id ?? '', await jsonObject(event.request)));
