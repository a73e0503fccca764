import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated, SCREENSHOT_DIR } from '../helpers/browser';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const DAY_MS = 86_400_000;
const numberIn = async (page: import('playwright-core').Page, id: string) =>
	Number(((await page.locator(`[data-testid=${id}]`).textContent()) ?? '').replace(/[^0-9.]/g, '') || '0');

describe('staffing planner in chromium', () => {
	let s: RunningServer;
	let browser: Awaited<ReturnType<typeof launchBrowser>>;
	let cookie: string;

	beforeAll(async () => {
		s = await startServer(ADMIN);
		cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		// Today's phone calls are the history a forecast from tomorrow learns from.
		for (let i = 0; i < 24; i++) {
			const r = await fetch(`${s.url}/api/tickets`, {
				method: 'POST',
				headers: { cookie, 'content-type': 'application/json' },
				body: JSON.stringify({ title: `Cannot log in #${i}`, priority: 'P3', category: 'user_support', channel: 'phone' })
			});
			expect(r.status).toBe(201);
		}
		browser = await launchBrowser();
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	});
	afterAll(async () => {
		await browser?.close();
		await s?.stop();
	});

	it('recomputes the requirement when the volume grows 20%, solves, publishes and compares', async () => {
		const [name, value] = cookie.split('=');
		await browser.context.addCookies([{ name, value, url: s.url }]);
		const page = await browser.context.newPage();
		await page.setViewportSize({ width: 1600, height: 1400 });
		await gotoHydrated(page, `${s.url}/staffing`);
		const tomorrow = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS).toISOString().slice(0, 10);
		await page.locator('[data-testid=channel]').selectOption('phone');
		await page.locator('[data-testid=start]').fill(tomorrow);
		// The relay ships the tickets to ClickHouse within seconds; reload the what-if until they show.
		let before = 0;
		for (let attempt = 0; attempt < 30 && before === 0; attempt++) {
			await page.locator('[data-testid=aht]').fill(String(600 + (attempt % 2)));
			await page.waitForTimeout(700);
			before = await numberIn(page, 'required-total');
		}
		expect(before).toBeGreaterThan(0);
		const forecastBefore = await numberIn(page, 'forecast-total');

		await page.locator('[data-testid=volume]').fill('20');
		await page.waitForFunction(
			(b) => Number((document.querySelector('[data-testid=required-total]')?.textContent ?? '').replace(/[^0-9.]/g, '') || '0') > b,
			before,
			{ timeout: 10_000 }
		);
		expect(await numberIn(page, 'required-total')).toBeGreaterThan(before);
		expect(await numberIn(page, 'forecast-total')).toBeGreaterThan(forecastBefore);

		await page.click('[data-testid=solve]');
		await page.locator('[data-testid=assignments]').waitFor({ timeout: 15_000 });
		expect(await numberIn(page, 'scheduled-total')).toBeGreaterThanOrEqual(await numberIn(page, 'required-total'));

		await page.click('[data-testid=publish]');
		await expect.poll(() => page.locator('[data-testid=message]').textContent(), { timeout: 15_000 }).toContain('Published');
		const row = page.locator('[data-testid=plans] tbody tr').first();
		// The plan list reloads after the message: wait for it rather than read it at once.
		await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain(`Week of ${tomorrow}`);
		await row.locator('button').click();
		await page.locator('[data-testid=comparison] tbody tr').first().waitFor({ timeout: 10_000 });
		expect(await page.locator('[data-testid=comparison] tbody tr').count()).toBe(7);
		await page.waitForTimeout(500);
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'staffing.png'), fullPage: true });
	});
});
