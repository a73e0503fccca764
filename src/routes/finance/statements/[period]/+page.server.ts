import type { PageServerLoad } from './$types';
import { ctxOf } from '$lib/server/http';
import { pageLoad } from '$lib/server/page';
import { financeBase } from '$lib/server/finance/pageData';
import { periodStatement } from '$lib/server/finance/reports';
import { listPeriods } from '$lib/server/finance/settings';

/** A period's statement: totals per cost center (with CSV/PDF downloads) and its lines (?cc= one cost center). */
export const load: PageServerLoad = pageLoad(async (event) => {
	const ctx = await ctxOf(event);
	const [base, st, periods] = await Promise.all([financeBase(ctx), periodStatement(ctx, event.params.period), listPeriods(ctx)]);
	const cc = event.url.searchParams.get('cc') ?? '';
	const codeOf = new Map(base.departments.map((d) => [d.id, d.code]));
	// Totals per cost center are sums: added in BigInt, sent as digit strings of cents (can pass 2^53).
	const byDept = new Map<string, bigint>();
	for (const l of st.lines) byDept.set(l.departmentId ?? '', (byDept.get(l.departmentId ?? '') ?? 0n) + BigInt(l.amountCents));
	const centers = [...byDept.entries()]
		.map(([id, total]) => ({ id, code: id ? (codeOf.get(id) ?? id) : '', name: base.departments.find((d) => d.id === id)?.name ?? '', totalCents: total.toString() }))
		.sort((a, b) => (a.code === '' ? 1 : b.code === '' ? -1 : a.code.localeCompare(b.code)));
	const dept = base.departments.find((d) => d.code === cc);
	const lines = (dept ? st.lines.filter((l) => l.departmentId === dept.id) : st.lines).map((l) => ({ ...l, costCenter: l.departmentId ? (codeOf.get(l.departmentId) ?? '') : '' }));
	return {
		base,
		cc: dept?.code ?? '',
		period: periods.find((p) => p.period === st.period) ?? null,
		statement: { period: st.period, status: st.status, mode: st.mode, currency: st.currency, createdAt: st.createdAt, closedAt: st.closedAt, totalCents: st.totalCents, lineCount: st.lines.length },
		centers,
		lines: lines.slice(0, 2000),
		truncated: lines.length > 2000
	};
});
