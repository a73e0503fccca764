import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { startPage } from '$lib/access';

/** `/` lands each account on its own start page (src/lib/access.ts). */
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.actor) redirect(303, '/login');
	redirect(303, startPage(locals.actor.roles, locals.actor.permissions));
};
