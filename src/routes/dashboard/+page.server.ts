import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { getRuntime } from '$lib/server/runtime';
import { listGroups } from '$lib/server/tickets/groups';

export const load: PageServerLoad = pageLoad(async ({ locals }) => {
	const groups = await listGroups({ db: (await getRuntime()).pg.db, actor: locals.actor });
	return {
		groups: groups.map((g) => ({ id: g.id, name: g.name, tier: g.tier })),
		// The drill-down links open the ticket list: only for accounts that may read tickets.
		canReadTickets: locals.actor!.permissions.has('tickets.read')
	};
});
