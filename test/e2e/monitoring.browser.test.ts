import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated, SCREENSHOT_DIR } from '../helpers/browser';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const FIXTURE = path.resolve('test/fixtures/monitoring/nagios_service_problem.json');

describe('monitoring page in chromium', () => {
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

	it('registers a source in the UI, shows its alert once ingested, with noise figures', async () => {
		const cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		const [name, value] = cookie.split('=');
		await browser.context.addCookies([{ name, value, url: s.url }]);
		const page = await browser.context.newPage();
		await gotoHydrated(page, `${s.url}/monitoring`);
		await page.fill('input[name=name]', 'core-nagios');
		await page.click('form button[type=submit]');
		const token = (await page.locator('[data-testid=source-token]').textContent({ timeout: 10_000 }))!;
		expect(token).toMatch(/^ohm_/);
		const body = fs.existsSync(FIXTURE) ? fs.readFileSync(FIXTURE, 'utf8') : JSON.stringify({ NOTIFICATIONTYPE: 'PROBLEM', HOSTNAME: 'web01', SERVICEDESC: 'HTTP', SERVICESTATE: 'CRITICAL', SERVICESTATETYPE: 'HARD', SERVICEPROBLEMID: '1', SERVICEOUTPUT: 'down' });
		const r = await fetch(`${s.url}/api/ingest/nagios`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
		expect(r.status).toBe(202);
		// The alert is processed and its outcome shipped to ClickHouse by the relay.
		await expect
			.poll(
				async () => {
					await page.reload();
					return page.locator('[data-testid=sources] tbody tr').first().textContent();
				},
				{ timeout: 15_000, interval: 500 }
			)
			.toMatch(/core-nagios\s*nagios/);
		await expect.poll(async () => (await page.reload(), page.locator('.tile').nth(1).textContent()), { timeout: 15_000, interval: 500 }).toContain('1');
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'monitoring.png'), fullPage: true });
		const tickets = await (await fetch(`${s.url}/api/tickets?channel=monitoring`, { headers: { cookie } })).json();
		expect(tickets.total).toBe(1);
	});
	it('an admin registers a source, opens its setup snippets and sends a test alert that opens a ticket, pasting nothing', async () => {
		const cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		const [name, value] = cookie.split('=');
		await browser.context.addCookies([{ name, value, url: s.url }]);
		const page = await browser.context.newPage();
		await gotoHydrated(page, `${s.url}/monitoring`);
		await page.locator('form.reg select').selectOption('alertmanager');
		await page.fill('input[name=name]', 'prom-ui');
		await page.click('form button[type=submit]');
		const token = (await page.locator('[data-testid=source-token]').textContent({ timeout: 10_000 }))!;
		await page.locator('[data-testid="setup-prom-ui"]').click({ timeout: 10_000 });
		const receiver = page.locator('[data-testid=snippet-receiver]');
		await receiver.waitFor({ timeout: 10_000 });
		expect(await receiver.textContent()).toContain(token);
		expect(await receiver.textContent()).toContain('/api/ingest/alertmanager');
		await page.locator('[data-testid="test-prom-ui"]').click();
		await expect.poll(() => page.locator('[data-testid=test-result]').textContent(), { timeout: 15_000, interval: 300 }).toMatch(/INC-\d+/);
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'monitoring-test-alert.png'), fullPage: true });
	});
});
