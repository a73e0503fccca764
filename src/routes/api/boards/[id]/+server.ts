import { api, ctxOf, jsonBody } from '$lib/server/http';
import { getBoard, saveBoard } from '$lib/server/boards/service';
import { invalid } from '$lib/server/errors';

export const GET = api(async (event) => getBoard(await ctxOf(event), event.params.id!));
export const PUT = api(async (event) => {
	const body = (await jsonBody(event.request)) as Record<string, unknown>;
	if (body && typeof body === 'object' && body.id !== undefined && body.id !== event.params.id) {
		throw invalid('id: must match the board id in the URL', 'id');
	}
	return saveBoard(await ctxOf(event), { ...body, id: event.params.id });
});
