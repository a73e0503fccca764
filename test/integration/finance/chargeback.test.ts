import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { DRIVERS, freshDb, type TestDb } from '../../helpers/db';
import { financeFixture, createdRow, workRow, insertEvents, type FinanceFixture } from '../../helpers/finance';
import { makeCi } from '../../helpers/cmdb';
import { openClickHouse, migrateClickHouse, type ClickHouse } from '../../../src/lib/server/analytics/clickhouse';
import { auditLog, configurationItems, notifications, statementLines, statements } from '../../../schemas/postgres/index';
import { createRateCard } from '../../../src/lib/server/finance/rateCards';
import { createCostPool } from '../../../src/lib/server/finance/pools';
import { setBudgets } from '../../../src/lib/server/finance/budgets';
import { updateSettings } from '../../../src/lib/server/finance/settings';
import { runChargeback, closePeriod } from '../../../src/lib/server/finance/run';
import {
	budgetVsActual,
	costCenterStatement,
	costPerTicket,
	lineTickets,
	periodStatement,
	trend
} from '../../../src/lib/server/finance/reports';
import { BUDGET_COLUMNS, COST_PER_TICKET_COLUMNS, statementCsv, statementHistory, statementPdf, TREND_COLUMNS } from '../../../src/lib/server/finance/exports';
import { toCsv } from '../../../src/lib/server/finance/csv';
import { draftPreviousPeriod } from '../../../workers/chargebackDraft';
import type { Ctx } from '../../../src/lib/server/context';

