/**
 * The finance REST routes on the built server (real PostgreSQL through DATABASE_URL, so the test
 * can add cost centers and non-admin accounts the API has no route for): configuration through
 * the API, tickets through POST /api/tickets (relayed to ClickHouse), run → statement JSON / CSV /
 * PDF (read back with pdftotext) → reports as CSV → close → 409; bad input → 400/422 naming the
 * field (never 500); requester and agent accounts → 403.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { freshDb, type TestDb } from '../helpers/db';
import { departments } from '../../schemas/postgres/index';
import { createAccount } from '../../src/lib/server/rbac/accounts';
import { systemActor } from '../../src/lib/server/rbac/actor';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const PASSWORD = 'finance-http-123';
const PERIOD = new Date().toISOString().slice(0, 7); // tickets are created now
const money = (cents: number) => `${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;

describe('finance REST API on the built server', () => {
	let s: RunningServer;
	let t: TestDb;
	let dir: string;
	let admin: string;
	const dept: Record<'FIN' | 'OPS', string> = { FIN: '', OPS: '' };
	const cookies: Record<'requester' | 'agent' | 'owner', string> = { requester: '', agent: '', owner: '' };

	const call = (method: string, p: string, body?: unknown, cookie = admin) =>
		fetch(`${s.url}${p}`, {
			method,
			headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
		});
	const json = async (r: Response) => ({ status: r.status, body: await r.json() });
	const pdftotext = (pdf: Buffer, name: string) => {
		const file = path.join(dir, name);
		fs.writeFileSync(file, pdf);
		return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
	};

	beforeAll(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-fin-http-'));
		t = await freshDb('postgres');
		s = await startServer({ ...ADMIN, DATABASE_URL: t.url! });
		admin = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		// No route creates cost centers or accounts: the service does, on the server's database.
		const sys = { db: t.db, actor: systemActor('test') };
		const owner = await createAccount(sys, { email: 'owner@fin.test', name: 'FIN owner', password: PASSWORD, roles: ['requester'] });
		const rows = await t.db
			.insert(departments)
			.values([
				{ code: 'FIN', name: 'Finance dept', ownerAccountId: owner.id },
				{ code: 'OPS', name: 'Operations' }
			])
			.returning();
		for (const r of rows) dept[r.code as 'FIN' | 'OPS'] = r.id;
		await createAccount(sys, { email: 'req@fin.test', name: 'Requester', password: PASSWORD, roles: ['requester'], departmentId: dept.FIN });
		await createAccount(sys, { email: 'agent@fin.test', name: 'Agent', password: PASSWORD, roles: ['agent'], tier: 'L1' });
		cookies.owner = await signIn(s.url, 'owner@fin.test', PASSWORD);
		cookies.requester = await signIn(s.url, 'req@fin.test', PASSWORD);
		cookies.agent = await signIn(s.url, 'agent@fin.test', PASSWORD);
	});
	afterAll(async () => {
		await s?.stop();
		await t?.close();
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	it('configures through the API: settings, a rate card, a budget, two pools', async () => {
		const set = await json(await call('PUT', '/api/finance/settings', { currency: 'EUR', mode: 'chargeback' }));
		expect(set.status).toBe(200);
		expect(set.body).toMatchObject({ currency: 'EUR', mode: 'chargeback' });
		expect((await json(await call('GET', '/api/finance/settings'))).body).toMatchObject({ currency: 'EUR' });

		const card = await json(
			await call('POST', '/api/finance/rate-cards', {
				effectiveFrom: '2020-01-01',
				note: 'http v1',
				entries: [
					{ kind: 'ticket', unitRateCents: 1000 },
					{ kind: 'ticket', category: 'hardware', priority: 'P2', unitRateCents: 2500 }
				]
			})
		);
		expect(card.status, JSON.stringify(card.body)).toBe(201);

		const budget = await json(await call('PUT', '/api/finance/budgets', { budgets: [{ departmentId: dept.FIN, period: PERIOD, costType: 'tickets', amountCents: 5000 }] }));
		expect(budget.status, JSON.stringify(budget.body)).toBe(200);
		expect((await json(await call('GET', `/api/finance/budgets?from=${PERIOD}&to=${PERIOD}`))).body).toEqual(
			expect.arrayContaining([expect.objectContaining({ departmentId: dept.FIN, costType: 'tickets', amountCents: 5000 })])
		);

		const pool = await json(
			await call('POST', '/api/finance/pools', { name: 'Facilities', period: PERIOD, amountCents: 10000, rule: 'fixed_pct', percentages: { [dept.FIN]: 60, [dept.OPS]: 40 } })
		);
		expect(pool.status, JSON.stringify(pool.body)).toBe(201);
		expect((await call('POST', '/api/finance/pools', { name: 'Desk', period: PERIOD, amountCents: 3000, rule: 'tickets' })).status).toBe(201);
		expect((await json(await call('GET', `/api/finance/pools?period=${PERIOD}`))).body).toHaveLength(2);
	});

	it('runs the period on tickets created through the API, then serves the statement as JSON, CSV and PDF', async () => {
		const ticket = async (body: Record<string, unknown>, cookie = admin) => {
			const r = await call('POST', '/api/tickets', { title: 'finance http', ...body }, cookie);
			expect(r.status).toBe(201);
		};
		await ticket({ departmentId: dept.FIN, category: 'hardware', priority: 'P2' });
		await ticket({ departmentId: dept.FIN, category: 'hardware', priority: 'P2' });
		await ticket({ departmentId: dept.FIN });
		await ticket({ departmentId: dept.OPS });
		await ticket({}, cookies.requester); // a requester's ticket carries their cost center (FIN)
		await new Promise((r) => setTimeout(r, 1500)); // the relay ships the events to ClickHouse

		// Re-run until the relay has delivered all five (a draft may be re-run).
		let run: { status: number; body: { status: string; lines: number } } | null = null;
		let tickets = 0;
		for (let i = 0; i < 20 && tickets < 5; i++) {
			if (i) await new Promise((r) => setTimeout(r, 500));
			run = await json(await call('POST', `/api/finance/periods/${PERIOD}/run`));
			expect([200, 201], JSON.stringify(run.body)).toContain(run.status);
			tickets = (await json(await call('GET', `/api/finance/statements/${PERIOD}`))).body.totals.tickets;
		}
		expect(tickets).toBe(5);
		expect(run!.body.status).toBe('draft');

		const periods = await json(await call('GET', '/api/finance/periods'));
		expect(periods.status).toBe(200);
		expect(JSON.stringify(periods.body)).toContain(PERIOD);

		// statement JSON: FIN has 2 × hardware/P2 at 25.00, 2 × other/P3 at 10.00, 60 % of the pool, 4/5 of the tickets pool
		const st = await json(await call('GET', `/api/finance/statements/${PERIOD}/FIN`));
		expect(st.status).toBe(200);
		expect(st.body).toMatchObject({ period: PERIOD, status: 'draft', mode: 'chargeback', currency: 'EUR', department: { code: 'FIN' } });
		const lines = st.body.lines as { kind: string; item: string; units: number; amountCents: number }[];
		expect(lines.filter((l) => l.kind === 'tickets').map((l) => [l.item, l.units, l.amountCents])).toEqual([
			['hardware/P2/incident', 2, 5000],
			['other/P3/incident', 2, 2000]
		]);
		expect(lines.filter((l) => l.kind === 'overhead').map((l) => l.amountCents).sort((a, b) => a - b)).toEqual([2400, 6000]);
		expect(st.body.totalCents).toBe(String(7000 + 6000 + 2400)); // totals are exact digit strings of cents
		expect((await json(await call('GET', `/api/finance/statements/${PERIOD}/${dept.FIN}`))).body.totalCents).toBe(st.body.totalCents); // by id too

		// Drill-down: a tickets line lists its tickets with their numbers and titles.
		const hw = (st.body.lines as { id: number; item: string }[]).find((l) => l.item === 'hardware/P2/incident')!;
		const drill = await json(await call('GET', `/api/finance/lines/${hw.id}/tickets`));
		expect(drill.status).toBe(200);
		expect(drill.body.tickets).toHaveLength(2);
		for (const tk of drill.body.tickets) expect(tk).toMatchObject({ id: expect.any(String), number: expect.stringMatching(/\S/), title: 'finance http' });
		expect(drill.body.ticketIds).toEqual(drill.body.tickets.map((x: { id: string }) => x.id));
		const listed = (await json(await call('GET', '/api/finance/periods'))).body.find((x: { period: string }) => x.period === PERIOD);
		expect(listed).toMatchObject({ status: 'open', closedByName: null, statement: { status: 'draft', totalCents: expect.stringMatching(/^\d+$/) } });

		// CSV: the pinned columns, one row per line
		const csvRes = await call('GET', `/api/finance/statements/${PERIOD}/FIN?format=csv`);
		expect(csvRes.status).toBe(200);
		expect(csvRes.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(csvRes.headers.get('content-disposition')).toContain(`statement-FIN-${PERIOD}.csv`);
		const csv = (await csvRes.text()).split('\r\n').filter(Boolean);
		expect(csv[0]).toBe('period,cost_center,kind,item,basis,units,unit_rate,amount,currency,line_id');
		expect(csv).toHaveLength(lines.length + 1);
		expect(csv.some((r) => r.startsWith(`${PERIOD},FIN,tickets,hardware/P2/incident,`) && r.includes(',2,25.00,50.00,EUR,'))).toBe(true);
		const whole = await call('GET', `/api/finance/statements/${PERIOD}?format=csv`);
		expect((await whole.text()).split('\r\n')[0]).toBe('period,cost_center,kind,item,basis,units,unit_rate,amount,currency,line_id');

		// PDF: application/pdf, and pdftotext finds the cost center, total and the chart's month axis
		const pdfRes = await call('GET', `/api/finance/statements/${PERIOD}/FIN?format=pdf`);
		expect(pdfRes.status).toBe(200);
		expect(pdfRes.headers.get('content-type')).toBe('application/pdf');
		const pdf = Buffer.from(await pdfRes.arrayBuffer());
		expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
		const text = pdftotext(pdf, 'fin.pdf');
		expect(text).toContain('Opshub — Chargeback statement');
		expect(text).toContain('Cost center: FIN — Finance dept');
		expect(text).toContain(`Period: ${PERIOD}`);
		expect(text).toMatch(new RegExp(`Total\\s+${money(Number(st.body.totalCents)).replace('.', '\\.')} EUR`));
		expect(text).toContain('Cost by month');
		expect(text).toMatch(new RegExp(`${PERIOD}\\s*\\n`)); // the last bar's label ends the month axis
		expect(text).toMatch(/Tickets\s+Shared costs/); // the chart legend
	});

	it('serves the reports as CSV with their columns', async () => {
		const q = `from=${PERIOD}&to=${PERIOD}&format=csv`;
		const bva = await call('GET', `/api/finance/reports/budget-vs-actual?${q}`);
		expect(bva.status).toBe(200);
		expect(bva.headers.get('content-type')).toMatch(/^text\/csv/);
		const bvaRows = (await bva.text()).split('\r\n');
		expect(bvaRows[0]).toBe('period,cost_center,cost_type,budget,actual,variance,variance_pct');
		expect(bvaRows).toContain(`${PERIOD},FIN,tickets,50.00,70.00,20.00,40`);
		const tr = (await (await call('GET', `/api/finance/reports/trend?${q}`)).text()).split('\r\n');
		expect(tr[0]).toBe('period,status,tickets,tickets_amount,labor_amount,ci_amount,services_amount,overhead_amount,total');
		expect(tr[1]).toMatch(new RegExp(`^${PERIOD},draft,5,`));
		const cpt = (await (await call('GET', `/api/finance/reports/cost-per-ticket?${q}`)).text()).split('\r\n');
		expect(cpt[0]).toBe('period,desk_cost,tickets,cost_per_ticket');
		expect(cpt[1]).toMatch(new RegExp(`^${PERIOD},\\d+\\.\\d{2},5,\\d+\\.\\d{2}$`));
		const byDept = await json(await call('GET', `/api/finance/reports/trend?from=${PERIOD}&to=${PERIOD}&departmentId=${dept.FIN}`));
		expect(byDept.body[0]).toMatchObject({ period: PERIOD, tickets: 4, totalCents: '15400' });
	});

	it('answers bad input with 400/422 naming the field, never 500', async () => {
		// request bodies: 422 (pools, rate cards, budgets) or 400 (settings); path and query: 400
		const cases: [string, string, unknown, number, string][] = [
			['POST', '/api/finance/pools', { name: 'Bad', period: PERIOD, amountCents: 100, rule: 'fixed_pct', percentages: { [dept.FIN]: 60, [dept.OPS]: 39 } }, 422, 'percentages'],
			['POST', '/api/finance/pools', { name: 'Bad', period: PERIOD, amountCents: 100, rule: 'fixed_pct' }, 422, 'percentages'],
			['POST', '/api/finance/pools', { name: 'Bad', period: '2026-13', amountCents: 100, rule: 'even' }, 422, 'period'],
			['POST', '/api/finance/pools', { name: 'Bad', period: PERIOD, amountCents: 1.5, rule: 'even' }, 422, 'amountCents'],
			['POST', '/api/finance/periods/2026-13/run', undefined, 400, 'period'],
			['POST', '/api/finance/periods/May-2026/close', undefined, 400, 'period'],
			['GET', '/api/finance/statements/2026-1', undefined, 400, 'period'],
			['GET', `/api/finance/statements/${PERIOD}/FIN?format=xml`, undefined, 400, 'format'],
			['GET', `/api/finance/reports/trend?from=${PERIOD}&to=2000-01`, undefined, 400, 'from'],
			['GET', `/api/finance/reports/trend?from=2026-00&to=${PERIOD}`, undefined, 400, 'from'],
			['GET', `/api/finance/reports/cost-per-ticket?from=${PERIOD}`, undefined, 400, 'to'],
			['PUT', '/api/finance/settings', { currency: 'euro' }, 400, 'currency'],
			['PUT', '/api/finance/settings', { mode: 'invoice' }, 400, 'mode'],
			['POST', '/api/finance/rate-cards', { effectiveFrom: '2026-02-30', entries: [{ kind: 'ticket', unitRateCents: 1 }] }, 422, 'effectiveFrom'],
			['POST', '/api/finance/rate-cards', { effectiveFrom: '2026-01-01', entries: [] }, 422, 'entries'],
			['PUT', '/api/finance/budgets', { budgets: [{ departmentId: dept.FIN, period: PERIOD, costType: 'tickets', amountCents: -1 }] }, 422, 'budgets.0.amountCents'],
			['PUT', '/api/finance/budgets', { budgets: [{ departmentId: dept.FIN, period: PERIOD, costType: 'coffee', amountCents: 1 }] }, 422, 'budgets.0.costType'],
			// path and query parameters: 400
			['GET', '/api/finance/pools?period=2026', undefined, 400, 'period'],
			['GET', `/api/finance/budgets?from=${PERIOD}&to=26-01`, undefined, 400, 'to'],
			['GET', `/api/finance/reports/budget-vs-actual?from=2026-13&to=2026-14`, undefined, 400, 'from'],
			['GET', `/api/finance/reports/trend?from=1990-01&to=2026-01`, undefined, 400, 'to'], // over 120 periods
			['GET', `/api/finance/reports/trend?from=${PERIOD}&to=${PERIOD}&departmentId=x`, undefined, 400, 'departmentId'],
			['GET', '/api/finance/lines/abc/tickets', undefined, 422, 'id']
		];
		const got: unknown[] = [];
		for (const [method, p, body] of cases) {
			const r = await json(await call(method, p, body));
			got.push([method, p, body, r.status, r.body.error?.field]);
			expect(r.body.error.message.length, `${method} ${p}`).toBeGreaterThan(3);
		}
		expect(got).toEqual(cases);
		const badJson = await json(await call('POST', '/api/finance/pools', '{not json'));
		expect(badJson.status).toBe(400);
		expect((await call('GET', `/api/finance/statements/${PERIOD}/NOPE`)).status).toBe(404);
		expect((await call('GET', '/api/finance/statements/1999-01')).status).toBe(404);
		expect((await call('GET', `/api/finance/reports/nope?from=${PERIOD}&to=${PERIOD}`)).status).toBe(404);
		expect(s.output()).not.toMatch(/Internal error/);
	});

	it('403 for requester and agent accounts; the owner reads only their own cost center; 401 without a session', async () => {
		const routes: [string, string, unknown?][] = [
			['GET', `/api/finance/statements/${PERIOD}`],
			['GET', `/api/finance/statements/${PERIOD}/OPS?format=pdf`],
			['GET', `/api/finance/reports/trend?from=${PERIOD}&to=${PERIOD}&format=csv`],
			['GET', `/api/finance/reports/budget-vs-actual?from=${PERIOD}&to=${PERIOD}`],
			['GET', '/api/finance/rate-cards'],
			['POST', `/api/finance/periods/${PERIOD}/run`],
			['POST', `/api/finance/periods/${PERIOD}/close`],
			['PUT', '/api/finance/settings', { currency: 'USD' }],
			['POST', '/api/finance/pools', { name: 'X', period: PERIOD, amountCents: 1, rule: 'even' }],
			['PUT', '/api/finance/budgets', { budgets: [{ departmentId: dept.OPS, period: PERIOD, costType: 'tickets', amountCents: 1 }] }]
		];
		for (const who of ['requester', 'agent', 'owner'] as const)
			for (const [method, p, body] of routes) {
				const r = await call(method, p, body, cookies[who]);
				expect(r.status, `${who} ${method} ${p}`).toBe(403);
				expect((await r.json()).error.code).toBe('FORBIDDEN');
			}
		// a requester who does not own FIN cannot read its statement either
		expect((await call('GET', `/api/finance/statements/${PERIOD}/FIN`, undefined, cookies.requester)).status).toBe(403);
		// the owner of FIN reads FIN's statement, PDF included
		const own = await call('GET', `/api/finance/statements/${PERIOD}/FIN?format=pdf`, undefined, cookies.owner);
		expect(own.status).toBe(200);
		expect(pdftotext(Buffer.from(await own.arrayBuffer()), 'owner.pdf')).toContain('Cost center: FIN');
		expect((await call('GET', `/api/finance/statements/${PERIOD}/FIN`, undefined, '')).status).toBe(401);
		// nothing changed: settings still EUR
		expect((await json(await call('GET', '/api/finance/settings'))).body.currency).toBe('EUR');
	});

	it('closes the period; re-run, re-close, pools and budgets for it answer 409', async () => {
		const close = await json(await call('POST', `/api/finance/periods/${PERIOD}/close`));
		expect(close.status, JSON.stringify(close.body)).toBe(200);
		expect(close.body).toMatchObject({ period: PERIOD, status: 'closed', closedByName: expect.any(String) });
		expect(close.body.closedBy).toMatch(/^[0-9a-f-]{36}$/);
		// The periods list says who closed it and when, and carries the statement (the pages show both).
		const periods = await json(await call('GET', '/api/finance/periods'));
		const p = (periods.body as { period: string }[]).find((x) => x.period === PERIOD);
		expect(p).toMatchObject({ status: 'closed', closedAt: close.body.closedAt, closedBy: close.body.closedBy, closedByName: close.body.closedByName });
		expect(p).toMatchObject({ statement: { status: 'closed', currency: 'EUR', totalCents: close.body.totalCents } });
		for (const [method, p, body] of [
			['POST', `/api/finance/periods/${PERIOD}/run`, undefined],
			['POST', `/api/finance/periods/${PERIOD}/close`, undefined],
			['POST', '/api/finance/pools', { name: 'Late', period: PERIOD, amountCents: 1, rule: 'even' }],
			['PUT', '/api/finance/budgets', { budgets: [{ departmentId: dept.FIN, period: PERIOD, costType: 'tickets', amountCents: 1 }] }]
		] as const) {
			const r = await json(await call(method, p, body));
			expect(r.status, `${method} ${p}`).toBe(409);
			expect(r.body.error.code).toBe('CONFLICT');
		}
		const st = await json(await call('GET', `/api/finance/statements/${PERIOD}/FIN`));
		expect(st.body.status).toBe('closed');
		const text = pdftotext(Buffer.from(await (await call('GET', `/api/finance/statements/${PERIOD}/FIN?format=pdf`)).arrayBuffer()), 'closed.pdf');
		expect(text).toContain('Status: closed');
		expect(text).not.toContain('DRAFT');
	});
});
