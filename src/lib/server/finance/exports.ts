/** CSV and PDF renderings of the finance reports (columns pinned by test/integration/finance). */
import { departments } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import { DomainError } from '../errors';
import { amount, toCsv, type CsvColumn } from './csv';
import type { Ctx } from '../context';
import { addPeriods, formatCents, sumCents } from './money';
import { PdfDocument, textWidth } from './pdf';
import { trend, type BudgetRow, type CostPerTicketRow, type LineView, type StatementView, type TrendRow } from './reports';
import { costByMonthSvg, KIND_LABEL, type MonthCost } from './chart';
import { svgToPdf } from './svgToPdf';

export const STATEMENT_COLUMNS: CsvColumn<LineView & { period: string; costCenter: string; currency: string }>[] = [
	{ header: 'period', value: (r) => r.period },
	{ header: 'cost_center', value: (r) => r.costCenter },
	{ header: 'kind', value: (r) => r.kind },
	{ header: 'item', value: (r) => r.item },
	{ header: 'basis', value: (r) => r.basis },
	{ header: 'units', value: (r) => r.units },
	{ header: 'unit_rate', value: (r) => amount(r.unitRateCents) },
	{ header: 'amount', value: (r) => amount(r.amountCents) },
	{ header: 'currency', value: (r) => r.currency },
	{ header: 'line_id', value: (r) => r.id }
];

export function statementCsv(s: StatementView, codeOf: (id: string | null) => string = () => ''): string {
	return toCsv(
		STATEMENT_COLUMNS,
		s.lines.map((l) => ({ ...l, period: s.period, costCenter: s.department?.code ?? codeOf(l.departmentId), currency: s.currency }))
	);
}

export const BUDGET_COLUMNS: CsvColumn<BudgetRow>[] = [
	{ header: 'period', value: (r) => r.period },
	{ header: 'cost_center', value: (r) => r.departmentCode },
	{ header: 'cost_type', value: (r) => r.costType },
	{ header: 'budget', value: (r) => amount(r.budgetCents) },
	{ header: 'actual', value: (r) => amount(r.actualCents) },
	{ header: 'variance', value: (r) => amount(r.varianceCents) },
	{ header: 'variance_pct', value: (r) => r.variancePct }
];

export const TREND_COLUMNS: CsvColumn<TrendRow>[] = [
	{ header: 'period', value: (r) => r.period },
	{ header: 'status', value: (r) => r.status ?? 'not run' },
	{ header: 'tickets', value: (r) => r.tickets },
	...(['tickets', 'labor', 'ci', 'services', 'overhead'] as const).map((k) => ({ header: `${k}_amount`, value: (r: TrendRow) => amount(r.byKind[k] ?? '0') })),
	{ header: 'total', value: (r) => amount(r.totalCents) }
];

export const COST_PER_TICKET_COLUMNS: CsvColumn<CostPerTicketRow>[] = [
	{ header: 'period', value: (r) => r.period },
	{ header: 'desk_cost', value: (r) => amount(r.deskCostCents) },
	{ header: 'tickets', value: (r) => r.tickets },
	{ header: 'cost_per_ticket', value: (r) => amount(r.costPerTicketCents) }
];

/** How many periods the statement's chart covers (the statement's period and the ones before it). */
export const CHART_PERIODS = 6;

/**
 * The cost center's cost by kind over the last CHART_PERIODS periods, ending with the statement's
 * (the trend report restricted to the cost center; same rights as the statement itself).
 */
export async function statementHistory(ctx: Ctx, s: StatementView): Promise<MonthCost[]> {
	if (!s.department) return [];
	return trend(ctx, { from: addPeriods(s.period, 1 - CHART_PERIODS), to: s.period, departmentId: s.department.id });
}

/** The statement's own period, by kind (the chart's data when no history is given). */
function ownMonth(s: StatementView): MonthCost {
	const byKind: Record<string, string> = {};
	for (const l of s.lines) byKind[l.kind] = sumCents([byKind[l.kind], l.amountCents]).toString();
	return { period: s.period, status: s.status, byKind };
}

/**
 * A printable A4 statement of one cost center: header, a chart of the cost center's cost by month
 * (echarts SSR SVG → PDF operators; `history` from statementHistory, else the statement's period
 * alone), the line table (paginated), totals by kind.
 */
