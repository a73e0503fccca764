import { api, ctxOf } from '$lib/server/http';
import { getBoard } from '$lib/server/boards/service';
import { computeBoardFrame } from '$lib/server/boards/compute';

export const GET = api(async (event) => {
	const ctx = await ctxOf(event);
	const board = await getBoard(ctx, event.params.id!);
	return computeBoardFrame(ctx.ch, board);
});
