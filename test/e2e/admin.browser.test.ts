/**
 * The admin pages, driven from the pages only (issue J part 6, K1 item 7): an admin signs in
 * through the login page, creates an account (agent, department, group, Spanish), disables another,
 * resets a password (that account then signs in with it and sees Spanish), reads the role matrix,
 * edits a group's tier, adds a holiday and changes an SLA target (a bad value shows its field
 * error), creates and revokes an API token (then 401 from /api/me), filters the audit log by actor
 * and downloads its CSV. Every admin page is axe-clean at 1600 px and 390 px without sideways
 * scroll; screenshots in test-results/screenshots/admin.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated, SCREENSHOT_DIR } from '../helpers/browser';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const SHOTS = path.join(SCREENSHOT_DIR, 'admin');
/** A shared machine can be slow: wait up to 30 s for what the page shows. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000 });

describe('admin pages in chromium', { timeout: 180_000 }, () => {
	let s: RunningServer;
	let browser: Awaited<ReturnType<typeof launchBrowser>>;
	let page: Page;
	const failures: string[] = [];

	beforeAll(async () => {
		s = await startServer(ADMIN);
		const cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		const post = (p: string, body: unknown) =>
			fetch(`${s.url}${p}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: s.url }, body: JSON.stringify(body) });
		// Fixtures: someone to disable, and a group to edit.
		expect((await post('/api/accounts', { email: 'other@example.com', name: 'Other', password: 'other-pass-123', roles: ['requester'] })).status).toBe(201);
		expect((await post('/api/groups', { name: 'Network team', tier: 'L1' })).status).toBe(201);
		browser = await launchBrowser();
		page = await browser.context.newPage();
		fs.mkdirSync(SHOTS, { recursive: true });
	}, 180_000);
	afterAll(async () => {
		await browser?.close();
		await s?.stop();
	});

	/** Axe at 1600 px and 390 px, no sideways scroll on the phone, a screenshot at each width. */
	async function audit(name: string) {
		for (const [w, h] of [
			[1600, 900],
			[390, 844]
		]) {
			await page.setViewportSize({ width: w, height: h });
			const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			for (const v of axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')) {
				failures.push(`${name} @${w}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
			}
			if (w === 390) {
				const { sw, iw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: window.innerWidth }));
				if (sw > iw) failures.push(`${name}: scrolls sideways on a phone (${sw} > ${iw})`);
			}
			await page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`), fullPage: w === 1600 });
		}
		await page.setViewportSize({ width: 1600, height: 900 });
	}
	const toast = () => page.locator('[data-testid=toast]').last();
	const dialog = () => page.locator('dialog[open]');

	it('signs in through the login page and opens Admin from the menu', async () => {
		await gotoHydrated(page, `${s.url}/login`);
		await page.fill('input[name=email]', ADMIN.OPSHUB_ADMIN_EMAIL);
		await page.fill('input[name=password]', ADMIN.OPSHUB_ADMIN_PASSWORD);
		await page.click('button[type=submit]');
		await page.waitForURL(`${s.url}/dashboard`);
		// One menu entry for the admin pages.
		const nav = page.locator('#main-nav');
		expect(await nav.locator('a[href^="/admin"]').count()).toBe(1);
		await nav.locator('a[href="/admin"]').click();
		await page.waitForURL(`${s.url}/admin`);
		await page.waitForSelector('html[data-hydrated]');
		expect(await page.locator('[data-testid=admin-links] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
			'/admin/accounts',
			'/admin/roles',
			'/admin/departments',
			'/admin/groups',
			'/admin/sla',
			'/admin/tokens',
			'/admin/audit'
		]);
		await audit('index');
	});

	it('departments: creates a cost centre', async () => {
		await gotoHydrated(page, `${s.url}/admin/departments`);
		await page.fill('input[name=code]', 'ops');
		await page.fill('input[name=dep-name]', 'Operations');
		await page.getByRole('button', { name: 'Create' }).click();
		await poll(() => page.locator('[data-testid=departments]').textContent()).toContain('OPS');
		await audit('departments');
	});

	it('accounts: creates an agent in a department and group, in Spanish; disables another; resets a password', async () => {
		await gotoHydrated(page, `${s.url}/admin/accounts`);
		await page.click('[data-testid=new-account]');
		const d = dialog();
		await d.locator('input[name=email]').fill('new.agent@example.com');
		await d.locator('input[name=name]').fill('New Agent');
		await d.locator('input[name=password]').fill('first-pass-123');
		await d.getByLabel('Requester', { exact: true }).uncheck();
		await d.getByLabel('Agent', { exact: true }).check();
		await d.locator('select[name=tier]').selectOption('L1');
		await d.locator('select[name=departmentId]').selectOption({ label: 'OPS · Operations' });
		await d.getByLabel('Network team (L1)').check();
		await d.locator('select[name=locale]').selectOption('es');
		await page.click('[data-testid=save-account]');
		await poll(() => page.locator('[data-testid=accounts]').textContent()).toContain('new.agent@example.com');
		const row = page.locator('[data-testid=accounts] tr', { hasText: 'new.agent@example.com' });
		const text = (await row.textContent())!;
		for (const want of ['Agent', 'L1', 'OPS · Operations', 'Network team', 'Español', 'Active']) expect(text).toContain(want);

		await page.getByRole('button', { name: 'Disable other@example.com' }).click();
		await poll(() => page.locator('[data-testid=accounts] tr', { hasText: 'other@example.com' }).textContent()).toContain('Disabled');

		await page.getByRole('button', { name: 'Reset the password of new.agent@example.com' }).click();
		await dialog().locator('input[name=new-password]').fill('short');
		await page.click('[data-testid=save-password]');
		await poll(() => dialog().locator('[role=alert]').textContent()).toContain('8 characters');
		await dialog().locator('input[name=new-password]').fill('second-pass-456');
		await page.click('[data-testid=save-password]');
		await poll(() => dialog().count()).toBe(0);
		await audit('accounts');

		// The new account signs in with the reset password and sees Spanish; the disabled one cannot.
		// A second browser (the helper's persistent context has no second context): its own cookies.
		const second = await launchBrowser();
		const p2 = await second.context.newPage();
		try {
			await gotoHydrated(p2, `${s.url}/login`);
			await p2.fill('input[name=email]', 'other@example.com');
			await p2.fill('input[name=password]', 'other-pass-123');
			await p2.click('button[type=submit]');
			await poll(() => p2.locator('[role=alert]').count()).toBe(1);
			await p2.fill('input[name=email]', 'new.agent@example.com');
			await p2.fill('input[name=password]', 'second-pass-456');
			await p2.click('button[type=submit]');
			await p2.waitForURL(`${s.url}/tickets`);
			expect(await p2.getAttribute('html', 'lang')).toBe('es');
			expect(await p2.locator('header').textContent()).toContain('Cerrar sesión');
			await p2.screenshot({ path: path.join(SHOTS, 'new-agent-es.png') });
		} finally {
			await second.close();
		}
	});

	it('roles: the matrix, read-only', async () => {
		await gotoHydrated(page, `${s.url}/admin/roles`);
		const cell = (role: string, perm: string) => page.locator(`[data-testid=role-matrix] td[data-role="${role}"][data-perm="${perm}"]`).getAttribute('data-has');
		expect(await cell('agent', 'tickets.work')).toBe('true');
		expect(await cell('requester', 'tickets.work')).toBe('false');
		expect(await cell('admin', 'rbac.manage')).toBe('true');
		expect(await page.locator('[data-testid=role-matrix] input, [data-testid=role-matrix] button').count()).toBe(0);
		await audit('roles');
	});

	it("groups: edits a group's tier", async () => {
		await gotoHydrated(page, `${s.url}/admin/groups`);
		await page.click('[data-testid="edit-group-Network team"]');
		await dialog().locator('select[name=tier]').selectOption('L2');
		await page.click('[data-testid=save-group]');
		await poll(() => page.locator('[data-testid=groups] tr', { hasText: 'Network team' }).textContent()).toContain('L2');
		await audit('groups');
	});

	it('SLA: adds a holiday; a bad target shows its field error, a good one is saved', async () => {
		await gotoHydrated(page, `${s.url}/admin/sla`);
		const cal = page.locator('[data-testid=calendar-business]');
		await cal.locator('input[name=holiday]').fill('2027-01-01');
		await page.click('[data-testid=add-holiday-business]');
		await page.click('[data-testid=save-calendar-business]');
		await poll(() => toast().textContent()).toContain('saved');
		const p3 = page.locator('[data-testid=policy-P3]');
		await p3.locator('select[name=resolution-unit]').selectOption('businessDays');
		await p3.locator('input[name=resolution-value]').fill('9999');
		await p3.getByRole('button', { name: 'Save P3' }).click();
		const err = p3.locator('[role=alert]');
		await poll(() => err.textContent()).toContain('366');
		expect(await p3.locator('input[name=resolution-value]').getAttribute('aria-invalid')).toBe('true');
		expect(await p3.locator('small.hint', { hasText: '366' }).count()).toBe(1); // the bound, in the page's unit
		await p3.locator('input[name=resolution-value]').fill('4');
		await p3.getByRole('button', { name: 'Save P3' }).click();
		await poll(() => err.count()).toBe(0);
		await poll(() => toast().textContent()).toContain('P3');
		// Reloaded from the server: both changes are kept.
		await gotoHydrated(page, `${s.url}/admin/sla`);
		expect(await page.locator('[data-testid=holidays-business] time[datetime="2027-01-01"]').count()).toBe(1);
		expect(await page.locator('[data-testid=policy-P3] input[name=resolution-value]').inputValue()).toBe('4');
		await audit('sla');
	});

	it('tokens: creates one (secret shown once), it works, revokes it, then 401', async () => {
		await gotoHydrated(page, `${s.url}/admin/tokens`);
		await page.fill('input[name=token-name]', 'ci-bot');
		await page.locator('input[name=scopes][value="tickets.read"]').check();
		await page.locator('select[name=expiry]').selectOption('30');
		await page.click('[data-testid=create-token]');
		const secret = (await page.locator('[data-testid=token-secret]').textContent({ timeout: 15_000 }))!.trim();
		expect(secret).toMatch(/^oph_/);
		await poll(() => page.locator('[data-testid=tokens]').textContent()).toContain('ci-bot');
		const me = () => fetch(`${s.url}/api/me`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status);
		expect(await me()).toBe(200);
		await audit('tokens');
		await page.click('[data-testid="revoke-ci-bot"]');
		await page.click('[data-testid=confirm-revoke]');
		await poll(() => page.locator('[data-testid=tokens]').count()).toBe(0); // the only active token is gone
		expect(await me()).toBe(401);
		await gotoHydrated(page, `${s.url}/admin/tokens?inactive=1`);
		expect(await page.locator('[data-testid=tokens] tr', { hasText: 'ci-bot' }).textContent()).toContain('Revoked');
	});

	it('audit log: filters by actor and downloads the CSV with those actions', async () => {
		await gotoHydrated(page, `${s.url}/admin/audit`);
		await page.fill('input[name=actor]', 'admin@example.com');
		await page.click('[data-testid=apply-filters]');
		await page.waitForURL(/actor=admin%40example\.com/);
		const table = page.locator('[data-testid=audit]');
		await poll(() => table.textContent()).toContain('token.revoked');
		const text = (await table.textContent())!;
		for (const a of ['account.created', 'account.updated', 'account.password_reset', 'group.updated', 'sla_calendar.updated', 'sla_policy.updated', 'token.created', 'department.created']) expect(text).toContain(a);
		const href = await page.locator('[data-testid=audit-csv]').getAttribute('href');
		expect(href).toContain('actor=admin%40example.com');
		const download = page.waitForEvent('download');
		await page.click('[data-testid=audit-csv]');
		const csv = fs.readFileSync((await (await download).path())!, 'utf8');
		expect(csv.split('\r\n')[0]).toBe('id,at,actor,actor_id,action,entity_type,entity_id,before,after');
		for (const a of ['account.created', 'account.password_reset', 'group.updated', 'sla_policy.updated', 'token.revoked']) expect(csv).toContain(a);
		expect(csv).not.toContain('second-pass-456');
		// The other filter narrows it: entity = api_token.
		await page.locator('select[name=entityType]').selectOption('api_token');
		await page.click('[data-testid=apply-filters]');
		await page.waitForURL(/entityType=api_token/);
		await poll(async () => (await table.locator('tbody tr').allTextContents()).every((r) => r.includes('api_token'))).toBe(true);
		await audit('audit');
	});

	it('every admin page: axe clean (no critical or serious) at 1600 and 390 px, no sideways scroll on a phone', () => {
		expect(failures).toEqual([]);
	});

});