let ch: ClickHouse;
let dir: string;

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-fin-'));
	ch = await openClickHouse({ url: null, dataDir: path.join(dir, 'ch') });
	await migrateClickHouse(ch);
});
afterAll(async () => {
	await ch?.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<string> {
	try {
		await p;
	} catch (e) {
		return (e as { code?: string }).code ?? String(e);
	}
	return 'OK';
}
async function errOf(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		return e as { code: string; field?: string; message: string };
	}
	throw new Error('expected an error');
}

/** Exact sums as the API's digit strings of cents. */
const sum = (xs: (number | string)[]) => xs.reduce<bigint>((a, b) => a + BigInt(b), 0n).toString();

describe.each(DRIVERS)('chargeback on %s + chDB', (driver) => {
	let t: TestDb;
	let fx: FinanceFixture;
	let fin: Ctx;
	const finTicket = randomUUID();
	const opsTicket = randomUUID();

	beforeAll(async () => {
		t = await freshDb(driver);
		fx = await financeFixture(t.db, driver);
		fin = { db: t.db, actor: fx.finance };
		// chDB is one per file: each driver's suite starts from an empty events table.
		await ch.client.command({ query: 'TRUNCATE TABLE ticket_events' });
		const { FIN, OPS } = fx.dept;
		await insertEvents(ch, [
			createdRow({ departmentId: FIN, at: '2026-03-02T09:00:00.000Z', ticketId: finTicket }),
			createdRow({ departmentId: FIN, at: '2026-03-10T09:00:00.000Z' }),
			createdRow({ departmentId: FIN, at: '2026-03-31T23:59:59.999Z' }), // last ms of March
			createdRow({ departmentId: FIN, at: '2026-03-11T09:00:00.000Z', category: 'software', priority: 'P3', ticketType: 'service_request' }),
			createdRow({ departmentId: OPS, at: '2026-03-03T09:00:00.000Z', ticketId: opsTicket }),
			createdRow({ departmentId: OPS, at: '2026-03-04T09:00:00.000Z' }),
			createdRow({ departmentId: '', at: '2026-03-05T09:00:00.000Z', category: 'network', priority: 'P1' }),
			createdRow({ departmentId: FIN, at: '2026-02-28T23:59:59.999Z' }), // February
			createdRow({ departmentId: OPS, at: '2026-04-01T00:00:00.000Z' }), // April
			workRow({ departmentId: FIN, at: '2026-03-02T10:00:00.000Z', ticketId: finTicket, tier: 'L1', workS: 2700 }),
			workRow({ departmentId: FIN, at: '2026-03-02T11:00:00.000Z', ticketId: finTicket, tier: 'L1', workS: 2700 }),
			workRow({ departmentId: OPS, at: '2026-03-03T10:00:00.000Z', ticketId: opsTicket, tier: 'L2', workS: 1800 })
		]);
		const cmdbAdmin = fx.admin;
		await makeCi(t.db, cmdbAdmin, { classId: 'server', costCenterId: FIN });
		await makeCi(t.db, cmdbAdmin, { classId: 'server', costCenterId: FIN });
		await makeCi(t.db, cmdbAdmin, { classId: 'application', costCenterId: OPS });
		// CIs bill from the period they exist in: back-date them into the test year.
		await t.db.update(configurationItems).set({ createdAt: new Date('2026-01-15T00:00:00Z') });

		const card = (k: number) => [
			{ kind: 'ticket', unitRateCents: 1000 * k },
			{ kind: 'ticket', category: 'hardware', priority: 'P2', unitRateCents: 1500 * k },
			{ kind: 'ticket', category: 'hardware', priority: 'P2', ticketType: 'incident', unitRateCents: 2000 * k },
			{ kind: 'agent_hour', tier: 'L1', unitRateCents: 6000 * k },
			{ kind: 'agent_hour', tier: 'L2', unitRateCents: 9000 * k },
			{ kind: 'ci_month', ciClass: 'server', unitRateCents: 5000 * k },
			{ kind: 'service_fee', service: 'Email', unitRateCents: 250 * k }
		];
		await createRateCard(fin, { effectiveFrom: '2026-01-01', note: 'v1', entries: card(1) });
		await createRateCard(fin, { effectiveFrom: '2026-03-15', note: 'mid-month v2', entries: card(2) });
		await createRateCard(fin, { effectiveFrom: '2026-04-01', note: 'v3', entries: card(3) });
		await createCostPool(fin, { name: 'Desk overhead', period: '2026-03', amountCents: 10000, rule: 'even' });
		await createCostPool(fin, { name: 'Tools', period: '2026-03', amountCents: 1000, rule: 'tickets' });
		await createCostPool(fin, { name: 'Licenses', period: '2026-03', amountCents: 1001, rule: 'work_hours' });
		await createCostPool(fin, {
			name: 'Facilities',
			period: '2026-03',
			amountCents: 100001,
			rule: 'fixed_pct',
			percentages: { [FIN]: 33.33, [OPS]: 33.33, [fx.dept.HR]: 33.34 }
		});
	});
	afterAll(async () => t?.close());

	const linesOf = async (period: string) => (await periodStatement(fin, period)).lines;

	it('cost pool validation names the field (422)', async () => {
		const e = await errOf(
			createCostPool(fin, { name: 'Bad', period: '2026-03', amountCents: 100, rule: 'fixed_pct', percentages: { [fx.dept.FIN]: 60, [fx.dept.OPS]: 39 } })
		);
		expect(e.code).toBe('UNPROCESSABLE');
		expect(e.field).toBe('percentages');
		expect(e.message).toMatch(/sum to 100.*99/);
		expect((await errOf(createCostPool(fin, { name: 'X', period: '2026-03', amountCents: 1, rule: 'fixed_pct' }))).field).toBe('percentages');
		expect((await errOf(createCostPool(fin, { name: 'X', period: '2026-3', amountCents: 1, rule: 'even' }))).field).toBe('period');
		expect((await errOf(createCostPool(fin, { name: 'X', period: '2026-03', amountCents: 1.5, rule: 'even' }))).field).toBe('amountCents');
		expect((await errOf(createCostPool(fin, { name: 'X', period: '2026-03', amountCents: 1, rule: 'fixed_pct', percentages: { [randomUUID()]: 100 } }))).field).toBe('percentages');
		expect(await codeOf(createCostPool({ db: t.db, actor: fx.ownerA }, { name: 'X', period: '2026-03', amountCents: 1, rule: 'even' }))).toBe('FORBIDDEN');
	});

	it('prices March with the card in force on 1 March (the mid-month card waits for April), half-open window', async () => {
		const r = await runChargeback(fin, ch, '2026-03');
		expect(r.replaced).toBeNull();
		const lines = await linesOf('2026-03');
		const hw = lines.find((l) => l.departmentId === fx.dept.FIN && l.item === 'hardware/P2/incident')!;
		expect(hw).toMatchObject({ kind: 'tickets', units: 3, unitRateCents: 2000, amountCents: 6000 });
		const sw = lines.find((l) => l.item === 'software/P3/service_request')!;
		expect(sw).toMatchObject({ units: 1, unitRateCents: 1000, amountCents: 1000 }); // wildcard rate
		const none = lines.find((l) => l.departmentId === null)!;
		expect(none).toMatchObject({ item: 'network/P1/incident', units: 1, amountCents: 1000 });
		expect(lines.find((l) => l.kind === 'labor' && l.departmentId === fx.dept.FIN)).toMatchObject({ item: 'L1', units: 1.5, unitRateCents: 6000, amountCents: 9000 });
		expect(lines.find((l) => l.kind === 'labor' && l.departmentId === fx.dept.OPS)).toMatchObject({ item: 'L2', units: 0.5, amountCents: 4500 });
		expect(lines.find((l) => l.kind === 'ci' && l.departmentId === fx.dept.FIN)).toMatchObject({ item: 'server', units: 2, amountCents: 10000 });
		// application has no rate: a zero line flagged unpriced
		expect(lines.find((l) => l.kind === 'ci' && l.departmentId === fx.dept.OPS)).toMatchObject({ item: 'application', amountCents: 0, unitRateCents: null });
		expect(r.unpricedLines).toBe(1);
		expect(lines.filter((l) => l.kind === 'services').map((l) => l.amountCents)).toEqual([250, 250, 250]);

		// April: the 1 April card (×3); the 00:00:00.000 April ticket belongs to April only
		await runChargeback(fin, ch, '2026-04');
		const apr = await linesOf('2026-04');
		expect(apr.filter((l) => l.kind === 'tickets')).toMatchObject([{ departmentId: fx.dept.OPS, units: 1, unitRateCents: 6000, amountCents: 6000 }]);
		// February: the January card; the last-ms February ticket only
		await runChargeback(fin, ch, '2026-02');
		expect((await linesOf('2026-02')).filter((l) => l.kind === 'tickets')).toMatchObject([{ departmentId: fx.dept.FIN, units: 1, unitRateCents: 2000 }]);
		// before any card: 422 naming the period
		const e = await errOf(runChargeback(fin, ch, '2025-12'));
		expect([e.code, e.field]).toEqual(['UNPROCESSABLE', 'period']);
	});

	it('each allocation rule sums to its pool to the cent', async () => {
		const lines = await linesOf('2026-03');
		const pool = (name: string) => {
			const ls = lines.filter((l) => l.kind === 'overhead' && l.item === name);
			return Object.fromEntries(ls.map((l) => [l.departmentId === fx.dept.FIN ? 'FIN' : l.departmentId === fx.dept.OPS ? 'OPS' : 'HR', l.amountCents]));
		};
		expect(pool('Desk overhead')).toEqual({ FIN: 3334, HR: 3333, OPS: 3333 }); // even, 10000 / 3
		expect(pool('Tools')).toEqual({ FIN: 667, OPS: 333, HR: 0 }); // tickets 4 : 2 : 0
		expect(pool('Licenses')).toEqual({ FIN: 751, OPS: 250, HR: 0 }); // work 5400 s : 1800 s
		const fac = pool('Facilities');
		expect(sum(Object.values(fac))).toBe('100001');
		expect(fac).toEqual({ FIN: 33330, OPS: 33330, HR: 33341 });
		for (const [name, amt] of [['Desk overhead', 10000], ['Tools', 1000], ['Licenses', 1001], ['Facilities', 100001]] as const) {
			expect(sum(Object.values(pool(name)))).toBe(String(amt));
		}
	});

	it('statement lines sum to the total, per cost center and overall', async () => {
		const st = await periodStatement(fin, '2026-03');
		expect(sum(st.lines.map((l) => l.amountCents))).toBe(st.totalCents);
		const totals = st.totals as { byDepartment: Record<string, string>; byKind: Record<string, string> };
		expect(sum(Object.values(totals.byDepartment))).toBe(st.totalCents);
		expect(sum(Object.values(totals.byKind))).toBe(st.totalCents);
		let perCenter = BigInt(totals.byDepartment[''] ?? 0);
		for (const d of Object.values(fx.dept)) {
			const cs = await costCenterStatement(fin, '2026-03', d);
			expect(sum(cs.lines.map((l) => l.amountCents))).toBe(cs.totalCents);
			perCenter += BigInt(cs.totalCents);
		}
		expect(perCenter.toString()).toBe(st.totalCents);
	});

	it('re-running an open period replaces its draft with the same fingerprint; changed inputs change it', async () => {
		const [before] = await t.db.select().from(statements).where(eq(statements.period, '2026-03'));
		const n = (await linesOf('2026-03')).length;
		const r = await runChargeback(fin, ch, '2026-03');
		expect(r.fingerprint).toBe(before.fingerprint);
		expect(r.replaced).toBe(before.fingerprint);
		expect(r.statementId).not.toBe(before.id);
		expect(r.totalCents).toBe(before.totalCents.toString());
		const rows = await t.db.select().from(statements).where(eq(statements.period, '2026-03'));
		expect(rows).toHaveLength(1);
		const [{ c }] = await t.db.select({ c: sql<number>`count(*)::int` }).from(statementLines);
		expect((await linesOf('2026-03')).length).toBe(n);
		expect(Number(c)).toBe(n + (await linesOf('2026-04')).length + (await linesOf('2026-02')).length);
		// a new pool is a new input
		await createCostPool(fin, { name: 'Extra', period: '2026-03', amountCents: 7, rule: 'even' });
		const r2 = await runChargeback(fin, ch, '2026-03');
		expect(r2.fingerprint).not.toBe(before.fingerprint);
		expect(r2.totalCents).toBe((before.totalCents + 7n).toString());
		const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'statement'), eq(auditLog.entityId, '2026-03')));
		expect(audits.map((a) => a.action)).toEqual(['statement.drafted', 'statement.redrafted', 'statement.redrafted']);
	});

	it('closing freezes the period: re-run, re-close and input changes answer 409; the database refuses edits', async () => {
		const closed = await closePeriod(fin, '2026-03');
		expect(closed.status).toBe('closed');
		expect(await codeOf(runChargeback(fin, ch, '2026-03'))).toBe('CONFLICT');
		expect(await codeOf(closePeriod(fin, '2026-03'))).toBe('CONFLICT');
		expect(await codeOf(createCostPool(fin, { name: 'Late', period: '2026-03', amountCents: 1, rule: 'even' }))).toBe('CONFLICT');
		expect(await codeOf(setBudgets(fin, { budgets: [{ departmentId: fx.dept.FIN, period: '2026-03', costType: 'tickets', amountCents: 1 }] }))).toBe('CONFLICT');
		const [st] = await t.db.select().from(statements).where(eq(statements.period, '2026-03'));
		await expect(t.db.update(statementLines).set({ amountCents: 1 }).where(eq(statementLines.statementId, st.id))).rejects.toThrow();
		await expect(t.db.delete(statements).where(eq(statements.id, st.id))).rejects.toThrow();
		const [a] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'period.closed'), eq(auditLog.entityId, '2026-03')));
		expect(a.actorId).toBe(fx.finance.accountId);
		expect(await codeOf(closePeriod({ db: t.db, actor: fx.ownerA }, '2026-04'))).toBe('FORBIDDEN');
	});

	it('a cost center owner reads only their own statement (403 for another)', async () => {
		const asA = { db: t.db, actor: fx.ownerA };
		const own = await costCenterStatement(asA, '2026-03', fx.dept.FIN);
		expect(own.department?.code).toBe('FIN');
		expect(own.lines.every((l) => l.departmentId === fx.dept.FIN)).toBe(true);
		expect(await codeOf(costCenterStatement(asA, '2026-03', 'OPS'))).toBe('FORBIDDEN');
		expect(await codeOf(costCenterStatement(asA, '2026-03', fx.dept.HR))).toBe('FORBIDDEN');
		expect(await codeOf(costCenterStatement({ db: t.db, actor: fx.requester }, '2026-03', fx.dept.FIN))).toBe('FORBIDDEN');
		expect(await codeOf(periodStatement(asA, '2026-03'))).toBe('FORBIDDEN');
		expect(await codeOf(costCenterStatement({ db: t.db, actor: null }, '2026-03', fx.dept.FIN))).toBe('UNAUTHENTICATED');
		expect(await codeOf(budgetVsActual(asA, { from: '2026-03', to: '2026-03', departmentId: fx.dept.OPS }))).toBe('FORBIDDEN');
		expect((await costCenterStatement(fin, '2026-03', 'OPS')).department?.code).toBe('OPS');
		expect(await codeOf(runChargeback(asA, ch, '2026-05'))).toBe('FORBIDDEN');
	});

	it('drills a line down to its ticket ids (owner-scoped)', async () => {
		const lines = await linesOf('2026-03');
		const labor = lines.find((l) => l.kind === 'labor' && l.departmentId === fx.dept.FIN)!;
		const d = await lineTickets({ db: t.db, actor: fx.ownerA }, ch, labor.id);
		expect(d.ticketIds).toEqual([finTicket]);
		const tk = lines.find((l) => l.kind === 'tickets' && l.departmentId === fx.dept.OPS)!;
		expect((await lineTickets(fin, ch, tk.id)).ticketIds).toHaveLength(2);
		expect((await lineTickets(fin, ch, tk.id)).ticketIds).toContain(opsTicket);
		expect(await codeOf(lineTickets({ db: t.db, actor: fx.ownerB }, ch, labor.id))).toBe('FORBIDDEN');
		const pool = lines.find((l) => l.kind === 'overhead')!;
		expect(await codeOf(lineTickets(fin, ch, pool.id))).toBe('UNPROCESSABLE');
	});

	it('budget vs actual: variance and variance % (null for a zero budget); trend; cost per ticket', async () => {
		await setBudgets(fin, {
			budgets: [
				{ departmentId: fx.dept.FIN, period: '2026-04', costType: 'tickets', amountCents: 0 },
				{ departmentId: fx.dept.OPS, period: '2026-04', costType: 'tickets', amountCents: 4000 },
				{ departmentId: fx.dept.OPS, period: '2026-04', costType: 'labor', amountCents: 1000 }
			]
		});
		expect(await codeOf(setBudgets(fin, { budgets: [{ departmentId: fx.dept.OPS, period: '2026-04', costType: 'beer', amountCents: 1 }] }))).toBe('UNPROCESSABLE');
		await runChargeback(fin, ch, '2026-04');
		const rows = await budgetVsActual(fin, { from: '2026-04', to: '2026-04' });
		const row = (code: string, k: string) => rows.find((r) => r.departmentCode === code && r.costType === k)!;
		expect(row('OPS', 'tickets')).toMatchObject({ budgetCents: '4000', actualCents: '6000', varianceCents: '2000', variancePct: 50 });
		expect(row('OPS', 'labor')).toMatchObject({ budgetCents: '1000', actualCents: '0', varianceCents: '-1000', variancePct: -100 });
		expect(row('FIN', 'tickets')).toMatchObject({ budgetCents: '0', actualCents: '0', variancePct: null });
		expect(row('FIN', 'services')).toMatchObject({ budgetCents: '0', actualCents: '750', varianceCents: '750', variancePct: null });
		const csv = toCsv(BUDGET_COLUMNS, rows);
		expect(csv.split('\r\n')[0]).toBe('period,cost_center,cost_type,budget,actual,variance,variance_pct');
		expect(csv).toContain('2026-04,OPS,tickets,40.00,60.00,20.00,50\r\n');
		expect(csv).toContain('2026-04,FIN,tickets,0.00,0.00,0.00,\r\n');

		const tr = await trend(fin, { from: '2026-01', to: '2026-04' });
		expect(tr.map((r) => r.status)).toEqual([null, 'draft', 'closed', 'draft']);
		expect(tr[2].tickets).toBe(7);
		expect(toCsv(TREND_COLUMNS, tr).split('\r\n')[0]).toBe('period,status,tickets,tickets_amount,labor_amount,ci_amount,services_amount,overhead_amount,total');
		const cpt = await costPerTicket(fin, { from: '2026-03', to: '2026-03' });
		expect(cpt[0].costPerTicketCents).toBe(String(Math.round(Number(cpt[0].deskCostCents) / 7)));
		expect((await costPerTicket(fin, { from: '2026-01', to: '2026-01' }))[0].costPerTicketCents).toBeNull();
		expect(toCsv(COST_PER_TICKET_COLUMNS, cpt).split('\r\n')[0]).toBe('period,desk_cost,tickets,cost_per_ticket');
		expect(await codeOf(trend(fin, { from: '2026-04', to: '2026-01' }))).toBe('INVALID');
	});

	it('exports a cost center statement as CSV and as a PDF whose text pdftotext reads', async () => {
		await updateSettings(fin, { currency: 'EUR', mode: 'chargeback' });
		const st = await costCenterStatement(fin, '2026-03', 'FIN');
		const csv = statementCsv(st).split('\r\n');
		expect(csv[0]).toBe('period,cost_center,kind,item,basis,units,unit_rate,amount,currency,line_id');
		expect(csv).toContain(`2026-03,FIN,tickets,hardware/P2/incident,tickets created,3,20.00,60.00,EUR,${st.lines.find((l) => l.item === 'hardware/P2/incident')!.id}`);
		expect(csv.filter(Boolean)).toHaveLength(st.lines.length + 1);

		let hasPdftotext = true;
		try {
			execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
		} catch {
			hasPdftotext = false;
		}
		if (!hasPdftotext) throw new Error('pdftotext is not installed: apt-get install -y poppler-utils (the PDF test needs it)');
		const history = await statementHistory(fin, st);
		expect(history.map((h) => h.period)).toEqual(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
		expect(history.at(-1)!.byKind).toEqual(Object.fromEntries(['tickets', 'labor', 'ci', 'services', 'overhead'].flatMap((k) => {
			const v = sum(st.lines.filter((l) => l.kind === k).map((l) => l.amountCents));
			return st.lines.some((l) => l.kind === k) ? [[k, v]] : [];
		})));
		// the owner may fetch their own statement's history; another owner may not
		expect((await statementHistory({ db: t.db, actor: fx.ownerA }, st)).length).toBe(6);
		expect(await codeOf(statementHistory({ db: t.db, actor: fx.ownerB }, st))).toBe('FORBIDDEN');
		const pdf = statementPdf(st, history);
		expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
		// the chart: drawing operators (filled bar paths, colored text) inside the page stream
		const raw = pdf.toString('latin1');
		expect(raw).toMatch(/ rg [\d. ]+ m [\d. ]+ l [\d. ]+ l [\d. ]+ l h f Q/);
		expect(raw).toContain('(2025-10*) Tj'); // a period never run is starred
		const file = path.join(dir, `st-${driver}.pdf`);
		fs.writeFileSync(file, pdf);
		const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
		expect(text).toContain('Opshub — Showback statement'); // statement kept the mode it was run in
		expect(text).toContain('Cost center: FIN — Finance dept');
		expect(text).toContain('Period: 2026-03');
		expect(text).toContain('Status: closed');
		expect(text).toContain('Cost by month (2025-10 to 2026-03), by kind');
		expect(text).toMatch(/2025-10\*\s+2025-11\*\s+2025-12\*\s+2026-01\*\s+2026-02\s+2026-03/); // the chart's month axis
		expect(text).toContain('* period not run yet');
		expect(text).toMatch(/hardware\/P2\/incident\s+tickets created\s+3\s+20\.00\s+60\.00/);
		expect(text).toMatch(new RegExp(`Total\\s+${(Number(st.totalCents) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',').replace('.', '\\.')} EUR`));
		const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
		expect(info).toMatch(/Pages:\s+1/);
	});

	it('the monthly worker drafts the previous period and notifies finance users', async () => {
		const rt = { pg: { db: t.db }, ch } as never;
		const r = (await draftPreviousPeriod(rt, new Date('2026-06-01T02:00:00Z'))) as { period: string; notified: number };
		expect(r.period).toBe('2026-05');
		expect(r.notified).toBeGreaterThanOrEqual(2); // finance + admin hold finance.run
		const ns = await t.db.select().from(notifications).where(eq(notifications.kind, 'finance.draft'));
		expect(ns.map((n) => n.accountId)).toContain(fx.finance.accountId);
		expect(ns[0].message).toMatch(/2026-05/);
		// a closed previous period is left alone
		expect(await draftPreviousPeriod(rt, new Date('2026-04-01T02:00:00Z'))).toEqual({ period: '2026-03', skipped: 'closed' });
	});
});
