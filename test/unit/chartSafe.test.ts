// Issue 18 (K1, medium 4): tooltip formatters' output is escaped (tooltips are HTML in echarts).
import { describe, expect, it } from 'vitest';
import { escapeHtml, safeChartOption } from '../../src/lib/chartSafe.ts';

const EVIL = '<img src=x onerror="alert(1)">';

describe('safeChartOption', () => {
	it('escapes what every tooltip formatter returns, at any depth, and leaves canvas labels alone', () => {
		const label = (p: { name: string }) => p.name;
		const opt = safeChartOption({
			tooltip: { formatter: (p: { name: string }) => `${p.name} · server`, valueFormatter: (v: string) => v },
			series: [{ type: 'graph', tooltip: { formatter: (p: { name: string }) => p.name }, label: { formatter: label }, data: [{ name: EVIL, tooltip: { formatter: () => [EVIL] } }] }]
		});
		expect(opt.tooltip.formatter({ name: EVIL })).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; · server');
		expect(opt.tooltip.valueFormatter(EVIL)).toBe(escapeHtml(EVIL));
		expect(opt.series[0].tooltip.formatter({ name: EVIL })).not.toContain('<');
		expect((opt.series[0].data[0].tooltip.formatter as () => string[])()).toEqual([escapeHtml(EVIL)]);
		expect(opt.series[0].label.formatter).toBe(label); // drawn as canvas text: not escaped
		expect(opt.series[0].data[0].name).toBe(EVIL); // data untouched (echarts escapes its defaults)
		// Wrapping twice escapes once.
		expect(safeChartOption(opt).tooltip.formatter({ name: '<b>' })).toBe('&lt;b&gt; · server');
	});

	it('escapeHtml covers the five characters', () => {
		expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
		expect(escapeHtml(null)).toBe('');
	});
});
