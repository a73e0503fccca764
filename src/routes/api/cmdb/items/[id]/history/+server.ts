import { api, ctxOf } from '$lib/server/http';
import { ciHistory } from '$lib/server/cmdb/history';

export const GET = api(async (event) => ciHistory(await ctxOf(event), event.params.id!));
