import type { PageServerLoad } from './$types';
import { error } from '@sveltejs/kit';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.actor?.permissions.has('staffing.read')) error(403, 'Permission "staffing.read" is required');
	return { canPlan: locals.actor.permissions.has('staffing.plan') };
};
