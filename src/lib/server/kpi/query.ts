/**
 * queryKpis: the KPI verb for requests (API, pages). Authorizes itself (kpi.read), parses the
 * query string (400 naming the parameter), and runs the engine on the context's ClickHouse.
 */
import { chOf, type Ctx } from '../context';
import { authorize } from '../rbac/actor';
import { parseKpiRequest } from './request';
import { runKpis } from './run';
import type { KpiRequest, KpiSeries, RunKpiOptions } from './model';

export interface KpiAnswer {
	from: Date;
	to: Date;
	groupBy: KpiRequest['groupBy'];
	filters: KpiRequest['filters'];
	series: KpiSeries[];
}

export async function queryKpis(
	ctx: Ctx,
	input: URLSearchParams | Record<string, string | undefined> | KpiRequest,
	opts: RunKpiOptions = {}
): Promise<KpiAnswer> {
	authorize(ctx.actor, 'kpi.read');
	const req = 'metrics' in input && Array.isArray(input.metrics) ? (input as KpiRequest) : parseKpiRequest(input as Record<string, string>);
	const series = await runKpis(chOf(ctx), req, opts);
	return { from: req.from, to: req.to, groupBy: req.groupBy, filters: req.filters, series };
}
