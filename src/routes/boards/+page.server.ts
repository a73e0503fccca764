import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { getRuntime } from '$lib/server/runtime';
import { listBoards } from '$lib/server/boards/service';
import { METRIC_VALUES, TILE_KINDS, WINDOWS } from '$lib/server/boards/model';
import { METRICS } from '$lib/server/kpi/model';

export const load: PageServerLoad = pageLoad(async ({ locals }) => {
	const boards = await listBoards({ db: (await getRuntime()).pg.db, actor: locals.actor });
	return {
		boards,
		canEdit: locals.actor!.permissions.has('boards.manage'),
		tileKinds: [...TILE_KINDS],
		windows: [...WINDOWS],
		/** The metric picker: every metric that offers a value (alert_noise is a stub). */
		metrics: METRICS.filter((m) => METRIC_VALUES[m].length),
		metricValues: METRIC_VALUES
	};
});
