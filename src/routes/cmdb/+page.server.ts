import type { PageServerLoad } from './$types';
import { ctxOf } from '$lib/server/http';
import { pageLoad } from '$lib/server/page';
import { searchCis } from '$lib/server/cmdb/items';
import { listClasses } from '$lib/server/cmdb/classes';
import { CI_STATUSES } from '$lib/server/cmdb/schemas';
import { can } from '$lib/server/rbac/actor';

const PAGE_SIZE = 25;

export const load: PageServerLoad = pageLoad(async (event) => {
	const ctx = await ctxOf(event);
	const p = event.url.searchParams;
	const filters = { q: p.get('q') ?? '', classId: p.get('classId') ?? '', status: p.get('status') ?? '' };
	const page = Math.max(1, Number.parseInt(p.get('page') ?? '1', 10) || 1);
	const [found, classes] = await Promise.all([
		searchCis(ctx, {
			q: filters.q || undefined,
			classId: filters.classId || undefined,
			status: filters.status || undefined,
			limit: PAGE_SIZE,
			offset: (page - 1) * PAGE_SIZE
		}),
		listClasses(ctx)
	]);
	return {
		filters,
		page,
		canWrite: can(ctx.actor, 'cmdb.write'),
		limit: PAGE_SIZE,
		total: found.total,
		items: found.items,
		classes: classes.map((c) => ({ id: c.id, label: c.label })),
		statuses: [...CI_STATUSES]
	};
});
