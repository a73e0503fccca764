/**
 * Finance reports: a cost center's statement, the whole period's statement, budget vs actual,
 * the monthly trend, cost per ticket, and the drill-down from a line to its tickets. Each has a
 * CSV form (reportCsv); the cost-center statement also renders as PDF (statementPdf.ts).
 */
import { and, asc, eq, gte, inArray, lte } from 'drizzle-orm';
import { z } from 'zod';
import { budgets, departments, statementLines, statements, tickets } from '../../../../schemas/postgres/index';
import type { Db } from '../db/index';
import type { Ctx } from '../context';
import type { ClickHouse } from '../analytics/clickhouse';
import { notFound, unprocessable } from '../errors';
import { parseInput } from '../validate';
import { authorizeCostCenter, authorizeRead, loadDepartment, type Department } from './access';
import { centsString, isPeriod, periodRange, periodWindow, sumCents, variance, type CentsTotal } from './money';
import { COST_TYPES, parsePeriod, period as periodSchema } from './schemas';
import { ticketIdsCreated, ticketIdsWorked } from './usage';

export interface LineView {
	id: number;
	departmentId: string | null;
	kind: string;
	item: string;
	basis: string;
	units: number;
	unitRateCents: number | null;
	amountCents: number;
}
export interface StatementView {
	period: string;
	status: string;
	mode: string;
	currency: string;
	fingerprint: string;
	createdAt: string;
	closedAt: string | null;
	department: Pick<Department, 'id' | 'code' | 'name'> | null;
	lines: LineView[];
	/** A sum: exact decimal string of cents (can pass 2^53). */
	totalCents: CentsTotal;
}

const lineView = (l: typeof statementLines.$inferSelect): LineView => ({
	id: l.id,
	departmentId: l.departmentId,
	kind: l.kind,
	item: l.item,
	basis: l.basis,
	units: l.units,
	unitRateCents: l.unitRateCents,
	amountCents: l.amountCents
});

async function loadStatement(db: Db, period: string) {
	const [st] = await db.select().from(statements).where(eq(statements.period, period));
	if (!st) throw notFound(`Statement of ${period}`);
	return st;
}

const KIND_ORDER = Object.fromEntries(COST_TYPES.map((k, i) => [k, i]));
const byKindItem = (a: LineView, b: LineView) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.item < b.item ? -1 : a.item > b.item ? 1 : a.id - b.id);

/** One cost center's statement: finance.read, or the owner of that cost center (else 403). */
export async function costCenterStatement(ctx: Ctx, rawPeriod: unknown, deptIdOrCode: string): Promise<StatementView> {
	const period = parsePeriod(rawPeriod);
	const dept = await loadDepartment(ctx.db, deptIdOrCode);
	authorizeCostCenter(ctx.actor, dept);
	const st = await loadStatement(ctx.db, period);
	const lines = (
		await ctx.db.select().from(statementLines).where(and(eq(statementLines.statementId, st.id), eq(statementLines.departmentId, dept.id)))
	)
		.map(lineView)
		.sort(byKindItem);
	return {
		period,
		status: st.status,
		mode: st.mode,
		currency: st.currency,
		fingerprint: st.fingerprint,
		createdAt: st.createdAt.toISOString(),
		closedAt: st.closedAt?.toISOString() ?? null,
		department: { id: dept.id, code: dept.code, name: dept.name },
		lines,
		totalCents: centsString(sumCents(lines.map((l) => l.amountCents)))
	};
}

/** The whole period (every cost center, and usage with none): finance.read. */
export async function periodStatement(ctx: Ctx, rawPeriod: unknown): Promise<StatementView & { totals: unknown }> {
	authorizeRead(ctx.actor);
	const period = parsePeriod(rawPeriod);
	const st = await loadStatement(ctx.db, period);
	const lines = (await ctx.db.select().from(statementLines).where(eq(statementLines.statementId, st.id)).orderBy(asc(statementLines.id))).map(lineView);
	return {
		period,
		status: st.status,
		mode: st.mode,
		currency: st.currency,
		fingerprint: st.fingerprint,
		createdAt: st.createdAt.toISOString(),
		closedAt: st.closedAt?.toISOString() ?? null,
		department: null,
		lines,
		totalCents: centsString(st.totalCents),
		totals: st.totals
	};
}

const rangeInput = z
	.object({ from: periodSchema, to: periodSchema, departmentId: z.uuid().optional() })
	// zod runs object refinements after non-fatal issues (a bad regex) too: compare only valid periods.
	.refine((r) => !isPeriod(r.from) || !isPeriod(r.to) || r.from <= r.to, { message: 'must not be after to', path: ['from'] })
	.refine((r) => !isPeriod(r.from) || !isPeriod(r.to) || periodRange(r.from, r.to, 1000).length <= 120, { message: 'a range spans at most 120 periods', path: ['to'] });
