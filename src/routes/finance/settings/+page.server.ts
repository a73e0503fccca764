import type { PageServerLoad } from './$types';
import { ctxOf } from '$lib/server/http';
import { pageLoad } from '$lib/server/page';
import { financeBase } from '$lib/server/finance/pageData';

export const load: PageServerLoad = pageLoad(async (event) => ({ base: await financeBase(await ctxOf(event)) }));
