import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { pageLoad } from '$lib/server/page';
import { listQueryFromParams, listTickets } from '$lib/server/tickets/query';
import { listGroups } from '$lib/server/tickets/groups';

export const load: PageServerLoad = pageLoad(async ({ locals, url }) => {
	const ctx = { db: (await getRuntime()).pg.db, actor: locals.actor };
	const [r, groups] = await Promise.all([listTickets(ctx, listQueryFromParams(url.searchParams)), listGroups(ctx)]);
	return {
		total: r.total,
		page: r.page,
		limit: r.limit,
		groups: groups.map((g) => ({ id: g.id, name: g.name })),
		items: r.items.map((t) => ({
			id: t.id,
			number: t.number,
			title: t.title,
			status: t.status,
			priority: t.priority,
			category: t.category,
			tier: t.tier,
			channel: t.channel,
			createdAt: t.createdAt.toISOString(),
			resolvedAt: t.resolvedAt?.toISOString() ?? null
		}))
	};
});
