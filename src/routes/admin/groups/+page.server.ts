import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { pageCtx } from '$lib/server/http';
import { groupCandidates, listGroupsWithMembers } from '$lib/server/tickets/groups';

export const load: PageServerLoad = pageLoad(async ({ locals }) => {
	const ctx = await pageCtx(locals);
	const [groups, people] = await Promise.all([listGroupsWithMembers(ctx), groupCandidates(ctx)]);
	return { groups, people };
});