export function statementPdf(s: StatementView, history?: readonly MonthCost[]): Buffer {
	const doc = new PdfDocument();
	const M = 40;
	const W = doc.width - 2 * M;
	// Right edges of the numeric columns (units, rate, amount); the text columns start at their x.
	const cols = { kind: M, item: M + 80, basis: M + 215, units: M + 360, rate: M + 435, amount: M + W };
	let y = 0;
	let page = 0;
	const title = `${s.mode === 'chargeback' ? 'Chargeback' : 'Showback'} statement`;
	const header = () => {
		doc.addPage();
		page++;
		y = doc.height - M;
		doc.text(M, y - 8, `Opshub — ${title}`, { size: 16, font: 'bold' });
		y -= 30;
		doc.text(M, y, `Cost center: ${s.department?.code ?? '-'} — ${s.department?.name ?? ''}`, { size: 11 });
		doc.text(M + W, y, `Period: ${s.period}`, { size: 11, align: 'right' });
		y -= 15;
		doc.text(M, y, `Status: ${s.status}   Currency: ${s.currency}`, { size: 9 });
		doc.text(M + W, y, `Inputs fingerprint: ${s.fingerprint.slice(0, 16)}`, { size: 8, align: 'right' });
		y -= 20;
		if (page === 1) {
			const months = history?.length ? history : [ownMonth(s)];
			doc.text(M, y, `Cost by month (${months[0].period} to ${months[months.length - 1].period}), by kind`, { size: 10, font: 'bold' });
			const H = 170;
			y -= 6 + H;
			const svg = costByMonthSvg(months, { width: Math.round(W), height: H, currency: s.currency });
			doc.raw(svgToPdf(svg, { x: M, y, width: W, height: H }));
			if (months.some((m) => !m.status)) {
				y -= 10;
				doc.text(M, y, '* period not run yet', { size: 7 });
			}
			y -= 22;
		}
		doc.rect(M, y - 4, W, 16, { fillGrey: 0.88 });
		doc.text(cols.kind + 2, y, 'Kind', { size: 9, font: 'bold' });
		doc.text(cols.item, y, 'Item', { size: 9, font: 'bold' });
		doc.text(cols.basis, y, 'Basis', { size: 9, font: 'bold' });
		doc.text(cols.units, y, 'Units', { size: 9, font: 'bold', align: 'right' });
		doc.text(cols.rate, y, 'Unit rate', { size: 9, font: 'bold', align: 'right' });
		doc.text(cols.amount - 2, y, 'Amount', { size: 9, font: 'bold', align: 'right' });
		y -= 18;
	};
	const footer = () => doc.text(M + W, 25, `Page ${page}`, { size: 8, align: 'right' });
	header();
	const clip = (t: string, n: number) => (t.length > n ? t.slice(0, n - 1) + '…' : t);
	for (const l of s.lines) {
		if (y < 90) {
			footer();
			header();
		}
		doc.text(cols.kind + 2, y, KIND_LABEL[l.kind] ?? l.kind, { size: 9 });
		doc.text(cols.item, y, clip(l.item, 26), { size: 9 });
		doc.text(cols.basis, y, clip(l.basis, 24), { size: 8 });
		doc.text(cols.units, y, String(l.units), { size: 9, align: 'right' });
		doc.text(cols.rate, y, l.unitRateCents === null ? '' : formatCents(l.unitRateCents), { size: 9, align: 'right' });
		doc.text(cols.amount - 2, y, formatCents(l.amountCents), { size: 9, align: 'right' });
		doc.line(M, y - 4, M + W, y - 4, 0.2);
		y -= 15;
	}
	if (y < 150) {
		footer();
		header();
	}
	y -= 6;
	const byKind = new Map<string, bigint>();
	for (const l of s.lines) byKind.set(l.kind, (byKind.get(l.kind) ?? 0n) + BigInt(l.amountCents));
	// A label sits left of its amount, however long the (exact) amount is.
	const labelX = (amount: string, size: number, font: 'regular' | 'bold' = 'regular') => Math.min(cols.amount - 120, cols.amount - 2 - textWidth(amount, size) * (font === 'bold' ? 1.1 : 1) - 12);
	for (const [k, v] of byKind) {
		doc.text(labelX(formatCents(v), 9), y, `${KIND_LABEL[k] ?? k}`, { size: 9, align: 'right' });
		doc.text(cols.amount - 2, y, formatCents(v), { size: 9, align: 'right' });
		y -= 13;
	}
	doc.line(cols.amount - 200, y + 8, M + W, y + 8, 0.8);
	y -= 6;
	const total = `${formatCents(s.totalCents)} ${s.currency}`;
	doc.text(labelX(total, 11, 'bold'), y, 'Total', { size: 11, font: 'bold', align: 'right' });
	doc.text(cols.amount - 2, y, total, { size: 11, font: 'bold', align: 'right' });
	doc.text(M, 40, `Generated ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${s.status === 'draft' ? ' — DRAFT, figures may change until the period is closed' : ''}`, { size: 7 });
	footer();
	return doc.toBuffer({ title: `${title} ${s.department?.code ?? ''} ${s.period}` });
}

/** The formats a report route answers: JSON by default, `?format=csv`, and PDF for a cost-center statement. */
export function reportFormat(params: URLSearchParams, allowed: readonly string[] = ['json', 'csv']): string {
	const f = params.get('format') ?? 'json';
	if (!allowed.includes(f)) throw new DomainError('INVALID', `format: must be one of ${allowed.join(', ')}`, 'format');
	return f;
}

export function pdfResponse(pdf: Buffer, filename: string): Response {
	return new Response(new Uint8Array(pdf), {
		headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${filename}"` }
	});
}

export async function periodStatementCsv(db: Db, st: StatementView): Promise<string> {
	const codes = new Map((await db.select({ id: departments.id, code: departments.code }).from(departments)).map((d) => [d.id, d.code]));
	return statementCsv(st, (id) => (id ? (codes.get(id) ?? id) : ''));
}
