import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { pageCtx } from '$lib/server/http';
import { listAccounts, listDepartments } from '$lib/server/rbac/admin';
import { listGroups } from '$lib/server/tickets/groups';
import { ROLES } from '$lib/server/rbac/roles';

export const load: PageServerLoad = pageLoad(async ({ locals }) => {
	const ctx = await pageCtx(locals);
	const [accounts, departments, groups] = await Promise.all([listAccounts(ctx, { limit: 2000 }), listDepartments(ctx), listGroups(ctx)]);
	return {
		accounts,
		departments: departments.map((d) => ({ id: d.id, code: d.code, name: d.name })),
		groups: groups.map((g) => ({ id: g.id, name: g.name, tier: g.tier })),
		roles: Object.keys(ROLES),
		meId: locals.actor?.accountId ?? null
	};
});
