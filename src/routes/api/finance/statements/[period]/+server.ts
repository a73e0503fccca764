import { api, ctxOf } from '$lib/server/http';
import { periodStatement } from '$lib/server/finance/reports';
import { periodStatementCsv, reportFormat } from '$lib/server/finance/exports';
import { csvResponse } from '$lib/server/finance/csv';

/** The whole period (finance.read); `?format=csv` for a spreadsheet. */
export const GET = api(async (event) => {
	const format = reportFormat(event.url.searchParams);
	const ctx = await ctxOf(event);
	const st = await periodStatement(ctx, event.params.period);
	if (format === 'csv') return csvResponse(await periodStatementCsv(ctx.db, st), `statement-${st.period}.csv`);
	return st;
});
