import { api, ctxOf } from '$lib/server/http';
import { deleteView } from '$lib/server/tickets/views';

export const DELETE = api(async (event) => deleteView(await ctxOf(event), event.params.id!));
