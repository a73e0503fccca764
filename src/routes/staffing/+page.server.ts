import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';

// staffing.read is checked by pageLoad (src/lib/access.ts).
export const load: PageServerLoad = pageLoad(async ({ locals }) => ({ canPlan: locals.actor!.permissions.has('staffing.plan') }));
