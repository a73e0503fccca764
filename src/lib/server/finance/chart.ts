/**
 * The statement's chart, rendered server-side by echarts (SVG renderer, `ssr: true`, no DOM) and
 * drawn into the PDF by svgToPdf: a cost center's cost by month over the last periods, stacked by
 * cost kind.
 */
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { COST_TYPES } from './schemas';

echarts.use([BarChart, GridComponent, LegendComponent, SVGRenderer]);

export interface MonthCost {
	period: string;
	/** null when the period has no statement yet. */
	status: string | null;
	/** Cents (report sums come as digit strings; a bar's height only needs a double). */
	byKind: Record<string, number | string>;
}

export const KIND_LABEL: Record<string, string> = { tickets: 'Tickets', labor: 'Agent time', ci: 'Configuration items', services: 'Services', overhead: 'Shared costs' };
const KIND_COLOR: Record<string, string> = { tickets: '#3b6fb6', labor: '#e08a2c', ci: '#4c9a5b', services: '#8a5fb0', overhead: '#9a9a9a' };

/** An SVG string: one stacked bar per period (cost in currency units), a legend of the kinds present. */
export function costByMonthSvg(months: readonly MonthCost[], opts: { width: number; height: number; currency: string }): string {
	const kinds = COST_TYPES.filter((k) => months.some((m) => Number(m.byKind[k] ?? 0) !== 0));
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: opts.width, height: opts.height });
	try {
		chart.setOption({
			animation: false,
			textStyle: { fontFamily: 'Helvetica' },
			legend: { top: 0, left: 'center', itemWidth: 10, itemHeight: 8, textStyle: { fontSize: 10, color: '#333' }, data: kinds.map((k) => KIND_LABEL[k] ?? k) },
			grid: { left: 70, right: 12, top: 28, bottom: 28 },
			xAxis: {
				type: 'category',
				data: months.map((m) => (m.status ? m.period : `${m.period}*`)),
				axisLabel: { interval: 0, fontSize: 10, color: '#333' },
				axisTick: { alignWithLabel: true }
			},
			yAxis: {
				type: 'value',
				name: opts.currency,
				nameTextStyle: { fontSize: 9, color: '#555' },
				axisLabel: { fontSize: 9, color: '#555' },
				splitLine: { lineStyle: { color: '#dddddd' } }
			},
			series: kinds.map((k) => ({
				type: 'bar',
				name: KIND_LABEL[k] ?? k,
				stack: 'cost',
				barMaxWidth: 40,
				itemStyle: { color: KIND_COLOR[k] ?? '#666666' },
				data: months.map((m) => Number(m.byKind[k] ?? 0) / 100)
			}))
		});
		return chart.renderToSVGString();
	} finally {
		chart.dispose();
	}
}
