import { api, ctxOf } from '$lib/server/http';
import { auditCsv, queryAuditLog } from '$lib/server/rbac/admin';
import { csvResponse } from '$lib/server/finance/csv';

/** ?actor=&entityType=&entityId=&action=&from=&to=&limit=&before=[&format=csv] (audit.read). */
export const GET = api(async (event) => {
	const params = Object.fromEntries(event.url.searchParams);
	const format = params.format;
	delete params.format;
	const out = await queryAuditLog(await ctxOf(event), params);
	if (format === 'csv') return csvResponse(auditCsv(out.rows), 'audit-log.csv');
	return out;
});
