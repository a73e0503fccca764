import { api, ctxOf } from '$lib/server/http';
import { exportCmdb } from '$lib/server/cmdb/backup';

export const GET = api(async (event) => {
	const data = await exportCmdb(await ctxOf(event));
	return Response.json(data, {
		headers: { 'content-disposition': `attachment; filename="cmdb-export-${data.exportedAt.slice(0, 10)}.json"` }
	});
});
