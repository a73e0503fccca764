/**
 * "P2 badge contrast" (issue J): every priority badge's text on its background is at least 4.5:1
 * (WCAG AA, small text), in the kit's Badge and on the wall's feed, read from the CSS itself.
 */
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';

function luminance(hex: string): number {
	const h = hex.replace('#', '');
	const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
	const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
	const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
	return (x + 0.05) / (y + 0.05);
}
const hexOf = (v: string) => (v.trim() === '#fff' || v.trim() === 'white' ? '#ffffff' : v.trim());

function rule(css: string, selector: string): Record<string, string> {
	const m = new RegExp(`(^|\\n)\\s*${selector.replace(/\./g, '\\.')}\\s*\\{([^}]*)\\}`).exec(css);
	if (!m) throw new Error(`no CSS rule ${selector}`);
	const out: Record<string, string> = {};
	for (const decl of m[2].replace(/\/\*[\s\S]*?\*\//g, '').split(';')) {
		const [k, v] = decl.split(':');
		if (k && v) out[k.trim()] = v.trim();
	}
	return out;
}

describe('priority badge contrast', () => {
	it('computes WCAG ratios (reference pairs)', () => {
		expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrast('#ef6c00', '#ffffff')).toBeLessThan(4.5); // the old P2 orange: failed AA
	});

	it('Badge: P1–P5 each ≥ 4.5:1', () => {
		const src = fs.readFileSync('src/lib/components/Badge.svelte', 'utf8');
		const tones = JSON.parse(
			/PRIORITY_TONE[^=]*=\s*(\{[^}]*\})/.exec(src)![1].replace(/(\w+):/g, '"$1":').replace(/'/g, '"')
		) as Record<string, string>;
		expect(Object.keys(tones)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
		for (const [p, tone] of Object.entries(tones)) {
			const r = rule(src, `.${tone}`);
			expect(contrast(hexOf(r.color), hexOf(r.background)), `${p} (${tone})`).toBeGreaterThanOrEqual(4.5);
		}
	});

	it('wall feed: the P1 and P2 badges ≥ 4.5:1 against the wall text colour', () => {
		const src = fs.readFileSync('src/routes/wall/[board]/+page.svelte', 'utf8');
		const text = rule(src, '.wall').color;
		for (const p of ['P1', 'P2']) {
			const r = rule(src, `.prio.${p}`);
			expect(contrast(hexOf(r.color ?? text), hexOf(r.background)), p).toBeGreaterThanOrEqual(4.5);
		}
	});
});
