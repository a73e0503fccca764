import type { PageServerLoad } from './$types';
import { pageLoad } from '$lib/server/page';
import { getSettings } from '$lib/server/finance/settings';
import { pageCtx } from '$lib/server/http';
import { budgetVsActual, costPerTicket, trend } from '$lib/server/finance/reports';
import { isDomainError } from '$lib/server/errors';
import { departments } from '../../../schemas/postgres/index';

const month = (d: Date) => d.toISOString().slice(0, 7);

export const load: PageServerLoad = pageLoad(async ({ locals, url }) => {
	const actor = locals.actor!;
	const now = new Date();
	const from = url.searchParams.get('from') ?? month(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1)));
	const to = url.searchParams.get('to') ?? month(now);
	const ctx = await pageCtx(locals);
	try {
		const [trendRows, budgets, cpt, deps, settings] = await Promise.all([
			trend(ctx, { from, to }),
			budgetVsActual(ctx, { from, to }),
			costPerTicket(ctx, { from, to }),
			ctx.db.select({ id: departments.id, code: departments.code, name: departments.name }).from(departments),
			getSettings(ctx)
		]);
		return { from, to, error: null, code: null, currency: settings.currency, trend: trendRows, budgets, costPerTicket: cpt, departments: deps, canRun: actor.permissions.has('finance.run') };
	} catch (e) {
		if (!isDomainError(e)) throw e;
		return { from, to, error: e.message, code: e.code, currency: 'EUR', trend: [], budgets: [], costPerTicket: [], departments: [], canRun: false };
	}
});
