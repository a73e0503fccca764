import { api, ctxOf, jsonBody } from '$lib/server/http';
import { DomainError } from '$lib/server/errors';
import { importCis } from '$lib/server/cmdb/import';

const MAX_CSV_BYTES = 20 * 1024 * 1024;

/**
 * Body: text/csv with ?dryRun=false to write (a dry run is the default), or JSON { csv, dryRun }.
 * Answers the report; 422 when any row has an error (nothing was written).
 */
export const POST = api(async (event) => {
	const ctx = await ctxOf(event);
	const type = event.request.headers.get('content-type') ?? '';
	let input: unknown;
	if (type.startsWith('text/csv')) {
		const csv = await event.request.text();
		if (csv.length > MAX_CSV_BYTES) throw new DomainError('TOO_LARGE', `CSV exceeds ${MAX_CSV_BYTES} bytes`);
		input = { csv, dryRun: event.url.searchParams.get('dryRun') !== 'false' };
	} else {
		input = await jsonBody(event.request);
	}
	const report = await importCis(ctx, input);
	return Response.json(report, { status: report.errors.length ? 422 : report.dryRun ? 200 : 201 });
});
