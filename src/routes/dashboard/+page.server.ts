import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { listGroups } from '$lib/server/tickets/groups';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.actor?.permissions.has('kpi.read')) error(403, 'Permission "kpi.read" is required');
	const groups = await listGroups({ db: (await getRuntime()).pg.db, actor: locals.actor });
	return { groups: groups.map((g) => ({ id: g.id, name: g.name, tier: g.tier })) };
};
