import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { pageCtx } from '$lib/server/http';
import { listAccounts, rolesMatrix } from '$lib/server/rbac/admin';

export const load: PageServerLoad = pageLoad(async ({ locals }) => {
	const ctx = await pageCtx(locals);
	const matrix = rolesMatrix(ctx);
	const accounts = await listAccounts(ctx, { limit: 2000 });
	const holders = Object.fromEntries(matrix.roles.map((r) => [r.id, accounts.filter((a) => a.active && a.roles.includes(r.id)).length]));
	return { ...matrix, holders };
});
