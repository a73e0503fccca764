import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { pageLoad } from '$lib/server/page';
import { listQueue, queueQueryFromParams } from '$lib/server/tickets/queue';
import { listGroups } from '$lib/server/tickets/groups';
import { listSavedViews } from '$lib/server/tickets/views';

export const load: PageServerLoad = pageLoad(async ({ locals, url }) => {
	const ctx = { db: (await getRuntime()).pg.db, actor: locals.actor };
	const agent = !!locals.actor?.permissions.has('tickets.work');
	const [queue, groups, views] = await Promise.all([
		listQueue(ctx, queueQueryFromParams(url.searchParams)),
		listGroups(ctx),
		agent ? listSavedViews(ctx) : Promise.resolve([])
	]);
	return {
		agent,
		me: locals.actor?.accountId ?? null,
		queue,
		groups: groups.map((g) => ({ id: g.id, name: g.name, tier: g.tier })),
		views
	};
});
