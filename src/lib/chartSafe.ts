/**
 * ECharts renders a tooltip as HTML: a formatter function's string goes into innerHTML as it is,
 * so a CI named `<img src=x onerror=…>` ran script on hover (issue 18, stored XSS). Every chart
 * goes through safeChartOption (Chart.svelte): each tooltip `formatter` / `valueFormatter`
 * function anywhere in the option has its output escaped. Formatters in this app return text,
 * never markup. Labels are drawn on the canvas as text (escaping them would show `&lt;`), and
 * echarts' own default tooltips and string templates escape their values already.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(v: unknown): string {
	return String(v ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

type Fn = (...args: unknown[]) => unknown;
const WRAPPED = Symbol.for('opshub.chartSafe.wrapped');

function escaping(fn: Fn): Fn {
	if ((fn as { [WRAPPED]?: boolean })[WRAPPED]) return fn;
	const wrapped: Fn = (...args) => {
		const out = fn(...args);
		return typeof out === 'string' ? escapeHtml(out) : Array.isArray(out) ? out.map((x) => (typeof x === 'string' ? escapeHtml(x) : x)) : out;
	};
	(wrapped as { [WRAPPED]?: boolean })[WRAPPED] = true;
	return wrapped;
}

/** A copy of `option` whose tooltip formatter functions (at any depth) escape what they return. */
export function safeChartOption<T>(option: T): T {
	const walk = (v: unknown, inTooltip: boolean, depth: number): unknown => {
		if (depth > 12 || v === null || typeof v !== 'object') return v;
		if (Array.isArray(v)) return v.map((x) => walk(x, inTooltip, depth + 1));
		if (Object.getPrototypeOf(v) !== Object.prototype) return v; // typed arrays, dates, echarts objects
		const out: Record<string, unknown> = {};
		for (const [k, x] of Object.entries(v)) {
			if (inTooltip && (k === 'formatter' || k === 'valueFormatter') && typeof x === 'function') out[k] = escaping(x as Fn);
			else out[k] = walk(x, inTooltip || k === 'tooltip', depth + 1);
		}
		return out;
	};
	return walk(option, false, 0) as T;
}
