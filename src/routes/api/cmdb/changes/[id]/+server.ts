import { api, ctxOf } from '$lib/server/http';
import { getChange } from '$lib/server/cmdb/changes';

export const GET = api(async (event) => getChange(await ctxOf(event), event.params.id!));
