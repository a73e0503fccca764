import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';

export const load: PageServerLoad = pageLoad(async () => ({}));
