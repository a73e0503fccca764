/**
 * Every message exists, non-empty, in every language, and the Spanish and French of a sentence
 * are not the English left in place. Reads the catalog files themselves (every folder listed in
 * project.inlang/settings.json), so a key added to one language only fails here.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';

const settings = JSON.parse(fs.readFileSync('project.inlang/settings.json', 'utf8'));
const locales: string[] = settings.locales;
const patterns: string[] = settings['plugin.inlang.messageFormat'].pathPattern;

function catalog(pattern: string, locale: string): Record<string, string> {
	const file = path.resolve(pattern.replace('{locale}', locale));
	const json = JSON.parse(fs.readFileSync(file, 'utf8'));
	delete json.$schema;
	return json;
}
/** Words that are the same in the three languages (codes, brand names, abbreviations). */
const SAME_EVERYWHERE = /^(P[1-5]\b.*|[A-Z0-9 %/.\-–_{}()]+|Tickets?|CMDB|CSV|API|Chat|Email|Portal|Hardware|Software|Total|Type|Description|Actions|Budget|Menu|Page.*|Sources|Canal|Incident|Agent|Finance|Finances|Principal|Statut|Error \{status\}|Rejets.*|Conseil|No|Performance|Info.*)$/;

describe.each(patterns)('message catalog %s', (pattern) => {
	const byLocale = Object.fromEntries(locales.map((l) => [l, catalog(pattern, l)]));
	const keys = new Set(locales.flatMap((l) => Object.keys(byLocale[l])));

	it('has every key in every language, never empty', () => {
		const missing: string[] = [];
		for (const k of keys) for (const l of locales) if (typeof byLocale[l][k] !== 'string' || byLocale[l][k].trim() === '') missing.push(`${l}:${k}`);
		expect(missing).toEqual([]);
	});

	it('uses the same parameters in every language', () => {
		const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort().join(',');
		const wrong: string[] = [];
		for (const k of keys) {
			const en = params(byLocale.en[k] ?? '');
			for (const l of locales) if (params(byLocale[l][k] ?? '') !== en) wrong.push(`${l}:${k}`);
		}
		expect(wrong).toEqual([]);
	});

	it('translates sentences (es and fr are not copies of the English)', () => {
		const copies: string[] = [];
		for (const k of keys) {
			const en = byLocale.en[k];
			if (!en || SAME_EVERYWHERE.test(en) || en.split(/\s+/).length < 3) continue;
			for (const l of locales.filter((x) => x !== 'en')) if (byLocale[l][k] === en) copies.push(`${l}:${k}`);
		}
		expect(copies).toEqual([]);
	});
});

describe('catalog folders', () => {
	it('every catalog folder on disk is listed in the project settings', () => {
		const listed = new Set(patterns.map((p) => path.resolve(path.dirname(p.replace('{locale}', 'en')))));
		const dirs = [path.resolve('messages'), ...fs.readdirSync('messages', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.resolve('messages', d.name))];
		expect(dirs.filter((d) => !listed.has(d))).toEqual([]);
	});
});
