/** Finance APIs the editors need: copy a rate card to a new version, reopen a closed period, budget states. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { financeFixture, createdRow, insertEvents, type FinanceFixture } from '../../helpers/finance';
import { openClickHouse, migrateClickHouse, type ClickHouse } from '../../../src/lib/server/analytics/clickhouse';
import { auditLog, fiscalPeriods, statements } from '../../../schemas/postgres/index';
import { copyRateCard, createRateCard, listRateCards } from '../../../src/lib/server/finance/rateCards';
import { setBudgets } from '../../../src/lib/server/finance/budgets';
import { closePeriod, reopenPeriod, runChargeback } from '../../../src/lib/server/finance/run';
import { budgetVsActual } from '../../../src/lib/server/finance/reports';
import { listPeriods } from '../../../src/lib/server/finance/settings';

let ch: ClickHouse;
let dir: string;
beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-fined-'));
	ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
	await migrateClickHouse(ch);
});
afterAll(async () => {
	await ch?.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe.each(DRIVERS)('finance editors on %s', (driver) => {
	let t: TestDb;
	let f: FinanceFixture;
	const ctx = () => ({ db: t.db, actor: f.finance });
	beforeAll(async () => {
		t = await freshDb(driver);
		f = await financeFixture(t.db, driver);
		await insertEvents(ch, [createdRow({ departmentId: f.dept.FIN, at: '2025-07-10T10:00:00.000Z', priority: 'P2' }), createdRow({ departmentId: f.dept.OPS, at: '2025-07-11T10:00:00.000Z', priority: 'P3' })]);
	});
	afterAll(async () => t?.close());

	it('copies a rate card to a new version with the same rates', async () => {
		const card = await createRateCard(ctx(), { effectiveFrom: '2025-01-01', note: 'v1', entries: [{ kind: 'ticket', unitRateCents: 2500 }, { kind: 'agent_hour', tier: 'L2', unitRateCents: 9000 }] });
		const copy = await copyRateCard(ctx(), card.id, { effectiveFrom: '2025-09-01' });
		expect(copy.id).not.toBe(card.id);
		expect(copy.effectiveFrom).toBe('2025-09-01');
		expect(copy.note).toContain('2025-01-01');
		expect(copy.entries.map((e) => [e.kind, e.tier, e.unitRateCents]).sort()).toEqual(card.entries.map((e) => [e.kind, e.tier, e.unitRateCents]).sort());
		expect((await listRateCards(ctx())).length).toBe(2);
		await expect(copyRateCard(ctx(), card.id, { effectiveFrom: '2025-09-01' })).rejects.toMatchObject({ code: 'CONFLICT', field: 'effectiveFrom' });
		await expect(copyRateCard(ctx(), card.id, { effectiveFrom: 'soon' })).rejects.toMatchObject({ field: 'effectiveFrom' });
		await expect(copyRateCard({ db: t.db, actor: f.requester }, card.id, { effectiveFrom: '2026-01-01' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('reopens a closed period with who, when and why; the statement is a draft again and re-runs', async () => {
		await runChargeback(ctx(), ch, '2025-07');
		await closePeriod(ctx(), '2025-07');
		await expect(reopenPeriod(ctx(), '2025-07', { reason: '' })).rejects.toMatchObject({ field: 'reason' });
		const r = await reopenPeriod(ctx(), '2025-07', { reason: 'Wrong rate for P2' });
		expect(r).toMatchObject({ status: 'open', reopenedBy: f.finance.accountId, reason: 'Wrong rate for P2' });
		const [p] = await t.db.select().from(fiscalPeriods).where(eq(fiscalPeriods.period, '2025-07'));
		expect(p).toMatchObject({ status: 'open', reopenedBy: f.finance.accountId, reopenReason: 'Wrong rate for P2' });
		expect(p.reopenedAt).toBeInstanceOf(Date);
		const [st] = await t.db.select().from(statements).where(eq(statements.period, '2025-07'));
		expect(st.status).toBe('draft');
		await runChargeback(ctx(), ch, '2025-07');
		await closePeriod(ctx(), '2025-07');
		const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.entityId, '2025-07'), eq(auditLog.action, 'period.reopened')));
		expect(audits).toHaveLength(1);
		await expect(reopenPeriod(ctx(), '2025-08', { reason: 'not closed' })).rejects.toMatchObject({ code: 'CONFLICT' });
		// Outside the reopening path the closed statement is still frozen.
		await expect(t.db.update(statements).set({ status: 'draft' }).where(eq(statements.period, '2025-07'))).rejects.toThrow();
	});

	it('lists periods with who/when of the close and the reopening, and the statement', async () => {
		const closed = (await listPeriods(ctx())).find((p) => p.period === '2025-07')!;
		expect(closed).toMatchObject({ status: 'closed', closedBy: f.finance.accountId, closedByName: 'finance', reopenedByName: 'finance', reopenReason: 'Wrong rate for P2' });
		expect(closed.closedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		expect(closed.statement).toMatchObject({ status: 'closed', currency: 'EUR', createdByName: 'finance' });
		expect(BigInt(closed.statement!.totalCents)).toBeGreaterThan(0n);
		const r = await reopenPeriod(ctx(), '2025-07', { reason: 'Check the budgets' });
		expect(r.reopenedByName).toBe('finance');
		const open = (await listPeriods(ctx())).find((p) => p.period === '2025-07')!;
		expect(open).toMatchObject({ status: 'open', reopenReason: 'Check the budgets', statement: { status: 'draft' } });
		await runChargeback(ctx(), ch, '2025-07');
		const c = await closePeriod(ctx(), '2025-07');
		expect(c).toMatchObject({ closedBy: f.finance.accountId, closedByName: 'finance' });
		await expect(listPeriods({ db: t.db, actor: f.requester })).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});

	it('a missing or zero budget is shown as such, not as overspend', async () => {
		await reopenPeriod(ctx(), '2025-07', { reason: 'Set the OPS budget' });
		await setBudgets(ctx(), { budgets: [{ departmentId: f.dept.OPS, period: '2025-07', costType: 'tickets', amountCents: 0 }] });
		const rows = await budgetVsActual(ctx(), { from: '2025-07', to: '2025-07' });
		const fin = rows.find((r) => r.departmentId === f.dept.FIN && r.costType === 'tickets')!;
		const ops = rows.find((r) => r.departmentId === f.dept.OPS && r.costType === 'tickets')!;
		expect(fin).toMatchObject({ budgetState: 'missing', overspend: false });
		expect(BigInt(fin.actualCents)).toBeGreaterThan(0n);
		expect(ops).toMatchObject({ budgetState: 'zero', overspend: false });
	});
});
