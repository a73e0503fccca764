/**
 * Issue J part 4 (editor half), the manager's Done-when: a desk manager signs in, builds a board
 * in the visual editor (adds tiles, picks metrics, filters and thresholds, reorders by drag and
 * drop and by the keyboard buttons), watches the live preview, saves, creates a display token for
 * it, copies its full URL from the page; a second browser without cookies (the "TV") opens that URL
 * and shows the wall with data. Axe-clean editor and token pages, screenshots at 1600 and 390 px.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated, SCREENSHOT_DIR } from '../helpers/browser';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const MANAGER = { email: 'manager@example.com', password: 'manager-pass-123' };
const SHOTS = path.join(SCREENSHOT_DIR, 'boards');

async function axeSerious(page: Page): Promise<string[]> {
	const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/** Axe at 1600 px and on a 390 px phone (no sideways scroll), with a screenshot of each. */
async function checkLayouts(page: Page, name: string): Promise<void> {
	await page.setViewportSize({ width: 1600, height: 1000 });
	expect(await axeSerious(page), `${name} at 1600 px`).toEqual([]);
	await page.screenshot({ path: path.join(SHOTS, `${name}-1600.png`), fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });
	await page.waitForTimeout(150);
	const { sw, w } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
	expect(sw, `${name} scrolls sideways on a phone`).toBeLessThanOrEqual(w);
	expect(await axeSerious(page), `${name} at 390 px`).toEqual([]);
	await page.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
	await page.setViewportSize({ width: 1600, height: 1000 });
}

const order = (page: Page) => page.locator('[data-testid=tile-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tile')));

