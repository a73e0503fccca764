import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
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
});
