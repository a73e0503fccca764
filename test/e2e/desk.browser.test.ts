/**
 * An L1 agent's shift through the UI only, on the real server (PostgreSQL) in chromium: take a
 * ticket from the group queue and work it with the keyboard only (start, reply, log work,
 * escalate functionally to L2 with a reason); the L2 agent's queue shows it live, without a
 * reload; the L2 agent adds an internal note with a log file and resolves; the requester's API
 * view has no internal note and no internal attachment.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated, SCREENSHOT_DIR } from '../helpers/browser';
import { freshDb, type TestDb } from '../helpers/db';
import { createAccount } from '../../src/lib/server/rbac/accounts';
import { createGroup } from '../../src/lib/server/tickets/groups';
import { systemActor } from '../../src/lib/server/rbac/actor';
import type { BrowserContext, Page } from 'playwright-core';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@desk.test', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const PASSWORD = 'desk-pass-123';

describe('the agent desk in chromium', () => {
	let s: RunningServer;
	let t: TestDb;
	let browser: Awaited<ReturnType<typeof launchBrowser>>;
	/** A second browser profile: the L2 agent watching their queue (cookies are per profile). */
	let browser2: Awaited<ReturnType<typeof launchBrowser>>;
	const groups: Record<string, string> = {};
	let ticket: { id: string; number: string };

	async function signedInPage(context: BrowserContext, email: string): Promise<Page> {
		const cookie = await signIn(s.url, email, PASSWORD);
		const [name, value] = cookie.split('=');
		await context.addCookies([{ name, value, url: s.url }]);
		return context.newPage();
	}

	beforeAll(async () => {
		t = await freshDb('postgres');
		s = await startServer({ ...ADMIN, DATABASE_URL: t.url! });
		const sys = { db: t.db, actor: systemActor('test') };
		const l1 = await createAccount(sys, { email: 'l1@desk.test', name: 'Lea One', password: PASSWORD, roles: ['agent'], tier: 'L1' });
		const l2 = await createAccount(sys, { email: 'l2@desk.test', name: 'Leo Two', password: PASSWORD, roles: ['agent'], tier: 'L2' });
		await createAccount(sys, { email: 'req@desk.test', name: 'Rita Requester', password: PASSWORD, roles: ['requester'] });
		groups.L1 = (await createGroup(sys, { name: 'Service desk L1', tier: 'L1', members: [l1.id] })).id;
		groups.L2 = (await createGroup(sys, { name: 'Network L2', tier: 'L2', members: [l2.id] })).id;
		// The requester opens a ticket through the API; triage puts it in the L1 queue.
		const req = await signIn(s.url, 'req@desk.test', PASSWORD);
		const r = await fetch(`${s.url}/api/tickets`, {
			method: 'POST',
			headers: { cookie: req, 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'VPN disconnects every hour', description: 'Since Monday.', category: 'network', priority: 'P3' })
		});
		ticket = await r.json();
		const admin = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		const a = await fetch(`${s.url}/api/tickets/${ticket.id}/actions`, {
			method: 'POST',
			headers: { cookie: admin, 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'assign', groupId: groups.L1 })
		});
		expect(a.status).toBe(200);
		browser = await launchBrowser();
		browser2 = await launchBrowser();
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	}, 180_000);
	afterAll(async () => {
		await browser?.close();
		await browser2?.close();
		await s?.stop();
		await t?.close();
	});

	it('L1 works a ticket by keyboard, L2 sees it live, notes, attaches, resolves; the requester sees no internal note', async () => {
		// L2 watches their group queue in their own browser.
		const l2 = await signedInPage(browser2.context, 'l2@desk.test');
		await gotoHydrated(l2, `${s.url}/tickets?view=my_groups`);
		await l2.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
		expect(await l2.locator(`a[href="/tickets/${ticket.number}"]`).count()).toBe(0);

		const l1 = await signedInPage(browser.context, 'l1@desk.test');
		// Search from the queue: ranked matches with the words highlighted.
		await gotoHydrated(l1, `${s.url}/tickets?q=disconnect`);
		await expect.poll(() => l1.locator('[data-testid=search-results] mark').first().textContent()).toBe('disconnects');
		await gotoHydrated(l1, `${s.url}/tickets?view=unassigned`);
		await l1.locator(`a[href="/tickets/${ticket.number}"]`).click();
		await l1.waitForURL(`${s.url}/tickets/${ticket.number}`);
		await l1.waitForSelector('html[data-hydrated]');
		// Keyboard only from here.
		await l1.keyboard.press('?');
		await expect.poll(() => l1.locator('[data-testid=shortcuts]').isVisible()).toBe(true);
		await l1.keyboard.press('Escape');
		await l1.keyboard.press('s');
		await expect.poll(() => l1.locator('[data-testid=agent]').textContent(), { timeout: 10_000 }).toBe('Lea One');
		await l1.keyboard.press('r');
		await l1.keyboard.type('Hello Rita, we are looking at the VPN logs now.');
		await l1.keyboard.press('Control+Enter');
		await expect.poll(() => l1.locator('[data-testid=timeline]').textContent(), { timeout: 10_000 }).toContain('we are looking at the VPN logs');
		await l1.keyboard.press('Escape'); // leaves the composer: the shortcuts work again
		await l1.keyboard.press('w');
		await l1.keyboard.press('Control+a');
		await l1.keyboard.type('20');
		await l1.keyboard.press('Enter');
		await expect.poll(() => l1.locator('[data-testid=timeline]').textContent(), { timeout: 10_000 }).toMatch(/20 min/);
		await l1.keyboard.press('e');
		// Kind (functional) → group (next tier) → reason → submit.
		await l1.keyboard.press('Tab');
		await l1.keyboard.press('Tab');
		await l1.keyboard.type('Tunnel drops need the network team');
		await l1.keyboard.press('Tab');
		await l1.keyboard.press('Enter');
		await expect.poll(() => l1.locator('[data-testid=timeline]').textContent(), { timeout: 10_000 }).toContain('Tunnel drops need the network team');
		await l1.screenshot({ path: path.join(SCREENSHOT_DIR, 'desk-ticket-l1.png'), fullPage: true });

		// L2's queue shows it within a few seconds, without a reload.
		const t0 = Date.now();
		await l2.waitForSelector(`a[href="/tickets/${ticket.number}"]`, { timeout: 5_000 });
		const liveMs = Date.now() - t0;
		expect(await l2.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
		expect(liveMs).toBeLessThan(5_000);
		await l2.screenshot({ path: path.join(SCREENSHOT_DIR, 'desk-queue-l2.png'), fullPage: true });

		// L2 opens it, adds an internal note with a log file, resolves.
		const l2b = await signedInPage(browser2.context, 'l2@desk.test');
		await gotoHydrated(l2b, `${s.url}/tickets/${ticket.number}`);
		await l2b.locator('[data-testid=composer] input[type=radio]').nth(1).check();
		await l2b.locator('[data-testid=composer] textarea').fill('MTU mismatch on the concentrator, trace attached');
		await l2b.locator('[data-testid=composer] input[type=file]').setInputFiles({ name: 'vpn-trace.log', mimeType: 'text/plain', buffer: Buffer.from('12:00:01 IKE SA lost\n'.repeat(50)) });
		await l2b.locator('[data-testid=composer] button[type=submit]').click();
		await expect.poll(() => l2b.locator('[data-testid=timeline]').textContent(), { timeout: 10_000 }).toContain('vpn-trace.log');
		expect(await l2b.locator('[data-testid=timeline] li.internal').count()).toBeGreaterThanOrEqual(2);
		await l2b.locator('[data-action=resolve]').click();
		await l2b.locator('dialog[open] textarea').fill('MTU set to 1400');
		await l2b.locator('dialog[open] button[type=submit]').click();
		await expect.poll(() => l2b.locator('[data-testid=ticket-header]').textContent(), { timeout: 10_000 }).toContain('Resolved');
		await l2b.screenshot({ path: path.join(SCREENSHOT_DIR, 'desk-ticket-l2.png'), fullPage: true });

		// The requester's view (API): the public reply, no internal note, no internal file.
		const req = await signIn(s.url, 'req@desk.test', PASSWORD);
		const view = await (await fetch(`${s.url}/api/tickets/${ticket.id}`, { headers: { cookie: req } })).json();
		const text = JSON.stringify(view);
		expect(text).toContain('we are looking at the VPN logs');
		expect(text).not.toContain('MTU mismatch');
		expect(text).not.toContain('vpn-trace.log');
		expect(view.ticket.status).toBe('resolved');
		expect(view.ticket.escalated).toBe(true);
	}, 180_000);
});
