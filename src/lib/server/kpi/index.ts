/** The KPI engine: parse a request, run it (rollup or raw), get series. Definitions: DEFINITIONS.md. */
export { parseKpiRequest, MAX_SPAN_DAYS, MAX_HOUR_SPAN_DAYS } from './request';
export { runKpis } from './run';
export { planKpis, type KpiPlan } from './planner';
export * from './model';
export { queryKpis, type KpiAnswer } from './query';
