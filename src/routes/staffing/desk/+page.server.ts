import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { getRuntime } from '$lib/server/runtime';
import { listPlans } from '$lib/server/staffing/plans';
import { groups } from '../../../../schemas/postgres/index';

export const load: PageServerLoad = pageLoad(async ({ locals }) => {
	const rt = await getRuntime();
	const ctx = { db: rt.pg.db, actor: locals.actor };
	const [plans, groupRows] = await Promise.all([listPlans(ctx), rt.pg.db.select({ id: groups.id, name: groups.name, tier: groups.tier }).from(groups).orderBy(groups.tier, groups.name)]);
	return {
		groups: groupRows,
		plans: plans
			.filter((p) => p.mode === 'desk')
			.map((p) => ({ ...p, createdAt: p.createdAt.toISOString(), publishedAt: p.publishedAt?.toISOString() ?? null })),
		canPlan: locals.actor?.permissions.has('staffing.plan') ?? false
	};
});
