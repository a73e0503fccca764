import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { pageLoad } from '$lib/server/page';
import { listGroups } from '$lib/server/tickets/groups';

export const load: PageServerLoad = pageLoad(async ({ locals }) => {
	if (!locals.actor?.permissions.has('tickets.work')) error(403, { message: 'Permission "tickets.work" is required', code: 'FORBIDDEN' });
	const ctx = { db: (await getRuntime()).pg.db, actor: locals.actor };
	const groups = await listGroups(ctx);
	return { groups: groups.map((g) => ({ id: g.id, name: g.name, tier: g.tier })), openedAt: new Date().toISOString() };
});
