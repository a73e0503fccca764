import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { pageLoad } from '$lib/server/page';
import { listQueue, queueQueryFromParams } from '$lib/server/tickets/queue';
import { listGroups } from '$lib/server/tickets/groups';
import { listSavedViews } from '$lib/server/tickets/views';
import { searchTickets } from '$lib/server/tickets/search';

export const load: PageServerLoad = pageLoad(async ({ locals, url }) => {
	const ctx = { db: (await getRuntime()).pg.db, actor: locals.actor };
	const agent = !!locals.actor?.permissions.has('tickets.work');
	const q = url.searchParams.get('q')?.trim();
	const [queue, groups, views, search] = await Promise.all([
		listQueue(ctx, queueQueryFromParams(url.searchParams)),
		listGroups(ctx),
		agent ? listSavedViews(ctx) : Promise.resolve([]),
		// The best matches of the text across the desk, ranked, their words highlighted.
		q ? searchTickets(ctx, { q, limit: 5 }) : Promise.resolve(null)
	]);
	return {
		agent,
		me: locals.actor?.accountId ?? null,
		queue,
		groups: groups.map((g) => ({ id: g.id, name: g.name, tier: g.tier })),
		views,
		search
	};
});