type RangeInput = z.input<typeof rangeInput>;

async function deptCodes(db: Db) {
	const rows = await db.select({ id: departments.id, code: departments.code, name: departments.name }).from(departments);
	return new Map(rows.map((r) => [r.id, r]));
}

export interface BudgetRow {
	period: string;
	departmentId: string;
	departmentCode: string;
	costType: string;
	/** Exact decimal strings of cents (actual is a sum; compare with BigInt, never as strings). */
	budgetCents: CentsTotal;
	actualCents: CentsTotal;
	varianceCents: CentsTotal;
	variancePct: number | null;
	/** 'missing': no budget row; 'zero': a budget of 0; 'set': a budget > 0. Only 'set' can be overspent. */
	budgetState: 'missing' | 'zero' | 'set';
	overspend: boolean;
}

/** Budget vs actual per period × cost center × cost type; actual = the period's statement lines. */
export async function budgetVsActual(ctx: Ctx, raw: RangeInput): Promise<BudgetRow[]> {
	const q = parseInput(rangeInput, raw);
	if (q.departmentId) authorizeCostCenter(ctx.actor, await loadDepartment(ctx.db, q.departmentId));
	else authorizeRead(ctx.actor);
	const codes = await deptCodes(ctx.db);
	const key = (p: string, d: string, k: string) => `${p}\u0000${d}\u0000${k}`;
	const acc = new Map<string, { budget: bigint; actual: bigint; budgeted: boolean }>();
	const bump = (k: string, f: 'budget' | 'actual', v: number | bigint | string) => {
		const cur = acc.get(k) ?? { budget: 0n, actual: 0n, budgeted: false };
		cur[f] += BigInt(v);
		if (f === 'budget') cur.budgeted = true;
		acc.set(k, cur);
	};
	const bs = await ctx.db.select().from(budgets).where(and(gte(budgets.period, q.from), lte(budgets.period, q.to), q.departmentId ? eq(budgets.departmentId, q.departmentId) : undefined));
	for (const b of bs) bump(key(b.period, b.departmentId, b.costType), 'budget', b.amountCents);
	const sts = await ctx.db.select({ id: statements.id, period: statements.period }).from(statements).where(and(gte(statements.period, q.from), lte(statements.period, q.to)));
	if (sts.length) {
		const per = new Map(sts.map((s) => [s.id, s.period]));
		const ls = await ctx.db
			.select({ statementId: statementLines.statementId, departmentId: statementLines.departmentId, kind: statementLines.kind, amountCents: statementLines.amountCents })
			.from(statementLines)
			.where(and(inArray(statementLines.statementId, [...per.keys()]), q.departmentId ? eq(statementLines.departmentId, q.departmentId) : undefined));
		for (const l of ls) if (l.departmentId) bump(key(per.get(l.statementId)!, l.departmentId, l.kind), 'actual', l.amountCents);
	}
	return [...acc.entries()]
		.map(([k, v]) => {
			const [p, d, c] = k.split('\u0000');
			const budgetState = !v.budgeted ? 'missing' : v.budget === 0n ? 'zero' : 'set';
			const vr = variance(v.budget, v.actual);
			return {
				period: p,
				departmentId: d,
				departmentCode: codes.get(d)?.code ?? '',
				costType: c,
				budgetCents: v.budget.toString(),
				actualCents: v.actual.toString(),
				varianceCents: vr.varianceCents.toString(),
				variancePct: vr.variancePct,
				budgetState,
				overspend: budgetState === 'set' && v.actual > v.budget
			} satisfies BudgetRow;
		})
		.sort((a, b) => (a.period + a.departmentCode + a.costType < b.period + b.departmentCode + b.costType ? -1 : 1));
}

export interface TrendRow {
	period: string;
	status: string | null;
	/** Sums: exact decimal strings of cents. */
	totalCents: CentsTotal;
	tickets: number;
	byKind: Record<string, CentsTotal>;
}

