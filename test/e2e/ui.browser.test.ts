/**
 * The UI floor (issue G1), as each role meets it: every page the menu shows answers 200 and every
 * other page 403 (never 500), `/` lands on the role's start page, the language follows the account
 * → cookie → Accept-Language, and in chromium every page of every role, in en, es and fr, is
 * axe-clean (no critical or serious violation), logs no console error, and on a 390×844 phone has
 * no page-level horizontal scroll with the menu collapsed. Screenshots in test-results/screenshots/ui.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { startServer, signIn, type RunningServer } from '../helpers/server';
import { launchBrowser, gotoHydrated, SCREENSHOT_DIR } from '../helpers/browser';
import { PAGES, mayOpen } from '../../src/lib/access';
import { ROLES } from '../../src/lib/server/rbac/roles';

const ADMIN = { OPSHUB_ADMIN_EMAIL: 'admin@example.com', OPSHUB_ADMIN_PASSWORD: 'admin-pass-123' };
const PASSWORD = 'role-pass-1234';
const ROLE_NAMES = Object.keys(ROLES);
const LANGS = ['en', 'es', 'fr'] as const;
const SHOTS = path.join(SCREENSHOT_DIR, 'ui');
const START: Record<string, string> = { requester: '/tickets', agent: '/tickets', lead: '/staffing', desk_manager: '/dashboard', finance: '/finance', admin: '/dashboard' };

describe('UI foundation: access, languages, accessibility, phones', () => {
	let s: RunningServer;
	const cookies: Record<string, string> = {};
	let ticketNumber = '';
	beforeAll(async () => {
		s = await startServer(ADMIN);
		const admin = await signIn(s.url, ADMIN.OPSHUB_ADMIN_EMAIL, ADMIN.OPSHUB_ADMIN_PASSWORD);
		for (const role of ROLE_NAMES) {
			const email = `${role}@example.com`;
			if (role !== 'admin') {
				const r = await fetch(`${s.url}/api/accounts`, {
					method: 'POST',
					headers: { cookie: admin, 'content-type': 'application/json', origin: s.url },
					body: JSON.stringify({ email, name: `The ${role}`, password: PASSWORD, roles: [role], tier: role === 'agent' ? 'L1' : null })
				});
				expect(r.status, await r.clone().text()).toBe(201);
				cookies[role] = await signIn(s.url, email, PASSWORD);
			} else cookies[role] = admin;
		}
		const t = await fetch(`${s.url}/api/tickets`, {
			method: 'POST',
			headers: { cookie: admin, 'content-type': 'application/json', origin: s.url },
			body: JSON.stringify({ title: 'Printer on floor 3 jams', description: 'Paper jam on every job', category: 'hardware' })
		});
		expect(t.status).toBe(201);
		ticketNumber = (await t.json()).number;
		fs.mkdirSync(SHOTS, { recursive: true });
	}, 240_000);

	/** The pages a role walks: its menu's pages, its profile, and the pages under them it works in. */
	function walkPages(role: string, menu: string[]): string[] {
		const perms: string[] = ROLES[role].permissions;
		const out = ['/profile', ...menu];
		if (menu.includes('/tickets') && perms.includes('tickets.work')) out.push('/tickets/new', `/tickets/${ticketNumber}`);
		if (menu.includes('/cmdb')) out.push('/cmdb/changes');
		return out;
	}
	/**
	 * The module work pages under the menu's: the admin walks each in one language, rotating, on a
	 * desktop (their own browser tests scan them in English, on a phone too; the admin sub-pages are
	 * scanned by test/e2e/admin.browser.test.ts).
	 */
	const SUB_PAGES = [
		'/finance/periods', '/finance/rate-cards', '/finance/budgets', '/finance/pools', '/finance/settings',
		'/cmdb/new', '/cmdb/import', '/boards/tokens', '/staffing/desk', '/staffing/roster'
	];
	afterAll(async () => {
		await s?.stop();
	});

	const get = (p: string, role: string, headers: Record<string, string> = {}) =>
		fetch(`${s.url}${p}`, { headers: { cookie: cookies[role], ...headers }, redirect: 'manual' });

	it('every page × every role: 200 when the menu shows it, 403 otherwise, never 500', async () => {
		const wrong: string[] = [];
		for (const role of ROLE_NAMES) {
			const home = await get('/tickets', role);
			const html = await (await get('/profile', role)).text();
			for (const p of PAGES) {
				// Admin sub-pages are not menu entries: each is 200 exactly when its own permission allows.
				const inMenu = p.menu === false ? mayOpen(ROLES[role].permissions, p.href) : html.includes(`href="${p.href}"`);
				const r = await get(p.href, role);
				const expected = inMenu ? 200 : 403;
				if (r.status !== expected) wrong.push(`${role} ${p.href}: ${r.status} (${p.menu === false ? 'permission' : 'menu'} ${inMenu ? 'allows' : 'hides'} it)`);
				await r.arrayBuffer();
			}
			await home.arrayBuffer();
		}
		expect(wrong).toEqual([]);
	});

	it('the finance role opens its Dashboard (was a 500) and not the tickets', async () => {
		const r = await get('/dashboard', 'finance');
		expect(r.status).toBe(200);
		expect(await r.text()).toContain('data-testid="groupby"');
		expect((await get('/tickets', 'finance')).status).toBe(403);
	});

	it('/ lands each role on its own start page', async () => {
		for (const role of ROLE_NAMES) {
			const r = await get('/', role);
			expect(r.status, role).toBe(303);
			expect(r.headers.get('location'), role).toBe(START[role]);
		}
	});

	it('language: account preference → cookie → Accept-Language → en, in <html lang>', async () => {
		const lang = async (headers: Record<string, string>, role = 'agent') => /<html lang="(\w+)"/.exec(await (await get('/profile', role, headers)).text())?.[1];
		expect(await lang({})).toBe('en');
		expect(await lang({ 'accept-language': 'fr-FR,fr;q=0.9' })).toBe('fr');
		expect(await lang({ 'accept-language': 'fr-FR', cookie: `${cookies.agent}; opshub_locale=es` })).toBe('es');
		const bad = await fetch(`${s.url}/api/me`, { method: 'PATCH', headers: { cookie: cookies.agent, 'content-type': 'application/json', origin: s.url }, body: JSON.stringify({ locale: 'de' }) });
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.field).toBe('locale');
		const ok = await fetch(`${s.url}/api/me`, { method: 'PATCH', headers: { cookie: cookies.agent, 'content-type': 'application/json', origin: s.url }, body: JSON.stringify({ locale: 'fr' }) });
		expect(ok.status).toBe(200);
		expect(await lang({ 'accept-language': 'es', cookie: `${cookies.agent}; opshub_locale=es` })).toBe('fr');
		const page = await (await get('/tickets', 'agent')).text();
		expect(page).toContain('Se déconnecter');
		await fetch(`${s.url}/api/me`, { method: 'PATCH', headers: { cookie: cookies.agent, 'content-type': 'application/json', origin: s.url }, body: JSON.stringify({ locale: null }) });
		expect(await lang({})).toBe('en');
		// The login page, signed out, in the browser's language.
		const login = await (await fetch(`${s.url}/login`, { headers: { 'accept-language': 'es' } })).text();
		expect(login).toContain('<html lang="es"');
		expect(login).toContain('Contraseña');
	});

	// Sampled to keep the suite fast (each axe scan is seconds here): the admin, who sees every page,
	// walks every page in en, es and fr; every other role walks each of its pages in one language,
	// rotating. So every page is scanned in every language and for every role.
	it('every page of every role, every page in en, es and fr: axe clean, no console error; phones without sideways scroll', async () => {
		const browser = await launchBrowser();
		const failures: string[] = [];
		try {
			for (const role of ROLE_NAMES) {
				const [name, value] = cookies[role].split('=');
				const html = await (await get('/profile', role)).text();
				const pages = walkPages(role, PAGES.filter((p) => html.includes(`href="${p.href}"`)).map((p) => p.href));
				for (const [li, lang] of LANGS.entries()) {
					const mine = role === 'admin' ? [...pages, ...SUB_PAGES.filter((_, si) => si % LANGS.length === li)] : pages.filter((_, pi) => (pi + ROLE_NAMES.indexOf(role)) % LANGS.length === li);
					if (!mine.length) continue;
					await browser.context.clearCookies();
					await browser.context.addCookies([
						{ name, value, url: s.url },
						{ name: 'opshub_locale', value: lang, url: s.url }
					]);
					const page = await browser.context.newPage();
					const errors: string[] = [];
					page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
					page.on('pageerror', (e) => errors.push(String(e)));
					for (const p of mine) {
						// Phones: each page once per role (for the admin, in one language of three, rotating).
						const phone = role !== 'admin' || (pages.includes(p) && pages.indexOf(p) % LANGS.length === li);
						await page.setViewportSize(phone ? { width: 390, height: 844 } : { width: 1600, height: 900 });
						await gotoHydrated(page, `${s.url}${p}`);
						expect(await page.getAttribute('html', 'lang')).toBe(lang);
						const title = await page.title();
						if (!/· Opshub$/.test(title)) failures.push(`${role} ${lang} ${p}: title "${title}"`);
						const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
						for (const v of axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')) {
							console.log(`axe ${role} ${lang} ${p}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
							failures.push(`${role} ${lang} ${p}: axe ${v.impact} ${v.id} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
						}
						if (phone) {
							const { sw, w } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
							if (sw > w) failures.push(`${role} ${lang} ${p}: page scrolls sideways on a phone (${sw} > ${w})`);
							if (await page.locator('#main-nav').isVisible()) failures.push(`${role} ${p}: menu not collapsed on a phone`);
						}
						const shot = `${role}-${p.replace(/\W+/g, '_') || 'home'}-${lang}${phone ? '-phone' : ''}.png`;
						await page.screenshot({ path: path.join(SHOTS, shot) });
					}
					if (errors.length) failures.push(`${role} ${lang}: console errors: ${errors.slice(0, 3).join(' | ')}`);
					await page.close();
				}
			}
		} finally {
			await browser.close();
		}
		expect(failures).toEqual([]);
	}, 900_000);

	it('the sign-in page in en, es and fr, on a desktop and a phone: axe clean, labelled', async () => {
		const browser = await launchBrowser();
		const failures: string[] = [];
		try {
			for (const [i, lang] of LANGS.entries()) {
				await browser.context.clearCookies();
				await browser.context.addCookies([{ name: 'opshub_locale', value: lang, url: s.url }]);
				const page = await browser.context.newPage();
				await page.setViewportSize(i === 0 ? { width: 1600, height: 900 } : { width: 390, height: 844 });
				await gotoHydrated(page, `${s.url}/login`);
				expect(await page.getAttribute('html', 'lang')).toBe(lang);
				const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
				for (const v of axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')) failures.push(`login ${lang}: ${v.id}`);
				const { sw, w } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
				if (sw > w) failures.push(`login ${lang}: scrolls sideways (${sw} > ${w})`);
				await page.screenshot({ path: path.join(SHOTS, `login-${lang}.png`) });
				await page.close();
			}
		} finally {
			await browser.close();
		}
		expect(failures).toEqual([]);
	}, 120_000);

	it('the phone menu opens from its button and every link is reachable by keyboard', async () => {
		const browser = await launchBrowser();
		try {
			const [name, value] = cookies.admin.split('=');
			await browser.context.addCookies([{ name, value, url: s.url }]);
			const page: Page = await browser.context.newPage();
			await page.setViewportSize({ width: 390, height: 844 });
			await gotoHydrated(page, `${s.url}/profile`);
			await expect.poll(() => page.locator('#main-nav').isVisible()).toBe(false);
			await page.keyboard.press('Tab'); // skip link
			await page.keyboard.press('Tab'); // brand
			await page.keyboard.press('Tab'); // menu button
			await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('main-nav');
			await page.keyboard.press('Enter');
			await expect.poll(() => page.locator('#main-nav').isVisible()).toBe(true);
			expect(await page.locator('.menu-btn').getAttribute('aria-expanded')).toBe('true');
			await page.keyboard.press('Tab');
			expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('/tickets');
			await page.keyboard.press('Enter');
			await page.waitForURL(`${s.url}/tickets`);
			await page.screenshot({ path: path.join(SHOTS, 'phone-menu-admin.png') });
		} finally {
			await browser.close();
		}
	}, 120_000);
});
