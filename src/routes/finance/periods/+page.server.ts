import type { PageServerLoad } from './$types';
import { ctxOf } from '$lib/server/http';
import { pageLoad } from '$lib/server/page';
import { financeBase } from '$lib/server/finance/pageData';
import { listPeriods, type PeriodView } from '$lib/server/finance/settings';
import { addPeriods } from '$lib/server/finance/money';

/** The last 12 months and every period already known (run, closed or budgeted), newest first. */
export const load: PageServerLoad = pageLoad(async (event) => {
	const ctx = await ctxOf(event);
	const [base, known] = await Promise.all([financeBase(ctx), listPeriods(ctx)]);
	const now = new Date().toISOString().slice(0, 7);
	const byPeriod = new Map(known.map((p) => [p.period, p]));
	for (let i = 0; i < 12; i++) {
		const p = addPeriods(now, -i);
		if (!byPeriod.has(p))
			byPeriod.set(p, { period: p, status: 'open', closedAt: null, closedBy: null, closedByName: null, reopenedAt: null, reopenedBy: null, reopenedByName: null, reopenReason: null, statement: null } satisfies PeriodView);
	}
	const periods = [...byPeriod.values()].sort((a, b) => (a.period < b.period ? 1 : -1));
	return { base, periods };
});
