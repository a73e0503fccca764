import { env } from '$env/dynamic/private';
import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { getRuntime } from '$lib/server/runtime';
import { listBoards, listDisplayTokens } from '$lib/server/boards/service';

export const load: PageServerLoad = pageLoad(async ({ locals, url }) => {
	const ctx = { db: (await getRuntime()).pg.db, actor: locals.actor };
	const [tokens, boards] = await Promise.all([listDisplayTokens(ctx), listBoards(ctx)]);
	return {
		tokens,
		boards: boards.map((b) => ({ id: b.id, name: b.name })),
		preselect: url.searchParams.get('board'),
		/** Wall URLs start with adapter-node's ORIGIN when set (behind a proxy), else the page's own origin. */
		origin: env.ORIGIN?.replace(/\/+$/, '') || null
	};
});