describe('board editor and display tokens (desk manager, chromium)', () => {
	let s: RunningServer;
	let browser: Awaited<ReturnType<typeof launchBrowser>>;
	let tv: Awaited<ReturnType<typeof launchBrowser>> | null = null;
	let admin: string;
	let page: Page;
	let wallUrl = '';

	beforeAll(async () => {
		s = await startServer(ADMIN);
		admin = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		const headers = { cookie: admin, 'content-type': 'application/json', origin: s.url };
		const acc = await fetch(`${s.url}/api/accounts`, { method: 'POST', headers, body: JSON.stringify({ email: MANAGER.email, name: 'Desk Manager', password: MANAGER.password, roles: ['desk_manager'] }) });
		expect(acc.status, await acc.clone().text()).toBe(201);
		// Data for the wall: two P1 tickets and one P3, created today.
		for (const [title, priority] of [
			['Core switch down', 'P1'],
			['Payroll export fails', 'P1'],
			['New monitor', 'P3']
		]) {
			const t = await fetch(`${s.url}/api/tickets`, { method: 'POST', headers, body: JSON.stringify({ title, priority, category: 'network', channel: 'phone' }) });
			expect(t.status).toBe(201);
		}
		browser = await launchBrowser();
		fs.mkdirSync(SHOTS, { recursive: true });
		page = await browser.context.newPage();
		await page.setViewportSize({ width: 1600, height: 1000 });
		// Signs in through the login page, as a manager would.
		await gotoHydrated(page, `${s.url}/login`);
		await page.fill('input[name=email]', MANAGER.email);
		await page.fill('input[name=password]', MANAGER.password);
		await page.click('button[type=submit]');
		await page.waitForURL(`${s.url}/dashboard`);
	}, 240_000);
	afterAll(async () => {
		await tv?.close();
		await browser?.close();
		await s?.stop();
	});

	it('builds a board visually: tiles, metrics, filters, thresholds, drag and drop and keyboard moves, live preview, save', async () => {
		await gotoHydrated(page, `${s.url}/boards`);
		await page.click('[data-testid=new-board]');
		await page.fill('[data-testid=board-name]', 'Lobby board');
		expect(await page.inputValue('[data-testid=board-id]')).toBe('lobby-board');

		// Tile 1: a number, tickets today (the default metric is volume).
		await page.selectOption('[data-testid=new-tile-kind]', 'number');
		await page.click('[data-testid=add-tile]');
		await page.fill('[data-testid=tile-title]', 'Tickets today');
		// Tile 2: open P1 backlog, amber from 1, red from 5 (higher is worse).
		await page.click('[data-testid=add-tile]');
		await page.selectOption('[data-testid=tile-metric]', 'backlog');
		expect(await page.inputValue('[data-testid=tile-value]')).toBe('total');
		await page.fill('[data-testid=tile-title]', 'Open P1');
		await page.click('[data-testid=tile-filters] summary');
		await page.locator('[data-testid=tile-filters]').getByLabel('P1 critical').check();
		await page.check('[data-testid=thresholds-on]');
		expect(await page.inputValue('[data-testid=threshold-direction]')).toBe('above');
		await page.fill('[data-testid=threshold-amber]', '1');
		await page.fill('[data-testid=threshold-red]', '5');
		// Tile 3: a chart, open tickets by tier.
		await page.selectOption('[data-testid=new-tile-kind]', 'tier_load');
		await page.click('[data-testid=add-tile]');
		expect(await order(page)).toEqual(['volume', 'backlog', 'tier-load']);

		// Drag and drop: the chart to the top.
		await page.dragAndDrop('[data-tile=tier-load] .grip', '[data-tile=volume]');
		expect(await order(page)).toEqual(['tier-load', 'volume', 'backlog']);
		// Keyboard: the chart back down one place with its ↓ button (Enter), announced politely.
		await page.locator('[data-tile=tier-load] [data-testid=move-down]').focus();
		await page.keyboard.press('Enter');
		expect(await order(page)).toEqual(['volume', 'tier-load', 'backlog']);
		expect(await page.textContent('[data-testid=announce]')).toContain('position 2 of 3');
		await page.locator('[data-tile=backlog] [data-testid=move-up]').click();
		expect(await order(page)).toEqual(['volume', 'backlog', 'tier-load']);

		// Live preview: today's data, the P1 backlog (2 open) amber, before anything is saved.
		await expect.poll(() => page.textContent('[data-testid=preview-value-volume]'), { timeout: 15_000 }).toMatch(/^\d+$/);
		expect(Number(await page.textContent('[data-testid=preview-value-volume]'))).toBeGreaterThanOrEqual(3);
		await expect.poll(() => page.textContent('[data-testid=preview-value-backlog]'), { timeout: 15_000 }).toBe('2');
		expect(await page.getAttribute('[data-testid=preview-backlog]', 'data-tone')).toBe('amber');
		// Red from 2 → the preview turns red (live, unsaved).
		await page.locator('[data-tile=backlog] [data-testid=tile-pick]').click();
		await page.fill('[data-testid=threshold-red]', '2');
		await expect.poll(() => page.getAttribute('[data-testid=preview-backlog]', 'data-tone'), { timeout: 10_000 }).toBe('red');

		// A bad threshold (red below amber when higher is worse) is refused, named at its field.
		await page.fill('[data-testid=threshold-red]', '0');
		await page.click('[data-testid=save-board]');
		await expect.poll(() => page.locator('[data-testid=inspector] [role=alert]').textContent()).toContain('tiles.1.thresholds.red');
		expect(await page.getAttribute('[data-testid=threshold-red]', 'aria-invalid')).toBe('true');
		await page.fill('[data-testid=threshold-red]', '2');
		await page.click('[data-testid=save-board]');
		await expect.poll(() => page.locator('[data-testid=toast]').first().textContent()).toContain('Lobby board');

		const saved = await (await fetch(`${s.url}/api/boards/lobby-board`, { headers: { cookie: admin } })).json();
		expect(saved.tiles.map((t: { id: string }) => t.id)).toEqual(['volume', 'backlog', 'tier-load']);
		expect(saved.tiles[1]).toMatchObject({ kind: 'number', metric: 'backlog', value: 'total', filters: { priority: ['P1'] }, thresholds: { direction: 'above', amber: 1, red: 2 } });
		expect(saved.tiles[0]).toMatchObject({ title: 'Tickets today', metric: 'volume', value: 'tickets' });
		await page.locator('[data-tile=backlog] [data-testid=tile-pick]').click();
		await checkLayouts(page, 'editor');
	}, 120_000);

	it('creates a display token, copies its full URL, and a TV without cookies opens the wall with data', async () => {
		await page.click('[data-testid=show-on-tv]');
		await page.waitForURL(/\/boards\/tokens\?board=lobby-board/);
		await page.waitForSelector('html[data-hydrated]');
		expect(await page.isChecked('[data-testid=token-board-lobby-board]')).toBe(true);
		expect(await page.isChecked('[data-testid=token-board-desk]')).toBe(false);
		await page.fill('[data-testid=token-name]', 'Lobby TV');
		await page.click('[data-testid=create-token]');
		const card = page.locator('[data-testid=token]', { hasText: 'Lobby TV' });
		await card.waitFor({ timeout: 10_000 });
		wallUrl = await card.locator('[data-testid=token-url]').inputValue();
		expect(wallUrl).toMatch(new RegExp(`^${s.url.replace(/[.]/g, '\\.')}/wall/lobby-board\\?token=ohd_[A-Za-z0-9_-]+$`));
		expect(await card.locator('[data-testid=token-boards]').textContent()).toBe('Lobby board');
		expect(await card.locator('[data-testid=token-last-seen]').textContent()).toBe('never');
		// The QR code: an SVG image named for screen readers.
		expect(await card.locator('[data-testid=qr]').getAttribute('aria-label')).toContain('Lobby TV');
		await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.url });
		await card.locator('[data-testid=copy-url]').click();
		await page.locator('[data-testid=toast]', { hasText: 'Address copied.' }).waitFor({ timeout: 5000 });
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(wallUrl);
		await checkLayouts(page, 'tokens');

		// The TV: another browser, no cookies, only the URL.
		tv = await launchBrowser();
		expect(await tv.context.cookies()).toEqual([]);
		const screen = await tv.context.newPage();
		await screen.setViewportSize({ width: 1920, height: 1080 });
		await gotoHydrated(screen, wallUrl);
		expect(await screen.textContent('h1')).toBe('Lobby board');
		await expect.poll(() => screen.textContent('[data-testid=value-volume]'), { timeout: 15_000 }).toMatch(/^\d+$/);
		expect(Number(await screen.textContent('[data-testid=value-volume]'))).toBeGreaterThanOrEqual(3);
		await expect.poll(() => screen.textContent('[data-testid=value-backlog]'), { timeout: 15_000 }).toBe('2');
		await screen.screenshot({ path: path.join(SHOTS, 'tv.png') });

		// The manager's list now says when the screen was last seen.
		await page.reload();
		await page.waitForSelector('html[data-hydrated]');
		expect(await page.locator('[data-testid=token]', { hasText: 'Lobby TV' }).locator('[data-testid=token-last-seen]').textContent()).not.toBe('never');
	}, 120_000);

	it('revoking the token (after a confirmation) takes it off the list and the TV URL stops working', async () => {
		const card = page.locator('[data-testid=token]', { hasText: 'Lobby TV' });
		await card.locator('[data-testid=revoke]').click();
		await page.click('[data-testid=confirm-revoke]');
		await expect.poll(() => page.locator('[data-testid=token]', { hasText: 'Lobby TV' }).count()).toBe(0);
		expect((await fetch(wallUrl)).status).toBe(401);
		const list = await (await fetch(`${s.url}/api/display-tokens`, { headers: { cookie: admin } })).json();
		expect(list.some((t: { name: string }) => t.name === 'Lobby TV')).toBe(false);
	}, 60_000);
});
