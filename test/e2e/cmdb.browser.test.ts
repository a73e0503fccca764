/** The CMDB pages in chromium: browse, search, a CI with its graph, history restore, filing and approving a change. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated, SCREENSHOT_DIR } from '../helpers/browser';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };

describe('CMDB pages in chromium', () => {
	let s: RunningServer;
	let browser: Awaited<ReturnType<typeof launchBrowser>>;
	let page: Page;
	let cookie: string;
	const ids: Record<string, string> = {};

	const send = async (method: string, p: string, body: unknown) => {
		const r = await fetch(`${s.url}${p}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect(r.status, `${method} ${p}: ${r.status}`).toBeLessThan(300);
		return r.json();
	};
	const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `cmdb-${name}.png`), fullPage: true });

	beforeAll(async () => {
		s = await startServer(ADMIN);
		cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		const cis: Array<[string, string, Record<string, unknown>, Array<{ kind: string; value: string }>?]> = [
			['Payroll', 'business_service', { service_level: 'gold', business_owner: 'HR' }],
			['payroll-app', 'application', { version: '4.2', vendor: 'Acme' }, [{ kind: 'hostname', value: 'payroll-app-01' }]],
			['payroll-db', 'database', { engine: 'postgresql', version: '16', port: 5432 }, [{ kind: 'ip', value: '10.20.0.5' }]],
			['vm-payroll-01', 'virtual_machine', { os: 'linux', hypervisor: 'vmware', cpu_cores: 4 }],
			['esx-host-07', 'server', { os: 'other', cpu_cores: 64 }],
			['core-sw-1', 'network_device', { device_type: 'switch', vendor: 'Arista' }],
			['mail-gw', 'application', { version: '2.0' }]
		];
		for (const [name, classId, attributes, identities] of cis) {
			ids[name] = (await send('POST', '/api/cmdb/items', { name, classId, attributes, identities: identities ?? [] })).id;
		}
		const rel = (from: string, type: string, to: string) => send('POST', '/api/cmdb/relations', { fromCiId: ids[from], toCiId: ids[to], type });
		await rel('Payroll', 'depends_on', 'payroll-app');
		await rel('payroll-app', 'depends_on', 'payroll-db');
		await rel('payroll-app', 'runs_on', 'vm-payroll-01');
		await rel('vm-payroll-01', 'hosted_on', 'esx-host-07');
		await rel('esx-host-07', 'connected_to', 'core-sw-1');
		// A later edit, so the history has something to restore.
		await send('PATCH', `/api/cmdb/items/${ids['payroll-app']}`, { attributesPatch: { version: '5.0' } });
		await send('POST', '/api/tickets', { title: 'Payroll app slow', priority: 'P2', category: 'software', channel: 'portal', ciId: ids['payroll-app'] });

		browser = await launchBrowser();
		const [name, value] = cookie.split('=');
		await browser.context.addCookies([{ name, value, url: s.url }]);
		page = await browser.context.newPage();
		await page.setViewportSize({ width: 1440, height: 900 });
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	});
	afterAll(async () => {
		await browser?.close();
		await s?.stop();
	});

	it('browses and searches configuration items', async () => {
		await gotoHydrated(page, `${s.url}/`);
		await page.click('header nav a:text("CMDB")');
		await page.waitForURL(/\/cmdb$/);
		const rows = page.locator('[data-testid=ci-table] tbody tr');
		expect(await rows.count()).toBe(7);
		await shot('list');
		await page.fill('input[name=q]', 'payroll');
		await page.click('[data-testid=ci-filters] button[type=submit]');
		await page.waitForURL(/q=payroll/);
		expect(await rows.locator('td:first-child').allTextContents()).toEqual(['Payroll', 'payroll-app', 'payroll-db', 'vm-payroll-01']);
		// Class filter narrows it; an identity value finds its CI.
		await page.selectOption('select[name=classId]', 'database');
		await page.click('[data-testid=ci-filters] button[type=submit]');
		await page.waitForURL(/classId=database/);
		expect(await rows.locator('td:first-child').allTextContents()).toEqual(['payroll-db']);
		await gotoHydrated(page, `${s.url}/cmdb?q=10.20.0.5`);
		expect(await rows.locator('td:first-child').allTextContents()).toEqual(['payroll-db']);
		await shot('search');

		// Paging: 27 CIs are two pages of 25.
		const csv = ['name,class', ...Array.from({ length: 20 }, (_, i) => `bulk-${String(i).padStart(2, '0')},application`)].join('\n');
		expect((await send('POST', '/api/cmdb/import', { csv, dryRun: false })).created).toBe(20);
		await gotoHydrated(page, `${s.url}/cmdb`);
		expect(await rows.count()).toBe(25);
		expect(await page.textContent('[data-testid=pager]')).toMatch(/page 1 of 2/i);
		await page.click('[data-testid=pager] a:text("next")');
		await page.waitForURL(/page=2/);
		expect(await rows.locator('td:first-child').allTextContents()).toEqual(['payroll-db', 'vm-payroll-01']);
	});

	it('shows a CI with attributes, its graph canvas, tickets, and restores history', async () => {
		await gotoHydrated(page, `${s.url}/cmdb?q=payroll`);
		await page.click('[data-testid=ci-table] a:text-is("payroll-app")');
		await page.waitForURL(new RegExp(`/cmdb/${ids['payroll-app']}$`));
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('payroll-app');
		expect(await page.textContent('[data-testid=ci-attributes]')).toContain('5.0');
		expect(await page.textContent('[data-testid=ci-identities]')).toContain('payroll-app-01');
		await page.locator('[data-testid=ci-graph] canvas').first().waitFor({ timeout: 15_000 });
		const box = await page.locator('[data-testid=ci-graph] canvas').first().boundingBox();
		expect(box!.width).toBeGreaterThan(300);
		expect(box!.height).toBeGreaterThan(300);
		expect(await page.textContent('[data-testid=ci-relations]')).toContain('payroll-db');
		expect(await page.textContent('[data-testid=ci-tickets]')).toContain('Payroll app slow');
		await page.waitForTimeout(1500); // let the force layout settle before the picture
		await shot('ci');

		// The creation entry holds version 4.2; restoring it puts it back.
		const restore = page.locator('[data-testid=ci-history] tr', { has: page.locator('[data-action="ci.created"]') }).locator('button');
		await restore.click();
		await page.locator('[data-testid=restored]').waitFor();
		expect(await page.textContent('[data-testid=ci-attributes]')).toContain('4.2');
		expect(await page.locator('[data-testid=ci-history] [data-action="ci.restored"]').count()).toBe(1);
	});

	it('files a change for the CI, submits it and approves it with a comment', async () => {
		await gotoHydrated(page, `${s.url}/cmdb/${ids['payroll-db']}`);
		await page.click('a:text("File a change")');
		await page.waitForURL(/\/cmdb\/changes\?ci=/);
		// The CI is preselected.
		expect(await page.locator('select[name=ciIds]').evaluate((el: HTMLSelectElement) => [...el.selectedOptions].map((o) => o.value))).toEqual([
			ids['payroll-db']
		]);
		await page.fill('input[name=title]', 'Upgrade payroll-db to PostgreSQL 17');
		await page.fill('textarea[name=description]', 'Minor outage, rollback by snapshot.');
		await page.selectOption('select[name=risk]', 'high');
		await shot('change-form');
		await page.click('[data-testid=change-form] button[type=submit]');
		await page.waitForURL(/\/cmdb\/changes\/[0-9a-f-]{36}$/);
		expect(await page.getAttribute('[data-testid=change-status]', 'data-status')).toBe('draft');
		// The state buttons post through use:enhance (no page load): wait for the new state.
		await page.click('button:text("Submit for approval")');
		await expect.poll(() => page.getAttribute('[data-testid=change-status]', 'data-status'), { timeout: 10_000 }).toBe('submitted');
		// Impact: payroll-db reaches the Payroll business service upstream.
		expect(await page.textContent('[data-testid=change-facts]')).toContain('1 business service');
		await page.fill('[data-testid=decide-form] textarea[name=comment]', 'CAB: go, keep the snapshot');
		await page.click('[data-testid=decide-form] button[value=approve]');
		await expect.poll(() => page.getAttribute('[data-testid=change-status]', 'data-status'), { timeout: 10_000 }).toBe('approved');
		expect(await page.textContent('[data-testid=approvals]')).toContain('CAB: go, keep the snapshot');
		await shot('change');

		await gotoHydrated(page, `${s.url}/cmdb/changes`);
		expect(await page.textContent('[data-testid=changes-table]')).toContain('Upgrade payroll-db to PostgreSQL 17');
		await shot('changes');
	});

	it('shows the service error on a bad filing instead of failing', async () => {
		await gotoHydrated(page, `${s.url}/cmdb/changes`);
		await page.fill('input[name=title]', 'Backwards window');
		await page.selectOption('select[name=ciIds]', ids['mail-gw']);
		await page.fill('input[name=plannedStart]', '2030-01-02T10:00');
		await page.fill('input[name=plannedEnd]', '2030-01-02T09:00');
		await page.click('[data-testid=change-form] button[type=submit]');
		await page.locator('[data-testid=change-error]').waitFor();
		expect(await page.textContent('[data-testid=change-error]')).toContain('plannedEnd');
		// What was typed stays.
		expect(await page.inputValue('input[name=title]')).toBe('Backwards window');
		expect((await fetch(`${s.url}/cmdb/00000000-0000-4000-8000-000000000000`, { headers: { cookie } })).status).toBe(404);
	});
});
