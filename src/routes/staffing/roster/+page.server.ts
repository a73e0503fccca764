import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { getRuntime } from '$lib/server/runtime';
import { listRoster } from '$lib/server/staffing/roster';
import { groups } from '../../../../schemas/postgres/index';

export const load: PageServerLoad = pageLoad(async ({ locals }) => {
	const rt = await getRuntime();
	const ctx = { db: rt.pg.db, actor: locals.actor };
	const [agents, groupRows] = await Promise.all([listRoster(ctx), rt.pg.db.select({ id: groups.id, name: groups.name, tier: groups.tier }).from(groups).orderBy(groups.tier, groups.name)]);
	return { agents, groups: groupRows, canEdit: locals.actor?.permissions.has('staffing.plan') ?? false };
});
