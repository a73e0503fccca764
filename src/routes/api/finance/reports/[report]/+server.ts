import { api, ctxOf } from '$lib/server/http';
import { notFound } from '$lib/server/errors';
import { budgetVsActual, costPerTicket, trend } from '$lib/server/finance/reports';
import { BUDGET_COLUMNS, COST_PER_TICKET_COLUMNS, reportFormat, TREND_COLUMNS } from '$lib/server/finance/exports';
import { csvResponse, toCsv, type CsvColumn } from '$lib/server/finance/csv';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const REPORTS: Record<string, { run: typeof trend | typeof budgetVsActual | typeof costPerTicket; columns: CsvColumn<any>[] }> = {
	'budget-vs-actual': { run: budgetVsActual, columns: BUDGET_COLUMNS },
	trend: { run: trend, columns: TREND_COLUMNS },
	'cost-per-ticket': { run: costPerTicket, columns: COST_PER_TICKET_COLUMNS }
};

/** ?from=YYYY-MM&to=YYYY-MM[&departmentId=][&format=csv] */
export const GET = api(async (event) => {
	const report = REPORTS[event.params.report!];
	if (!report) throw notFound(`Report ${event.params.report}`);
	const format = reportFormat(event.url.searchParams);
	const q = event.url.searchParams;
	const rows = await report.run(await ctxOf(event), {
		from: q.get('from') ?? '',
		to: q.get('to') ?? '',
		departmentId: q.get('departmentId') ?? undefined
	});
	if (format === 'csv') return csvResponse(toCsv(report.columns, rows), `${event.params.report}-${q.get('from')}-${q.get('to')}.csv`);
	return rows;
});
