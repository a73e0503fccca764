/**
 * K1 (Low): finance totals past 2^53 cents stay exact end to end. A period whose statement total
 * exceeds Number.MAX_SAFE_INTEGER (pools near 2^53 on one cost center): the run result, the
 * statement JSON (period and cost center), the reports' JSON (trend, budget vs actual, cost per
 * ticket), the CSVs and the PDF carry the exact BigInt sum; a single line past 2^53 is a 422.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { financeFixture, type FinanceFixture } from '../../helpers/finance';
import type { ClickHouse } from '../../../src/lib/server/analytics/clickhouse';
import { createRateCard } from '../../../src/lib/server/finance/rateCards';
import { createCostPool } from '../../../src/lib/server/finance/pools';
import { setBudgets } from '../../../src/lib/server/finance/budgets';
import { listPeriods } from '../../../src/lib/server/finance/settings';
import { runChargeback } from '../../../src/lib/server/finance/run';
import { budgetVsActual, costCenterStatement, costPerTicket, periodStatement, trend } from '../../../src/lib/server/finance/reports';
import { BUDGET_COLUMNS, periodStatementCsv, statementPdf, TREND_COLUMNS } from '../../../src/lib/server/finance/exports';
import { toCsv } from '../../../src/lib/server/finance/csv';
import type { Ctx } from '../../../src/lib/server/context';

const PERIOD = '2026-05';
const noUsage = { tickets: [], work: [], cis: [] };
// Each pool is a safe integer (the input bound); together they pass 2^53 by far.
const POOLS = [Number.MAX_SAFE_INTEGER, 2 ** 52 + 1, 2 ** 52 + 3];
const TOTAL = POOLS.reduce((a, b) => a + BigInt(b), 0n); // 18014398509481987 cents
const BUDGET = Number.MAX_SAFE_INTEGER - 1;
/** What JSON.stringify → the HTTP body → JSON.parse gives a client. */
const wire = <T>(v: T): T => JSON.parse(JSON.stringify(v));
/** 18014398509481987 → "180143985094819.87" (the CSV's amount). */
const dec = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;

let dir: string;
beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-fin-big-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(DRIVERS)('finance totals past 2^53 cents on %s', (driver) => {
	let t: TestDb;
	let fx: FinanceFixture;
	let fin: Ctx;
	const ch = {} as ClickHouse; // usage is given: the run never reads ClickHouse

	beforeAll(async () => {
		t = await freshDb(driver);
		fx = await financeFixture(t.db, `big-${driver}`);
		fin = { db: t.db, actor: fx.finance };
		await createRateCard(fin, { effectiveFrom: '2026-01-01', entries: [{ kind: 'ticket', unitRateCents: Number.MAX_SAFE_INTEGER }] });
		for (const [i, amountCents] of POOLS.entries()) {
			await createCostPool(fin, { name: `Pool ${i}`, period: PERIOD, amountCents, rule: 'fixed_pct', percentages: { [fx.dept.FIN]: 100 } });
		}
		await setBudgets(fin, { budgets: [{ departmentId: fx.dept.FIN, period: PERIOD, costType: 'overhead', amountCents: BUDGET }] });
	});
	afterAll(async () => t?.close());

	it('the run, the statement JSON and the period list carry the exact total', async () => {
		expect(TOTAL > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		const run = wire(await runChargeback(fin, ch, PERIOD, { usage: noUsage }));
		expect(run.totalCents).toBe(TOTAL.toString());

		const st = wire(await periodStatement(fin, PERIOD));
		expect(st.lines.map((l) => l.amountCents)).toEqual(POOLS); // lines are safe numbers
		expect(st.totalCents).toBe(TOTAL.toString());
		const totals = st.totals as { byDepartment: Record<string, string>; byKind: Record<string, string> };
		expect(totals.byDepartment[fx.dept.FIN]).toBe(TOTAL.toString());
		expect(totals.byKind.overhead).toBe(TOTAL.toString());

		const cc = wire(await costCenterStatement(fin, PERIOD, 'FIN'));
		expect(cc.totalCents).toBe(TOTAL.toString());
		const listed = wire(await listPeriods(fin)).find((p) => p.period === PERIOD)!;
		expect(listed.statement!.totalCents).toBe(TOTAL.toString());
	});

	it('the reports JSON and CSV are exact, and overspend compares exactly', async () => {
		const [tr] = wire(await trend(fin, { from: PERIOD, to: PERIOD }));
		expect(tr.totalCents).toBe(TOTAL.toString());
		expect(tr.byKind.overhead).toBe(TOTAL.toString());
		const [own] = wire(await trend(fin, { from: PERIOD, to: PERIOD, departmentId: fx.dept.FIN }));
		expect(own.totalCents).toBe(TOTAL.toString());
		expect(toCsv(TREND_COLUMNS, [tr]).split('\r\n')[1]).toBe(`${PERIOD},draft,0,0.00,0.00,0.00,0.00,${dec(TOTAL)},${dec(TOTAL)}`);

		const rows = wire(await budgetVsActual(fin, { from: PERIOD, to: PERIOD }));
		const row = rows.find((r) => r.departmentId === fx.dept.FIN && r.costType === 'overhead')!;
		expect(row).toMatchObject({ budgetCents: String(BUDGET), actualCents: TOTAL.toString(), varianceCents: (TOTAL - BigInt(BUDGET)).toString(), overspend: true });
		expect(toCsv(BUDGET_COLUMNS, [row]).split('\r\n')[1]).toBe(`${PERIOD},FIN,overhead,${dec(BigInt(BUDGET))},${dec(TOTAL)},${dec(TOTAL - BigInt(BUDGET))},${row.variancePct}`);

		const [cpt] = wire(await costPerTicket(fin, { from: PERIOD, to: PERIOD }));
		expect(cpt.deskCostCents).toBe(TOTAL.toString());
	});

	it('the statement CSV and PDF print exact amounts', async () => {
		const st = await periodStatement(fin, PERIOD);
		const csv = await periodStatementCsv(t.db, st);
		const amounts = csv.trim().split('\r\n').slice(1).map((r) => r.split(',')[7]);
		expect(amounts).toEqual(POOLS.map((p) => dec(BigInt(p))));
		const cents = amounts.reduce((a, s) => a + BigInt(s.replace('.', '')), 0n);
		expect(cents).toBe(TOTAL);

		const file = path.join(dir, `st-${driver}.pdf`);
		fs.writeFileSync(file, statementPdf(await costCenterStatement(fin, PERIOD, 'FIN')));
		const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
		const grouped = dec(TOTAL).replace(/\B(?=(\d{3})+\.)/g, ','); // 180,143,985,094,819.87
		expect(text).toMatch(new RegExp(`Total\\s+${grouped.replace('.', '\\.')} EUR`));
	});

	it('a single line past 2^53 cents is refused (422 naming the field), not rounded', async () => {
		const usage = { ...noUsage, tickets: [{ departmentId: fx.dept.OPS, category: 'hardware', priority: 'P2', ticketType: 'incident', tickets: 2 }] };
		const e = await runChargeback(fin, ch, PERIOD, { usage: usage as never }).catch((x) => x);
		expect(e).toMatchObject({ code: 'UNPROCESSABLE', field: 'unitRateCents' });
		// the draft of the previous run is untouched
		expect((await periodStatement(fin, PERIOD)).totalCents).toBe(TOTAL.toString());
	});
});
