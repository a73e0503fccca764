/**
 * The CMDB pages in chromium: browse, search, a CI with its graph, history restore, filing and
 * approving a change (segregation of duties: another admin approves), and the admin's job done
 * from the pages only: a CI added by form (a field error first), edited, related, and 50 CIs
 * imported from a CSV file after a dry run that shows a bad row.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated, SCREENSHOT_DIR } from '../helpers/browser';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };

describe('CMDB pages in chromium', () => {
	let s: RunningServer;
	let browser: Awaited<ReturnType<typeof launchBrowser>>;
	let page: Page;
	let cookie: string;
	let cabCookie: string;
	let agentCookie: string;
	const ids: Record<string, string> = {};
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-cmdb-csv-'));

	const send = async (method: string, p: string, body: unknown) => {
		const r = await fetch(`${s.url}${p}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect(r.status, `${method} ${p}: ${r.status}`).toBeLessThan(300);
		return r.json();
	};
	/** Polls wait for a reload of the whole CI page (graph, history…): seconds on a busy machine. */
	const T = { timeout: 15_000 };
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

		// A second admin (the change approver: segregation of duties) and a read-only agent.
		await send('POST', '/api/accounts', { email: 'cab@example.com', name: 'CAB member', password: 'cab-pass-1234', roles: ['admin'] });
		await send('POST', '/api/accounts', { email: 'reader@example.com', name: 'Reader', password: 'reader-pass-1234', roles: ['agent'] });
		cabCookie = await signIn(s.url, 'cab@example.com', 'cab-pass-1234');
		agentCookie = await signIn(s.url, 'reader@example.com', 'reader-pass-1234');

		browser = await launchBrowser();
		page = await browser.context.newPage();
		await page.setViewportSize({ width: 1440, height: 900 });
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
		// The admin signs in through the login page.
		await gotoHydrated(page, `${s.url}/login`);
		await page.fill('input[name=email]', ADMIN.OPSHUB_ADMIN_EMAIL);
		await page.fill('input[name=password]', ADMIN.OPSHUB_ADMIN_PASSWORD);
		await page.click('button[type=submit]');
		await page.waitForURL(`${s.url}/dashboard`);
	});
	afterAll(async () => {
		await browser?.close();
		await s?.stop();
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	/** Axe (no critical or serious violation) on the page as it is now. */
	const axeClean = async (what: string) => {
		const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
		const bad = axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
		expect(bad.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
	};
	/** Screenshots at 1600 px and on a 390 px phone, which must not scroll sideways. */
	const shotsWideAndPhone = async (name: string) => {
		await page.setViewportSize({ width: 1600, height: 900 });
		await shot(`${name}-1600`);
		await page.setViewportSize({ width: 390, height: 844 });
		await page.waitForTimeout(150);
		const { sw, w } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
		expect(sw, `${name} scrolls sideways at 390 px`).toBeLessThanOrEqual(w);
		await shot(`${name}-390`);
		await page.setViewportSize({ width: 1600, height: 900 });
	};

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
		// Segregation of duties: the admin filed it, so its approve button is disabled, with the reason.
		expect(await page.locator('[data-testid=decide-form] button[value=approve]').isDisabled()).toBe(true);
		expect(await page.textContent('[data-testid=sod-reason]')).toContain('another approver');
		const changeUrl = page.url();
		// The other admin approves it (same browser, their session).
		const adminCookies = await browser.context.cookies();
		await browser.context.clearCookies();
		const [cn, cv] = cabCookie.split('=');
		await browser.context.addCookies([{ name: cn, value: cv, url: s.url }]);
		await gotoHydrated(page, changeUrl);
		expect(await page.locator('[data-testid=sod-reason]').count()).toBe(0);
		await page.fill('[data-testid=decide-form] textarea[name=comment]', 'CAB: go, keep the snapshot');
		await page.click('[data-testid=decide-form] button[value=approve]');
		await expect.poll(() => page.getAttribute('[data-testid=change-status]', 'data-status'), { timeout: 10_000 }).toBe('approved');
		expect(await page.textContent('[data-testid=approvals]')).toContain('CAB: go, keep the snapshot');
		await shot('change');
		await browser.context.clearCookies();
		await browser.context.addCookies(adminCookies);

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

	it('an admin adds a CI by form (a field error first), edits it, relates it, and imports 50 by CSV', async () => {
		// The list offers the writer's controls.
		await gotoHydrated(page, `${s.url}/cmdb`);
		await page.click('[data-testid=new-ci]');
		await page.waitForURL(/\/cmdb\/new$/);
		await page.waitForSelector('html[data-hydrated]');
		await page.fill('input[name=name]', 'web-new-01');
		await page.selectOption('select[name=classId]', 'server');
		// The class's attribute fields: os is a required enum, cpu_cores an integer, ip_address an IP.
		expect(await page.locator('select[name="attributes.os"] option').allTextContents()).toContain('linux');
		expect(await page.getAttribute('select[name="attributes.os"]', 'required')).not.toBeNull();
		await page.selectOption('select[name="attributes.os"]', 'linux');
		await page.fill('input[name="attributes.cpu_cores"]', '8');
		await page.fill('input[name="attributes.ip_address"]', '10.0.0.300');
		await page.click('[data-testid=ci-form-identities] button:text("Add identity")');
		await page.locator('[data-testid=ci-form-identities] input').fill('web-new-01.example.com');
		await page.locator('[data-testid=ci-form-identities] select').selectOption('fqdn');
		await axeClean('/cmdb/new');
		await shotsWideAndPhone('new');
		await page.click('[data-testid=ci-form] button[type=submit]');
		// The server's refusal lands on the field it names, and focus moves there.
		const ip = page.locator('input[name="attributes.ip_address"]');
		await expect.poll(() => ip.getAttribute('aria-invalid'), T).toBe('true');
		const errId = (await ip.getAttribute('aria-describedby'))!.split(' ').find((x) => x.endsWith('-err'))!;
		expect(await page.textContent(`[id="${errId}"]`)).toContain('IPv4 or IPv6');
		expect(await ip.evaluate((el) => el === document.activeElement)).toBe(true);
		await shot('new-error');
		expect(page.url()).toMatch(/\/cmdb\/new$/);
		await ip.fill('10.0.0.30');
		expect(await ip.getAttribute('aria-invalid')).toBeNull();
		await page.click('[data-testid=ci-form] button[type=submit]');
		await page.waitForURL(/\/cmdb\/[0-9a-f-]{36}$/);
		await page.waitForSelector('html[data-hydrated]');
		expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('web-new-01');
		expect(await page.textContent('[data-testid=ci-attributes]')).toContain('10.0.0.30');
		expect(await page.textContent('[data-testid=ci-identities]')).toContain('web-new-01.example.com');

		// Edit: the dialog holds the class's fields with today's values.
		await page.click('[data-testid=ci-edit]');
		const dialog = page.locator('dialog[open]');
		expect(await dialog.locator('input[name="attributes.cpu_cores"]').inputValue()).toBe('8');
		await dialog.locator('input[name="attributes.cpu_cores"]').fill('0');
		await dialog.locator('button[type=submit]').click();
		// cpu_cores has min 1: the server says so on the field.
		await expect.poll(() => dialog.locator('input[name="attributes.cpu_cores"]').getAttribute('aria-invalid'), T).toBe('true');
		expect(await dialog.textContent()).toContain('at least 1');
		await dialog.locator('input[name="attributes.cpu_cores"]').fill('16');
		await dialog.locator('input[name=location]').fill('DC-Paris-2');
		await axeClean('/cmdb/[id] edit dialog');
		await dialog.locator('button[type=submit]').click();
		await expect.poll(() => page.locator('dialog[open]').count(), T).toBe(0);
		await expect.poll(() => page.textContent('[data-testid=ci-attributes]'), T).toContain('16');
		expect(await page.textContent('.ph')).toContain('DC-Paris-2');

		// Relation: find payroll-db by name, web-new-01 depends on it.
		await page.fill('[data-testid=relation-editor] input[name=q]', 'payroll-d');
		await expect.poll(() => page.locator('[data-testid=relation-editor] select[name=other] option').allTextContents(), T).toEqual([
			expect.stringContaining('payroll-db')
		]);
		await page.selectOption('[data-testid=relation-editor] select[name=type]', 'depends_on');
		await page.click('[data-testid=relation-editor] button[type=submit]');
		await expect.poll(() => page.textContent('[data-testid=ci-relations]'), T).toContain('payroll-db');
		// Identity added, then removed.
		await page.selectOption('[data-testid=identity-editor] select[name=kind]', 'ip');
		await page.fill('[data-testid=identity-editor] input[name=value]', '10.0.0.30');
		await page.click('[data-testid=identity-editor] button[type=submit]');
		await expect.poll(() => page.textContent('[data-testid=ci-identities]'), T).toContain('10.0.0.30');
		await page.click('[data-testid=ci-identities] button[aria-label="Remove identity 10.0.0.30"]');
		await expect.poll(() => page.textContent('[data-testid=ci-identities]'), T).not.toContain('10.0.0.30');
		await axeClean('/cmdb/[id] with editors');
		await shotsWideAndPhone('ci-editors');
		const rel = await (await fetch(`${s.url}/api/cmdb/items/${page.url().split('/').pop()}/relations`, { headers: { cookie } })).json();
		expect(rel.map((r: { type: string; toCiId: string }) => [r.type, r.toCiId])).toEqual([['depends_on', ids['payroll-db']]]);

		// Import: 50 good rows and one bad one (line 27: an OS the class does not know).
		const row = (i: number, osName = 'linux') => `imp-srv-${String(i).padStart(2, '0')},server,active,hostname:imp-srv-${i},${osName},${(i % 8) + 1}`;
		const header = 'name,class,status,identities,attr.os,attr.cpu_cores';
		const good = Array.from({ length: 50 }, (_, i) => row(i + 1));
		const bad = [...good.slice(0, 25), 'imp-bad,server,active,,beos,4', ...good.slice(25)];
		const badFile = path.join(tmp, 'cis-bad.csv');
		const goodFile = path.join(tmp, 'cis.csv');
		fs.writeFileSync(badFile, [header, ...bad].join('\n') + '\n');
		fs.writeFileSync(goodFile, [header, ...good].join('\n') + '\n');

		await gotoHydrated(page, `${s.url}/cmdb`);
		await page.click('[data-testid=import-link]');
		await page.waitForURL(/\/cmdb\/import$/);
		await page.waitForSelector('html[data-hydrated]');
		expect(await page.getAttribute('[data-testid=export-link]', 'href')).toBe('/api/cmdb/export');
		await page.setInputFiles('input[type=file]', badFile);
		await page.click('[data-testid=import-form] button[value=check]');
		await page.locator('[data-testid=import-summary]').waitFor();
		expect(await page.textContent('[data-testid=import-summary]')).toBe('cis-bad.csv: 51 rows, 50 to create, 1 with errors.');
		const errRows = page.locator('[data-testid=import-errors] tbody tr');
		expect(await errRows.count()).toBe(1);
		expect(await errRows.locator('td').allTextContents()).toEqual(['27', 'attributes.os', expect.stringContaining('must be one of')]);
		expect(await page.locator('[data-testid=import-preview] tbody tr').count()).toBe(50);
		expect(await page.locator('[data-testid=import-apply]').count()).toBe(0); // nothing to apply while a row is wrong
		await axeClean('/cmdb/import preview');
		await shotsWideAndPhone('import-preview');

		// The fixed file: checked, then applied.
		await page.setInputFiles('input[type=file]', goodFile);
		await page.click('[data-testid=import-form] button[value=check]');
		await expect.poll(() => page.textContent('[data-testid=import-summary]'), T).toBe('cis.csv: 50 rows, 50 to create, 0 with errors.');
		await page.click('[data-testid=import-apply]');
		await page.locator('[data-testid=import-done]').waitFor();
		expect(await page.textContent('[data-testid=import-done]')).toContain('50 configuration items imported');
		await shot('import-done');

		// The list shows the 50.
		await gotoHydrated(page, `${s.url}/cmdb?q=imp-srv`);
		const rows = page.locator('[data-testid=ci-table] tbody tr');
		expect(await rows.count()).toBe(25);
		expect(await page.textContent('[data-testid=pager]')).toMatch(/page 1 of 2/i);
		await page.click('[data-testid=pager] a:text("next")');
		await page.waitForURL(/page=2/);
		expect(await rows.locator('td:first-child').allTextContents()).toEqual(good.slice(25).map((r) => r.split(',')[0]));
	}, 300_000);

	it('shows no write controls to a read-only account, and refuses its writer pages', async () => {
		const list = await (await fetch(`${s.url}/cmdb`, { headers: { cookie: agentCookie } })).text();
		expect(list).toContain('data-testid="ci-table"');
		expect(list).not.toContain('data-testid="new-ci"');
		expect(list).not.toContain('data-testid="import-link"');
		expect((await fetch(`${s.url}/cmdb/new`, { headers: { cookie: agentCookie } })).status).toBe(403);
		expect((await fetch(`${s.url}/cmdb/import`, { headers: { cookie: agentCookie } })).status).toBe(403);
		const ci = await (await fetch(`${s.url}/cmdb/${ids['payroll-app']}`, { headers: { cookie: agentCookie } })).text();
		expect(ci).not.toContain('data-testid="ci-edit"');
		expect(ci).not.toContain('data-testid="relation-editor"');
		expect(ci).not.toContain('data-testid="identity-editor"');
		// The admin's page has them (the same markers, so the check above can fail).
		const adminCi = await (await fetch(`${s.url}/cmdb/${ids['payroll-app']}`, { headers: { cookie } })).text();
		expect(adminCi).toContain('data-testid="relation-editor"');
	});
});