/** Month by month: each period's statement total (0 and status null when not run). */
export async function trend(ctx: Ctx, raw: RangeInput): Promise<TrendRow[]> {
	const q = parseInput(rangeInput, raw);
	if (q.departmentId) authorizeCostCenter(ctx.actor, await loadDepartment(ctx.db, q.departmentId));
	else authorizeRead(ctx.actor);
	const sts = await ctx.db.select().from(statements).where(and(gte(statements.period, q.from), lte(statements.period, q.to)));
	const byPeriod = new Map(sts.map((s) => [s.period, s]));
	let deptLines: Map<string, { kind: string; amountCents: number; units: number }[]> | null = null;
	if (q.departmentId && sts.length) {
		const ls = await ctx.db
			.select({ statementId: statementLines.statementId, kind: statementLines.kind, amountCents: statementLines.amountCents, units: statementLines.units })
			.from(statementLines)
			.where(and(inArray(statementLines.statementId, sts.map((s) => s.id)), eq(statementLines.departmentId, q.departmentId)));
		deptLines = new Map();
		for (const l of ls) deptLines.set(l.statementId, [...(deptLines.get(l.statementId) ?? []), l]);
	}
	return periodRange(q.from, q.to).map((p) => {
		const st = byPeriod.get(p);
		if (!st) return { period: p, status: null, totalCents: '0', tickets: 0, byKind: {} };
		if (deptLines) {
			const ls = deptLines.get(st.id) ?? [];
			const byKind: Record<string, CentsTotal> = {};
			for (const l of ls) byKind[l.kind] = centsString(sumCents([byKind[l.kind], l.amountCents]));
			return {
				period: p,
				status: st.status,
				totalCents: centsString(sumCents(ls.map((l) => l.amountCents))),
				tickets: ls.filter((l) => l.kind === 'tickets').reduce((a, l) => a + l.units, 0),
				byKind
			};
		}
		// Stored sums are digit strings (older statements: numbers); both come out as exact strings.
		const t = st.totals as { byKind: Record<string, number | string>; tickets: number };
		const byKind = Object.fromEntries(Object.entries(t.byKind).map(([k, v]) => [k, centsString(v)]));
		return { period: p, status: st.status, totalCents: centsString(st.totalCents), tickets: t.tickets, byKind };
	});
}

export interface CostPerTicketRow {
	period: string;
	/** Exact decimal strings of cents. */
	deskCostCents: CentsTotal;
	tickets: number;
	/** Desk cost ÷ tickets, rounded half up to the cent (in BigInt); null with no tickets. */
	costPerTicketCents: CentsTotal | null;
}

/** cents ÷ tickets rounded half up, exact (tickets is a count, an integer). */
function perTicket(cents: bigint, tickets: number): CentsTotal {
	const n = BigInt(Math.round(tickets));
	return ((2n * cents + n) / (2n * n)).toString();
}

/** Cost per ticket: the whole desk cost of the period (every line) ÷ tickets created in it. */
export async function costPerTicket(ctx: Ctx, raw: RangeInput): Promise<CostPerTicketRow[]> {
	return (await trend(ctx, raw)).map((t) => ({
		period: t.period,
		deskCostCents: t.totalCents,
		tickets: t.tickets,
		costPerTicketCents: t.tickets ? perTicket(BigInt(t.totalCents), t.tickets) : null
	}));
}

/** A ticket behind a line (number and title null when the ticket is not in Postgres, e.g. test data). */
export interface LineTicket {
	id: string;
	number: string | null;
	title: string | null;
}

/** The tickets behind a tickets or labor line (ids from ClickHouse, number/title from Postgres), for the line's readers. */
export async function lineTickets(ctx: Ctx, ch: ClickHouse, lineId: number, opts: { limit?: number } = {}) {
	if (!Number.isSafeInteger(lineId) || lineId <= 0) throw unprocessable('line id must be a positive integer', 'id');
	const [l] = await ctx.db.select().from(statementLines).where(eq(statementLines.id, lineId));
	if (!l) throw notFound(`Statement line ${lineId}`);
	if (l.departmentId) authorizeCostCenter(ctx.actor, await loadDepartment(ctx.db, l.departmentId));
	else authorizeRead(ctx.actor);
	const [st] = await ctx.db.select({ period: statements.period }).from(statements).where(eq(statements.id, l.statementId));
	const { from, to } = periodWindow(st.period);
	const limit = opts.limit ?? 1000;
	if (!Number.isInteger(limit) || limit < 1 || limit > 10000) throw unprocessable('limit: must be an integer from 1 to 10000', 'limit');
	const d = l.dims as Record<string, string>;
	let ticketIds: string[];
	if (l.kind === 'tickets') ticketIds = await ticketIdsCreated(ch, from, to, { departmentId: d.departmentId, category: d.category, priority: d.priority, ticketType: d.ticketType }, limit);
	else if (l.kind === 'labor') ticketIds = await ticketIdsWorked(ch, from, to, { departmentId: d.departmentId, tier: d.tier }, limit);
	else throw unprocessable(`A ${l.kind} line has no tickets behind it`, 'id');
	// Number and title from Postgres, in the order ClickHouse gave (the pages show these, not ids).
	const uuids = ticketIds.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
	const known = uuids.length
		? await ctx.db.select({ id: tickets.id, number: tickets.number, title: tickets.title }).from(tickets).where(inArray(tickets.id, uuids))
		: [];
	const byId = new Map(known.map((t) => [t.id, t]));
	const list: LineTicket[] = ticketIds.map((id) => byId.get(id) ?? { id, number: null, title: null });
	return { lineId, period: st.period, kind: l.kind, item: l.item, units: l.units, ticketIds, tickets: list, truncated: ticketIds.length === limit };
}
