import { api, ctxOf } from '$lib/server/http';
import { costCenterStatement } from '$lib/server/finance/reports';
import { pdfResponse, reportFormat, statementCsv, statementHistory, statementPdf } from '$lib/server/finance/exports';
import { csvResponse } from '$lib/server/finance/csv';

/** One cost center (id or code): finance.read or its owner; `?format=csv|pdf` (the PDF charts the last 6 periods). */
export const GET = api(async (event) => {
	const format = reportFormat(event.url.searchParams, ['json', 'csv', 'pdf']);
	const ctx = await ctxOf(event);
	const st = await costCenterStatement(ctx, event.params.period, event.params.costCenter!);
	const name = `statement-${st.department!.code}-${st.period}`;
	if (format === 'csv') return csvResponse(statementCsv(st), `${name}.csv`);
	if (format === 'pdf') return pdfResponse(statementPdf(st, await statementHistory(ctx, st)), `${name}.pdf`);
	return st;
});
