import { api, ctxOf } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import { getBoard } from '$lib/server/boards/service';
import { computeBoardFrame } from '$lib/server/boards/compute';

export const GET = api(async (event) => {
	const board = await getBoard(await ctxOf(event), event.params.id!);
	return computeBoardFrame((await getRuntime()).ch, board);
});
