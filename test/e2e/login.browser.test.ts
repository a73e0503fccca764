import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated, SCREENSHOT_DIR } from '../helpers/browser';

describe('login through the UI in chromium', () => {
	let s: RunningServer;
	let browser: Awaited<ReturnType<typeof launchBrowser>>;
	beforeAll(async () => {
		s = await startServer({ OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' });
		browser = await launchBrowser();
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	});
	afterAll(async () => {
		await browser?.close();
		await s?.stop();
	});

	it('shows an error for a wrong password, then signs in and sees the home page', async () => {
		const page = await browser.context.newPage();
		await gotoHydrated(page, `${s.url}/`);
		expect(page.url()).toContain('/login');
		await page.fill('input[name=email]', 'admin@example.com');
		await page.fill('input[name=password]', 'wrong-password');
		await page.click('button[type=submit]');
		await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('Invalid email or password');
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'login-error.png') });
		await page.fill('input[name=password]', 'admin-pass-123');
		await page.click('button[type=submit]');
		// `/` lands the admin on the dashboard, its start page.
		await page.waitForURL(`${s.url}/dashboard`);
		expect(await page.locator('[data-testid=me]').textContent()).toBe('admin@example.com');
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'home.png') });
	});
});
