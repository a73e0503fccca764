// Issue 18 (K1, medium 4): a CI named like markup shows as text in the impact graph's tooltip, on
// its own page and on its neighbour's; nothing runs on hover. Needs a build (npx vite build).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated } from '../helpers/browser';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const EVIL = '<img src=x onerror="window.__xss=(window.__xss||0)+1">';

describe('CMDB impact graph tooltips in chromium', () => {
	let s: RunningServer;
	let browser: Awaited<ReturnType<typeof launchBrowser>>;
	let page: Page;
	const ids: Record<string, string> = {};

	beforeAll(async () => {
		s = await startServer(ADMIN, 180_000);
		const cookie = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		const send = async (p: string, body: unknown) => {
			const r = await fetch(`${s.url}${p}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
			expect(r.status, `${p}: ${await r.clone().text()}`).toBeLessThan(300);
			return r.json();
		};
		ids.evil = (await send('/api/cmdb/items', { name: EVIL, classId: 'application', attributes: {}, identities: [] })).id;
		ids.host = (await send('/api/cmdb/items', { name: 'vm-plain', classId: 'virtual_machine', attributes: { os: 'linux' }, identities: [] })).id;
		await send('/api/cmdb/relations', { fromCiId: ids.evil, toCiId: ids.host, type: 'runs_on' });
		browser = await launchBrowser();
		const [name, value] = cookie.split('=');
		await browser.context.addCookies([{ name, value, url: s.url }]);
		page = await browser.context.newPage();
		await page.setViewportSize({ width: 1440, height: 900 });
	}, 300_000);
	afterAll(async () => {
		await browser?.close();
		await s?.stop();
	});

	/** Moves the mouse over the graph until a tooltip naming the CI shows; returns its text. */
	async function hoverUntilTooltip(): Promise<string | null> {
		const canvas = page.locator('[data-testid=ci-graph] canvas').first();
		await canvas.waitFor({ timeout: 15_000 });
		await page.waitForTimeout(2500); // the force layout settles
		const box = (await canvas.boundingBox())!;
		for (let y = box.y + 8; y < box.y + box.height - 8; y += 12) {
			for (let x = box.x + 8; x < box.x + box.width - 8; x += 12) {
				await page.mouse.move(x, y);
				const text = await page.evaluate(() => {
					// The tooltip reads "<name> · Application": the class is its localized label (capitalised), not the id.
					const tips = [...document.querySelectorAll('[data-testid=ci-graph] div')].filter((d) => (d as HTMLElement).style.position === 'absolute' && (d as HTMLElement).style.display !== 'none' && /\bapplication\b/i.test(d.textContent ?? ''));
					return tips.length ? tips[0].innerHTML : null;
				});
				if (text) return text;
			}
		}
		return null;
	}

	for (const which of ['evil', 'host'] as const) {
		it(`hovering the CI on ${which === 'evil' ? 'its own page' : "its neighbour's page"} shows its name as text and runs nothing`, async () => {
			await gotoHydrated(page, `${s.url}/cmdb/${ids[which]}`);
			const html = await hoverUntilTooltip();
			expect(html, 'a tooltip for the CI was found').not.toBeNull();
			expect(html).toContain('&lt;img src=x onerror=');
			expect(html).not.toContain('<img');
			await page.waitForTimeout(300);
			expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
			expect(await page.locator('[data-testid=ci-graph] img').count()).toBe(0);
		}, 180_000);
	}
});
