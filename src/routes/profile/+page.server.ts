import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { actorView } from '$lib/server/rbac/view';

export const load: PageServerLoad = pageLoad(async ({ locals }) => ({ profile: actorView(locals.actor!) }));
