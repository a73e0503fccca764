import { api, ctxOf, jsonBody } from '$lib/server/http';
import { listBudgets, setBudgets } from '$lib/server/finance/budgets';

export const GET = api(async (event) =>
	listBudgets(await ctxOf(event), { from: event.url.searchParams.get('from') ?? '', to: event.url.searchParams.get('to') ?? '' })
);
/** Upserts { budgets: [{ departmentId, period, costType, amountCents }] }. */
export const PUT = api(async (event) => setBudgets(await ctxOf(event), await jsonBody(event.request)));
