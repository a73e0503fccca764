import { api, ctxOf } from '$lib/server/http';
import { relationsOf } from '$lib/server/cmdb/relations';

export const GET = api(async (event) => relationsOf(await ctxOf(event), event.params.id!));
