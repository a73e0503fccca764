/** Small numeric helpers for the benches: percentiles, formatting, plain-text tables. */

/** Nearest-rank percentile of an unsorted sample (p in 0..100). */
export function percentile(values: number[], p: number): number {
	if (!values.length) return NaN;
	const s = [...values].sort((a, b) => a - b);
	const rank = Math.max(1, Math.ceil((p / 100) * s.length));
	return s[Math.min(s.length, rank) - 1];
}

export const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
export const fmtMs = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
export const fmtS = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) + ' s' : '—');

/** A fixed-width text table (first column left-aligned, the rest right-aligned). */
export function textTable(header: string[], rows: string[][]): string {
	const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (r: string[]) => r.map((c, i) => (i === 0 ? (c ?? '').padEnd(w[i]) : (c ?? '').padStart(w[i]))).join('  ');
	return [line(header), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

export function mdTable(header: string[], rows: string[][]): string {
	return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
