import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { listBoards } from '$lib/server/boards/service';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.actor) error(401, 'A display token (?token=…) or a signed-in account is required');
	const rt = await getRuntime();
	const boards = await listBoards({ db: rt.pg.db, actor: locals.actor });
	if (!boards.some((b) => b.id === params.board)) error(404, `Board ${params.board} not found`);
	// ?rotate=0 stops the rotation; ?rotate=N shows each board N seconds (else its own rotateS).
	const rotate = url.searchParams.get('rotate');
	const seconds = rotate ? Number(rotate) : NaN;
	return {
		boards: boards.map((b) => ({ id: b.id, name: b.name, rotateS: b.rotateS, tiles: b.tiles })),
		start: params.board,
		token: url.searchParams.get('token'),
		rotate: rotate !== '0',
		rotateS: Number.isFinite(seconds) && seconds > 0 ? Math.min(3600, Math.max(1, seconds)) : null,
		// The board's newest frame when this process has one: the first paint has data.
		initial: rt.services.hub?.cachedFrame(params.board) ?? null
	};
};
