import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { listBoards } from '$lib/server/boards/service';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!locals.actor) error(401, 'A display token (?token=…) or a signed-in account is required');
	const boards = await listBoards({ db: (await getRuntime()).pg.db, actor: locals.actor });
	if (!boards.some((b) => b.id === params.board)) error(404, `Board ${params.board} not found`);
	return {
		boards: boards.map((b) => ({ id: b.id, name: b.name, rotateS: b.rotateS, tiles: b.tiles })),
		start: params.board,
		token: url.searchParams.get('token'),
		rotate: url.searchParams.get('rotate') !== '0'
	};
};
