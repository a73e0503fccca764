import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated, SCREENSHOT_DIR } from '../helpers/browser';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };

describe('finance page in chromium', () => {
	let s: RunningServer;
	let browser: Awaited<ReturnType<typeof launchBrowser>>;
	beforeAll(async () => {
		s = await startServer(ADMIN);
		browser = await launchBrowser();
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	});
	afterAll(async () => {
		await browser?.close();
		await s?.stop();
	});

	it('runs a chargeback from the page and shows cost per ticket with the period’s tickets', async () => {
		const cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		for (let i = 0; i < 3; i++) {
			const r = await fetch(`${s.url}/api/tickets`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ title: `t${i}` }) });
			expect(r.status).toBe(201);
		}
		const card = await fetch(`${s.url}/api/finance/rate-cards`, {
			method: 'POST',
			headers: { cookie, 'content-type': 'application/json' },
			body: JSON.stringify({ effectiveFrom: '2020-01-01', note: 'flat', entries: [{ kind: 'ticket', unitRateCents: 1250 }] })
		});
		expect(card.status).toBe(201);
		await new Promise((r) => setTimeout(r, 1500)); // the relay ships the events to ClickHouse
		const [name, value] = cookie.split('=');
		await browser.context.addCookies([{ name, value, url: s.url }]);
		const page = await browser.context.newPage();
		await gotoHydrated(page, `${s.url}/finance`);
		await page.click('text=Run chargeback for', { timeout: 15_000 });
		// A confirmation dialog (focus inside it, Escape would cancel): confirm by keyboard.
		await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(true);
		await page.locator('[data-testid=confirm-run]').focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => page.locator('[data-testid=toast]').first().textContent(), { timeout: 30_000 }).toContain('Drafted');
		const month = new Date().toISOString().slice(0, 7);
		const row = page.locator('tr', { hasText: month }).first();
		await expect.poll(() => row.locator('td').nth(2).textContent(), { timeout: 10_000 }).toBe('3');
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'finance.png'), fullPage: true });
		const csv = await fetch(`${s.url}/api/finance/reports/cost-per-ticket?from=${month}&to=${month}&format=csv`, { headers: { cookie } });
		expect(csv.status).toBe(200);
		expect((await csv.text()).split('\n')[0]).toMatch(/period/);
	}, 120_000);

	/**
	 * The finance role's month end, from the pages only: seed data through the API (cost centers,
	 * the account, tickets), then sign in through the login page, set the mode, make a new rate
	 * card version (a duplicate date shows its error next to the field), set a budget, run the
	 * period (busy state), close it (confirmation), see who/when, drill a line down to its tickets
	 * and download the cost center's statement as CSV and PDF. Every finance page: axe clean, a
	 * screenshot at 1600 px and at 390 px, no sideways scroll on the phone.
	 */
	it('finance runs and closes a period and downloads a statement, from the pages only', async () => {
		const admin = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		const post = async (p: string, body: unknown) => {
			const r = await fetch(`${s.url}${p}`, { method: 'POST', headers: { cookie: admin, 'content-type': 'application/json', origin: s.url }, body: JSON.stringify(body) });
			expect(r.status, `${p} ${await r.clone().text()}`).toBe(201);
			return r.json();
		};
		// ---- seed (API): two cost centers, the finance account, four tickets this month
		const fin = await post('/api/departments', { code: 'FIN', name: 'Finance dept' });
		const ops = await post('/api/departments', { code: 'OPS', name: 'Operations' });
		await post('/api/finance/rate-cards', { effectiveFrom: '2019-01-01', note: 'v1', entries: [{ kind: 'ticket', unitRateCents: 1250 }] });
		await post('/api/accounts', { email: 'finance@example.com', name: 'Fiona Finance', password: 'finance-pass-123', roles: ['finance'] });
		for (const d of [fin.id, fin.id, fin.id, ops.id]) await post('/api/tickets', { title: `Laptop broken (${d === fin.id ? 'FIN' : 'OPS'})`, departmentId: d, category: 'hardware', priority: 'P2' });
		const month = new Date().toISOString().slice(0, 7);
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-fin-dl-'));

		// ---- from here on: the pages only
		await browser.context.clearCookies();
		const page = await browser.context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(String(e)));
		const axeFailures: string[] = [];
		const check = async (name: string) => {
			for (const phone of [false, true]) {
				await page.setViewportSize(phone ? { width: 390, height: 844 } : { width: 1600, height: 900 });
				await page.waitForTimeout(100);
				const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
				for (const v of axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious'))
					axeFailures.push(`${name}${phone ? ' (phone)' : ''}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
				if (phone) {
					const { sw, w } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
					if (sw > w) axeFailures.push(`${name}: scrolls sideways on a phone (${sw} > ${w})`);
				}
				await page.screenshot({ path: path.join(SCREENSHOT_DIR, `finance-${name}${phone ? '-390' : '-1600'}.png`), fullPage: true });
			}
			await page.setViewportSize({ width: 1600, height: 900 });
		};
		const toast = (text: string) => expect.poll(() => page.locator('[data-testid=toast]').allTextContents(), { timeout: 30_000 }).toEqual(expect.arrayContaining([expect.stringContaining(text)]));

		await gotoHydrated(page, `${s.url}/login`);
		await page.fill('input[name=email]', 'finance@example.com');
		await page.fill('input[name=password]', 'finance-pass-123');
		await page.click('button[type=submit]');
		await page.waitForURL(`${s.url}/finance`, { timeout: 30_000 });
		await page.waitForSelector('html[data-hydrated]');

		// Settings: chargeback, currency shown
		await page.click('nav[aria-label="Finance sections"] >> text=Settings');
		await page.waitForURL(/\/finance\/settings$/);
		await page.waitForSelector('html[data-hydrated]');
		await page.check('input[name=mode][value=chargeback]');
		await page.click('[data-testid=settings-form] button[type=submit]');
		await toast('Finance settings saved');
		expect(await page.textContent('main')).toContain('EUR');
		await check('settings');

		// Rate cards: the seeded v1, edited as a new version in force this month
		await gotoHydrated(page, `${s.url}/finance/rate-cards`);
		await page.click('button[aria-label="Edit the card of 2019-01-01 as a new version"]');
		await page.fill('[data-testid=card-editor] input[name=effectiveFrom]', '2019-01-01');
		await page.fill('[data-testid=rate-0]', '20');
		await page.click('[data-testid=save-card]');
		// A duplicate date: the API's 409 names effectiveFrom, shown under that field
		const dateField = page.locator('[data-testid=card-editor] input[name=effectiveFrom]');
		await expect.poll(() => dateField.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
		const errId = (await dateField.getAttribute('aria-describedby'))!.split(' ').find((x) => x.endsWith('-err'))!;
		expect(await page.textContent(`#${errId}`)).toContain('2019-01-01');
		await page.fill('[data-testid=card-editor] input[name=effectiveFrom]', `${month}-01`);
		await page.click('[data-testid=save-card]');
		await toast(`Rate card effective ${month}-01 created`);
		const cards = page.locator('[data-testid=cards] tbody tr');
		await expect.poll(() => cards.first().textContent(), { timeout: 15_000 }).toContain('In force');
		expect(await cards.count()).toBeGreaterThanOrEqual(2);
		await expect.poll(() => page.locator('[data-testid=card-entries]').textContent(), { timeout: 15_000 }).toContain('€20.00');
		await check('rate-cards');

		// Budgets: FIN tickets 100.00 this month; OPS left without a budget
		await gotoHydrated(page, `${s.url}/finance/budgets`);
		await page.fill('[data-testid=budget-FIN-tickets]', '100');
		await page.click('[data-testid=save-budgets]');
		await toast('saved: 1');
		await expect.poll(() => page.locator('[data-testid=budget-FIN-tickets]').inputValue(), { timeout: 15_000 }).toBe('100.00');
		expect(await page.locator('[data-testid=budget-OPS-tickets]').getAttribute('placeholder')).toBe('No budget');
		await check('budgets');

		// Pools: a fixed split that does not add up is refused next to the percentages
		await gotoHydrated(page, `${s.url}/finance/pools`);
		await page.fill('[data-testid=pool-form] input[name=name]', 'Facilities');
		await page.fill('[data-testid=pool-form] input[name=amount]', '50');
		await page.selectOption('[data-testid=pool-form] select[name=rule]', 'fixed_pct');
		await page.fill('input[aria-label="Percentage for FIN"]', '60');
		await page.fill('input[aria-label="Percentage for OPS"]', '30');
		await page.click('[data-testid=pool-form] button[type=submit]');
		await expect.poll(() => page.locator('#pct-err').textContent(), { timeout: 15_000 }).toContain('must sum to 100');
		await page.fill('input[aria-label="Percentage for OPS"]', '40');
		await page.click('[data-testid=pool-form] button[type=submit]');
		await toast('Pool Facilities added');
		await expect.poll(() => page.locator('[data-testid=pools]').textContent(), { timeout: 15_000 }).toContain('FIN 60 %');
		await check('pools');

		// Periods: re-run this month (busy while it works), then close it with a confirmation
		await gotoHydrated(page, `${s.url}/finance/periods`);
		await page.click(`button[aria-label="Run chargeback for ${month}"]`);
		const sawBusy = page.waitForSelector('[data-testid=run-busy]', { timeout: 15_000 }).then(
			() => true,
			() => false
		);
		await page.locator('[data-testid=confirm-run]').click();
		expect(await sawBusy).toBe(true);
		await toast(`Drafted`);
		await expect.poll(() => page.locator('[data-testid=run-busy]').count(), { timeout: 15_000 }).toBe(0);
		await page.click(`button[aria-label="Close ${month}"]`);
		expect(await page.textContent('dialog[open]')).toContain('becomes final');
		await page.click('[data-testid=confirm-close]');
		await toast(`${month} closed`);
		const who = page.locator(`[data-testid=who-${month}]`);
		await expect.poll(() => who.textContent(), { timeout: 15_000 }).toMatch(/Closed by Fiona Finance on \S+/);
		expect(await page.locator(`button[aria-label="Reopen ${month}"]`).count()).toBe(1);
		await check('periods');

		// The statement: FIN = 3 tickets × 20.00 + 60 % of 50.00 = 90.00; lines drill down to their tickets
		await page.click(`a[aria-label="Statement of ${month}"]`);
		await page.waitForURL(new RegExp(`/finance/statements/${month}$`));
		await page.waitForSelector('html[data-hydrated]');
		const finRow = page.locator('[data-testid=centers] tr', { hasText: 'Finance dept' });
		expect(await finRow.textContent()).toContain('€90.00');
		const line = page.locator('[data-testid=lines] tr', { hasText: 'hardware/P2/incident' }).filter({ hasText: 'FIN' });
		await line.locator('button', { hasText: 'Tickets' }).click();
		await expect.poll(() => page.locator('[data-testid=drill]').textContent(), { timeout: 15_000 }).toContain('Laptop broken (FIN)');
		expect(await page.locator('[data-testid=drill] li').count()).toBe(3);
		await check('statement');

		const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=csv-FIN]')]);
		expect(csvDl.suggestedFilename()).toBe(`statement-FIN-${month}.csv`);
		const csvFile = path.join(dir, 'fin.csv');
		await csvDl.saveAs(csvFile);
		const rows = fs.readFileSync(csvFile, 'utf8').trim().split('\r\n');
		expect(rows[0]).toBe('period,cost_center,kind,item,basis,units,unit_rate,amount,currency,line_id');
		const amountAt = rows[0].split(',').indexOf('amount');
		const total = rows.slice(1).reduce((a, r) => a + Math.round(Number(r.split(',')[amountAt]) * 100), 0);
		expect(total).toBe(9000);
		expect(rows.slice(1).every((r) => r.startsWith(`${month},FIN,`) && r.includes(',EUR,'))).toBe(true);

		const [pdfDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=pdf-FIN]')]);
		const pdfFile = path.join(dir, 'fin.pdf');
		await pdfDl.saveAs(pdfFile);
		expect(fs.readFileSync(pdfFile).subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
		expect(text).toContain('Chargeback statement');
		expect(text).toContain('Status: closed');
		expect(text).toMatch(/Total\s+90\.00 EUR/);

		// The overview links statements only for periods that have one
		await gotoHydrated(page, `${s.url}/finance`);
		const prev = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
		expect(await page.locator(`tr:has-text("${prev}") a[href^="/finance/statements/"]`).count()).toBe(0);
		expect(await page.locator(`a[href="/finance/statements/${month}"]`).count()).toBe(1);
		await check('overview');

		fs.rmSync(dir, { recursive: true, force: true });
		expect(axeFailures).toEqual([]);
		expect(errors).toEqual([]);
	}, 240_000);
});
