import type { PageServerLoad } from './$types';
import { ctxOf } from '$lib/server/http';
import { pageLoad } from '$lib/server/page';
import { authorize } from '$lib/server/rbac/actor';
import { ciFormOptions } from '../ciOptions.server';

/** The new-CI form; it posts to POST /api/cmdb/items (the one place CIs are validated). */
export const load: PageServerLoad = pageLoad(async (event) => {
	const ctx = await ctxOf(event);
	authorize(ctx.actor, 'cmdb.write');
	return { ...(await ciFormOptions(ctx)), preset: event.url.searchParams.get('class') ?? '' };
});
