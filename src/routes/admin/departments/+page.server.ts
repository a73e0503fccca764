import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { pageCtx } from '$lib/server/http';
import { listAccounts, listDepartments } from '$lib/server/rbac/admin';

export const load: PageServerLoad = pageLoad(async ({ locals }) => {
	const ctx = await pageCtx(locals);
	const [departments, accounts] = await Promise.all([listDepartments(ctx), listAccounts(ctx, { limit: 2000 })]);
	return {
		departments: departments.map((d) => ({
			id: d.id,
			code: d.code,
			name: d.name,
			ownerAccountId: d.ownerAccountId,
			people: accounts.filter((a) => a.departmentId === d.id).length,
			createdAt: d.createdAt.toISOString()
		})),
		accounts: accounts.filter((a) => a.active).map((a) => ({ id: a.id, email: a.email, name: a.name }))
	};
});
