import { api, ctxOf } from '$lib/server/http';
import { listBoards } from '$lib/server/boards/service';

export const GET = api(async (event) => listBoards(await ctxOf(event)));
