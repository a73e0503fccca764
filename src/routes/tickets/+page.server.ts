import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { listQueryFromParams, listTickets } from '$lib/server/tickets/query';
import { isDomainError } from '$lib/server/errors';

export const load: PageServerLoad = async ({ locals, url }) => {
	const ctx = { db: (await getRuntime()).pg.db, actor: locals.actor };
	try {
		const r = await listTickets(ctx, listQueryFromParams(url.searchParams));
		return {
			error: null,
			total: r.total,
			page: r.page,
			limit: r.limit,
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
	} catch (e) {
		if (isDomainError(e)) return { error: e.message, total: 0, page: 1, limit: 50, items: [] };
		throw e;
	}
};
