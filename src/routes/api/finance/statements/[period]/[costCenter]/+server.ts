import { api, ctxOf } from '$lib/server/http';
import { costCenterStatement } from '$lib/server/finance/reports';
import { pdfResponse, reportFormat, statementCsv, statementPdf } from '$lib/server/finance/exports';
import { csvResponse } from '$lib/server/finance/csv';

/** One cost center (id or code): finance.read or its owner; `?format=csv|pdf`. */
export const GET = api(async (event) => {
	const format = reportFormat(event.url.searchParams, ['json', 'csv', 'pdf']);
	const st = await costCenterStatement(await ctxOf(event), event.params.period, event.params.costCenter!);
	const name = `statement-${st.department!.code}-${st.period}`;
	if (format === 'csv') return csvResponse(statementCsv(st), `${name}.csv`);
	if (format === 'pdf') return pdfResponse(statementPdf(st), `${name}.pdf`);
	return st;
});
