/** Debian's chromium driven by playwright-core (no browser download; docs/STACK.md pitfall 13). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
	const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-chromium-'));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		headless: true,
		viewport: { width: 1600, height: 900 },
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run'
		]
	});
	return {
		context,
		close: async () => {
			await context.close();
			fs.rmSync(userDataDir, { recursive: true, force: true });
		}
	};
}

export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

/** Navigates and waits until the app has hydrated (event handlers attached). */
export async function gotoHydrated(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.waitForSelector('html[data-hydrated]', { timeout: 30_000 });
}
