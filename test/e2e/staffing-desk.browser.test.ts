/**
 * A lead plans the Service Desk group's week from the page only, on the demo desk: the peak heads
 * are within the group's people ± the stated margin (30 %), and publishing a second plan for the
 * same group and week is refused (the demo published one at boot).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated, SCREENSHOT_DIR } from '../helpers/browser';

const LEAD = 'lead.service-desk@opshub.local';
const PASSWORD = 'opshub-demo';
const SERVICE_DESK_PEOPLE = 15;
const MARGIN = 0.3;

describe('desk staffing page on the demo desk (chromium)', () => {
	let s: RunningServer;
	let browser: Awaited<ReturnType<typeof launchBrowser>>;
	let cookie: string;
	beforeAll(async () => {
		s = await startServer({ OPSHUB_DEMO: '1', OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' }, 240_000);
		browser = await launchBrowser();
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
		// The demo seeds in the background; the lead's account and the published plan come last.
		const deadline = Date.now() + 540_000;
		for (;;) {
			try {
				cookie = await signIn(s.url, LEAD, PASSWORD);
				const plans = await (await fetch(`${s.url}/api/staffing/plans`, { headers: { cookie } })).json();
				if (plans.plans?.some((p: { publishedAt: string | null }) => p.publishedAt)) break;
			} catch {
				/* not seeded yet */
			}
			if (Date.now() > deadline) throw new Error('demo desk not seeded in time');
			await new Promise((r) => setTimeout(r, 3000));
		}
	}, 600_000);
	afterAll(async () => {
		await browser?.close();
		await s?.stop();
	});

	it("plans the Service Desk group's week: believable peak, second publish refused", async () => {
		const [name, value] = cookie.split('=');
		await browser.context.addCookies([{ name, value, url: s.url }]);
		const page = await browser.context.newPage();
		await gotoHydrated(page, `${s.url}/staffing/desk`);
		await page.locator('[data-testid=group]').selectOption({ label: 'Service Desk (L0)' });
		await page.locator('[data-testid=shrinkagePct]').fill('99');
		await page.click('[data-testid=compute]');
		await expect.poll(() => page.content(), { timeout: 5000 }).toContain('Shrinkage (%): enter a value from 0 to 60.');
		await page.locator('[data-testid=shrinkagePct]').fill('30');
		await page.click('[data-testid=compute]');
		await page.locator('[data-testid=peak]').waitFor({ timeout: 60_000 });
		const peak = Number((await page.locator('[data-testid=peak]').textContent())!.replace(/[^0-9]/g, ''));
		expect(peak).toBeGreaterThanOrEqual(SERVICE_DESK_PEOPLE * (1 - MARGIN));
		expect(peak).toBeLessThanOrEqual(SERVICE_DESK_PEOPLE * (1 + MARGIN));
		expect(await page.locator('[data-testid=channels]').textContent()).toContain('Erlang C');
		await page.click('[data-testid=save]');
		const draft = page.locator('[data-testid=plans] tbody tr', { hasText: 'Draft' }).first();
		await draft.waitFor({ timeout: 60_000 });
		await draft.locator('button').click();
		await expect.poll(() => page.content(), { timeout: 15_000 }).toContain('already published for this group and week');
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'staffing-desk.png'), fullPage: true });
	}, 180_000);
});
