import type { PageServerLoad } from './$types';
import { ctxOf } from '$lib/server/http';
import { pageLoad } from '$lib/server/page';
import { financeBase, periodParam } from '$lib/server/finance/pageData';
import { listBudgets } from '$lib/server/finance/budgets';
import { budgetVsActual } from '$lib/server/finance/reports';
import { listPeriods } from '$lib/server/finance/settings';

/** Budgets of one period (?period=YYYY-MM, default this month) per cost center × cost type, with the actuals. */
export const load: PageServerLoad = pageLoad(async (event) => {
	const ctx = await ctxOf(event);
	const period = periodParam(event.url);
	const [base, budgets, bva, periods] = await Promise.all([
		financeBase(ctx),
		listBudgets(ctx, { from: period, to: period }),
		budgetVsActual(ctx, { from: period, to: period }),
		listPeriods(ctx)
	]);
	return {
		base,
		period,
		closed: periods.find((p) => p.period === period)?.status === 'closed',
		budgets: budgets.map((b) => ({ departmentId: b.departmentId, costType: b.costType, amountCents: b.amountCents })),
		actuals: bva.map((r) => ({ departmentId: r.departmentId, costType: r.costType, actualCents: r.actualCents, budgetState: r.budgetState, overspend: r.overspend }))
	};
});
