import { api, ctxOf, jsonBody } from '$lib/server/http';
import { validateBoard } from '$lib/server/boards/service';
import { computeBoardFrame } from '$lib/server/boards/compute';
import { authorize } from '$lib/server/rbac/actor';

/** The frame of an unsaved board (the editor's live preview): validated as a save, nothing stored. */
export const POST = api(async (event) => {
	const ctx = await ctxOf(event);
	authorize(ctx.actor, 'boards.manage');
	const body = (await jsonBody(event.request)) as Record<string, unknown>;
	return computeBoardFrame(ctx.ch, validateBoard({ ...(body && typeof body === 'object' ? body : {}), id: event.params.id }));
});
