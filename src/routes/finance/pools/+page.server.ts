import type { PageServerLoad } from './$types';
import { ctxOf } from '$lib/server/http';
import { pageLoad } from '$lib/server/page';
import { financeBase, periodParam } from '$lib/server/finance/pageData';
import { listCostPools } from '$lib/server/finance/pools';
import { listPeriods } from '$lib/server/finance/settings';

/** The cost pools of one period (?period=, default this month) and how each is spread. */
export const load: PageServerLoad = pageLoad(async (event) => {
	const ctx = await ctxOf(event);
	const period = periodParam(event.url);
	const [base, pools, periods] = await Promise.all([financeBase(ctx), listCostPools(ctx, period), listPeriods(ctx)]);
	return {
		base,
		period,
		closed: periods.find((p) => p.period === period)?.status === 'closed',
		pools: pools.map((p) => ({ id: p.id, name: p.name, amountCents: p.amountCents, rule: p.rule, percentages: (p.percentages as Record<string, number> | null) ?? null }))
	};
});
