import { api, ctxOf } from '$lib/server/http';
import { getRuntime } from '$lib/server/runtime';
import { authorize } from '$lib/server/rbac/actor';
import { parseKpiRequest, runKpis } from '$lib/server/kpi/index';

export const GET = api(async (event) => {
	authorize((await ctxOf(event)).actor, 'kpi.read');
	const req = parseKpiRequest(event.url.searchParams);
	const series = await runKpis((await getRuntime()).ch, req);
	return { from: req.from, to: req.to, groupBy: req.groupBy, filters: req.filters, series };
});
