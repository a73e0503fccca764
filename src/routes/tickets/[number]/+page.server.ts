import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { pageLoad } from '$lib/server/page';
import { getTicketPage } from '$lib/server/tickets/page';
import { listGroups } from '$lib/server/tickets/groups';

export const load: PageServerLoad = pageLoad(async ({ locals, params, url }) => {
	const ctx = { db: (await getRuntime()).pg.db, actor: locals.actor };
	const order = url.searchParams.get('order') === 'asc' ? 'asc' : 'desc';
	const [p, groups] = await Promise.all([getTicketPage(ctx, params.number, { order }), listGroups(ctx)]);
	return {
		...p,
		order,
		me: { id: locals.actor?.accountId ?? null, agent: !!locals.actor?.permissions.has('tickets.work') },
		groups: groups.map((g) => ({ id: g.id, name: g.name, tier: g.tier }))
	};
});
