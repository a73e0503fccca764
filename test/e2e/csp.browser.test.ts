// Issue 18, Low: the Content-Security-Policy must not break the app. Every page hydrates and
// echarts draws with the CSP on, and the browser reports no violation.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated } from '../helpers/browser';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };

describe('CSP in chromium', () => {
	let s: RunningServer;
	let browser: Awaited<ReturnType<typeof launchBrowser>>;
	beforeAll(async () => {
		s = await startServer(ADMIN);
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await s?.stop();
	});

	it('pages hydrate, the dashboard chart draws, and no CSP violation is reported', async () => {
		const cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		const [name, value] = cookie.split('=');
		await browser.context.addCookies([{ name, value, url: s.url }]);
		const page = await browser.context.newPage();
		const violations: string[] = [];
		page.on('console', (m) => {
			if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(m.text());
		});
		await page.addInitScript(() => {
			document.addEventListener('securitypolicyviolation', (e) => console.error(`Content-Security-Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
		});
		const first = await page.goto(`${s.url}/dashboard`);
		const csp = first!.headers()['content-security-policy'] ?? '';
		expect(csp).toMatch(/script-src 'self' '(nonce|sha256)-/);
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
		await page.waitForSelector('html[data-hydrated]', { timeout: 30_000 });
		await expect.poll(() => page.locator('section.chart canvas').count(), { timeout: 15_000 }).toBeGreaterThan(0);
		for (const p of ['/', '/tickets', '/cmdb', '/finance', '/boards', '/staffing', '/monitoring', '/login']) {
			await gotoHydrated(page, `${s.url}${p}`);
		}
		expect(violations).toEqual([]);
	});
});
