/**
 * A lead plans the Service Desk group's week from the page only, on the demo desk: the peak heads
 * are within the group's people ± the stated margin (30 %), and publishing a second plan for the
 * same group and week is refused (the demo published one at boot). The plan's shifts carry the
 * names of the group's agents, none on a day off (checked against the roster API); the lead gives
 * one agent an extra weekday off on the roster page, re-plans, and that agent is off that day.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { launchBrowser, gotoHydrated, SCREENSHOT_DIR } from '../helpers/browser';
import type { RosterEntry } from '../../src/lib/server/staffing/roster';

const LEAD = 'lead.service-desk@opshub.local';
const PASSWORD = 'opshub-demo';
const SERVICE_DESK_PEOPLE = 15;
const MARGIN = 0.3;
const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** axe (no critical or serious violation) and no page-level sideways scroll, at 1600 px and 390 px, with screenshots. */
async function checkPage(page: Page, name: string): Promise<void> {
	for (const width of [1600, 390]) {
		await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
		await page.waitForTimeout(200);
		const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
		const bad = axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
		expect(bad, `${name} at ${width}px`).toEqual([]);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow, `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(0);
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
	}
	await page.setViewportSize({ width: 1600, height: 900 });
}

/** Per agent and day of the rota on the page: the shift (or '') and why off (or ''). */
async function agentWeek(page: Page) {
	return page.locator('[data-testid=rota-agents] td[data-date]').evaluateAll((tds) =>
		tds.map((td) => ({ agent: (td.closest('tr') as HTMLElement).dataset.agent!, date: (td as HTMLElement).dataset.date!, shift: (td as HTMLElement).dataset.shift!, off: (td as HTMLElement).dataset.off! }))
	);
}

describe('desk staffing page on the demo desk (chromium)', () => {
	let s: RunningServer;
	let browser: Awaited<ReturnType<typeof launchBrowser>>;
	let cookie: string;
	beforeAll(async () => {
		s = await startServer({ OPSHUB_DEMO: '1', OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' }, 240_000);
		browser = await launchBrowser();
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
		// The demo seeds in the background; the lead's account and the published plan come last.
		// Generous: on a shared, loaded machine the 90-day demo takes many minutes.
		const deadline = Date.now() + 1_000_000;
		for (;;) {
			try {
				cookie = await signIn(s.url, LEAD, PASSWORD);
				const plans = await (await fetch(`${s.url}/api/staffing/plans`, { headers: { cookie } })).json();
				if (plans.plans?.some((p: { publishedAt: string | null }) => p.publishedAt)) break;
			} catch {
				/* not seeded yet */
			}
			if (Date.now() > deadline) throw new Error(`demo desk not seeded in time:\n${s.output().slice(-4000)}`);
			await new Promise((r) => setTimeout(r, 3000));
		}
	}, 1_300_000);
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
		await draft.getByRole('button', { name: 'Publish', exact: true }).click();
		await expect.poll(() => page.content(), { timeout: 15_000 }).toContain('already published for this group and week');
		await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'staffing-desk.png'), fullPage: true });

		// The saved plan's shifts, by name: the group's agents, none on a weekday off or leave.
		await page.locator('[data-testid=rota-grid]').waitFor({ timeout: 30_000 });
		const names = await page.locator('[data-testid=rota-grid] li').allTextContents();
		expect(names.length).toBeGreaterThan(10);
		for (const n of names) expect(n).toContain('Service Desk');
		const roster = (await (await fetch(`${s.url}/api/staffing/roster`, { headers: { cookie } })).json()).agents as RosterEntry[];
		const byId = new Map(roster.map((a) => [a.accountId, a]));
		const week = await agentWeek(page);
		const worked = week.filter((c) => c.shift);
		expect(worked.length).toBe(names.length);
		for (const c of worked) {
			const a = byId.get(c.agent)!;
			expect(a.groupNames).toContain('Service Desk');
			expect(a.weekdaysOff, `${a.name} works on a weekday off, ${c.date}`).not.toContain(isoWeekday(c.date));
			expect(a.leave, `${a.name} works on leave, ${c.date}`).not.toContain(c.date);
			expect(c.off).toBe('');
		}
		expect(await page.locator('[data-testid=rota]').textContent()).toContain('How this is computed');
		await checkPage(page, 'staffing-desk-rota');

		// The lead gives one working agent that weekday off on the roster page.
		const target = worked[0];
		const agent = byId.get(target.agent)!;
		const weekday = isoWeekday(target.date);
		await gotoHydrated(page, `${s.url}/staffing/roster`);
		await page.locator('[data-testid=roster-group]').selectOption({ label: 'Service Desk (L0)' });
		await page.click(`[data-testid=edit-${agent.accountId}]`);
		await page.locator('[data-testid=hours]').fill('61');
		await page.click('[data-testid=save-roster]');
		await expect.poll(() => page.locator('dialog').textContent(), { timeout: 5000 }).toContain('Contracted hours: enter a value from 0 to 60 h per week.');
		await page.locator('[data-testid=hours]').fill(String(agent.contractedHours));
		await page.check(`[data-testid=off-${weekday}]`);
		await page.click('[data-testid=save-roster]');
		await expect.poll(async () => (await (await fetch(`${s.url}/api/staffing/roster/${agent.accountId}`, { headers: { cookie } })).json()).weekdaysOff, { timeout: 10_000 }).toContain(weekday);
		await page.locator('dialog[open]').waitFor({ state: 'detached', timeout: 5000 }).catch(() => {});
		await checkPage(page, 'staffing-roster');

		// Re-plan: the agent is off that day and not in that day's shifts.
		await gotoHydrated(page, `${s.url}/staffing/desk`);
		await page.locator('[data-testid=group]').selectOption({ label: 'Service Desk (L0)' });
		await page.click('[data-testid=compute]');
		await page.locator('[data-testid=save]').waitFor({ timeout: 60_000 });
		await page.click('[data-testid=save]');
		await page.locator('[data-testid=rota-grid]').waitFor({ timeout: 60_000 });
		const again = await agentWeek(page);
		const cell = again.find((c) => c.agent === agent.accountId && c.date === target.date)!;
		expect(cell).toMatchObject({ shift: '', off: 'weekday' });
		expect(await page.locator(`[data-testid=rota-grid] td[data-date="${target.date}"] li[data-agent="${agent.accountId}"]`).count()).toBe(0);
		for (const c of again.filter((x) => x.shift)) expect(c.off).toBe('');
	}, 400_000);
});
