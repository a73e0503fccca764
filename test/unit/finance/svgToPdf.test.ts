import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { multiply, parseColor, parsePath, parseTransform, svgToPdf, type Seg } from '../../../src/lib/server/finance/svgToPdf';
import { costByMonthSvg } from '../../../src/lib/server/finance/chart';
import { PdfDocument } from '../../../src/lib/server/finance/pdf';

const round = (segs: Seg[]) => JSON.parse(JSON.stringify(segs, (_, v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v)));
/** A 100×100 SVG drawn into a 100×100 box at the origin: PDF (x, y) = SVG (x, 100 − y). */
const BOX = { x: 0, y: 0, width: 100, height: 100 };
const draw = (body: string) => svgToPdf(`<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">${body}</svg>`, BOX);

describe('parsePath', () => {
	it('reads absolute M L H V Z, with implicit linetos after M', () => {
		expect(parsePath('M10 20L30 40H50V60Z')).toEqual([
			{ op: 'M', x: 10, y: 20 },
			{ op: 'L', x: 30, y: 40 },
			{ op: 'L', x: 50, y: 40 },
			{ op: 'L', x: 50, y: 60 },
			{ op: 'Z' }
		]);
		expect(parsePath('M 0,0 10,0 10,10')).toEqual([
			{ op: 'M', x: 0, y: 0 },
			{ op: 'L', x: 10, y: 0 },
			{ op: 'L', x: 10, y: 10 }
		]);
	});

	it('resolves relative commands against the current point (echarts bars: M x y l w 0 l 0 -h l -w 0 Z)', () => {
		expect(parsePath('M72.7 170l101.2 0l0 -90.4l-101.2 0Z')).toEqual([
			{ op: 'M', x: 72.7, y: 170 },
			{ op: 'L', x: 173.9, y: 170 },
			{ op: 'L', x: 173.9, y: 79.6 },
			{ op: 'L', x: 72.7, y: 79.6 },
			{ op: 'Z' }
		]);
		expect(parsePath('m5 5 h10 v-3 z m1 1 l2 2')).toEqual([
			{ op: 'M', x: 5, y: 5 },
			{ op: 'L', x: 15, y: 5 },
			{ op: 'L', x: 15, y: 2 },
			{ op: 'Z' },
			{ op: 'M', x: 6, y: 6 }, // relative to the subpath start after Z
			{ op: 'L', x: 8, y: 8 }
		]);
	});

	it('reads numbers written without separators (-.5.5, 1e2, 3-4)', () => {
		expect(parsePath('M1e1-.5L.5.5l3-4')).toEqual([
			{ op: 'M', x: 10, y: -0.5 },
			{ op: 'L', x: 0.5, y: 0.5 },
			{ op: 'L', x: 3.5, y: -3.5 }
		]);
	});

	it('keeps cubics, turns quadratics (Q, q, T) and S into cubics', () => {
		expect(parsePath('M0 0C1 2 3 4 5 6c1 1 2 2 3 3')).toEqual([
			{ op: 'M', x: 0, y: 0 },
			{ op: 'C', x1: 1, y1: 2, x2: 3, y2: 4, x: 5, y: 6 },
			{ op: 'C', x1: 6, y1: 7, x2: 7, y2: 8, x: 8, y: 9 }
		]);
		// Q 3 3 6 0 from (0,0): control points at 2/3 towards (3,3)
		expect(round(parsePath('M0 0Q3 3 6 0'))).toEqual([{ op: 'M', x: 0, y: 0 }, { op: 'C', x1: 2, y1: 2, x2: 4, y2: 2, x: 6, y: 0 }]);
		expect(round(parsePath('M0 0q3 3 6 0t6 0'))[2]).toEqual({ op: 'C', x1: 8, y1: -2, x2: 10, y2: -2, x: 12, y: 0 }); // reflected control (9,-3)
		expect(parsePath('M0 0C0 1 1 2 2 2S4 3 4 4')[2]).toEqual({ op: 'C', x1: 3, y1: 2, x2: 4, y2: 3, x: 4, y: 4 });
	});

	it('turns an arc into cubics ending exactly on the arc end point', () => {
		const segs = parsePath('M10 0A10 10 0 0 1 0 10');
		expect(segs).toHaveLength(2);
		const c = segs[1] as Extract<Seg, { op: 'C' }>;
		expect([c.x, c.y]).toEqual([0, 10]);
		// quarter circle around (0,0): the standard kappa 0.5523
		expect(c.x1).toBeCloseTo(10, 3);
		expect(c.y1).toBeCloseTo(5.523, 2);
		expect(parsePath('M0 0a5 5 0 1 1 0 -.1')).toHaveLength(5); // nearly a full circle: M + 4 quarter pieces
	});

	it('stops at malformed data instead of throwing', () => {
		expect(parsePath('M10 10L20')).toEqual([{ op: 'M', x: 10, y: 10 }]);
		expect(parsePath('X 1 2')).toEqual([]);
		expect(parsePath('')).toEqual([]);
	});
});

describe('parseColor', () => {
	it.each([
		['#fff', [1, 1, 1]],
		['#000000', [0, 0, 0]],
		['#5070dd', [0x50 / 255, 0x70 / 255, 0xdd / 255]],
		['rgb(255,0,0)', [1, 0, 0]],
		['rgb(255, 128, 0)', [1, 128 / 255, 0]],
		['rgba(0,0,255,0.5)', [0, 0, 1]],
		['rgb(100%, 0%, 0%)', [1, 0, 0]],
		['red', [1, 0, 0]],
		['Black', [0, 0, 0]],
		['grey', [128 / 255, 128 / 255, 128 / 255]]
	])('%s', (c, rgb) => {
		const got = parseColor(c)!;
		rgb.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
	});

	it.each(['none', 'transparent', 'rgba(0,0,0,0)', '#0000', 'url(#g1)', '', 'chartreuse-ish'])('%s paints nothing', (c) => {
		expect(parseColor(c)).toBeNull();
	});
});

describe('parseTransform', () => {
	it('reads translate with spaces or commas, matrix, scale, and composes left to right', () => {
		expect(parseTransform('translate(42 170)')).toEqual([1, 0, 0, 1, 42, 170]);
		expect(parseTransform('translate(5,-6)')).toEqual([1, 0, 0, 1, 5, -6]);
		expect(parseTransform('matrix(3,0,0,3,123.3,95)')).toEqual([3, 0, 0, 3, 123.3, 95]);
		expect(parseTransform('translate(10 0) scale(2)')).toEqual([2, 0, 0, 2, 10, 0]);
		expect(multiply(parseTransform('scale(2)'), parseTransform('translate(10 0)'))).toEqual([2, 0, 0, 2, 20, 0]);
		const r = parseTransform('rotate(90)');
		expect(r.map((v) => Math.round(v))).toEqual([0, 1, -1, 0, 0, 0]);
	});
});

describe('svgToPdf', () => {
	it('flips y and fills a path with its color', () => {
		expect(draw('<path d="M10 10L20 10L20 30Z" fill="#ff0000"/>')).toBe('q 1 0 0 rg 10 90 m 20 90 l 20 70 l h f Q');
	});

	it('fills with black when no fill is given (the SVG default)', () => {
		expect(draw('<path d="M0 0L10 0L10 10Z"/>')).toBe('q 0 0 0 rg 0 100 m 10 100 l 10 90 l h f Q');
	});

	it('strokes with the stroke color and width, fills and strokes with B, skips fill="none"', () => {
		expect(draw('<line x1="0" y1="0" x2="100" y2="50" stroke="rgb(0,0,255)" stroke-width="2"/>')).toBe('q 0 0 1 RG 2 w 0 100 m 100 50 l S Q');
		expect(draw('<rect x="10" y="20" width="30" height="40" fill="white" stroke="black"/>')).toBe(
			'q 1 1 1 rg 0 0 0 RG 1 w 10 80 m 40 80 l 40 40 l 10 40 l h B Q'
		);
		expect(draw('<path d="M0 0L10 10" fill="none" stroke="#333"/>')).toMatch(/^q 0\.2 0\.2 0\.2 RG 1 w 0 100 m 10 90 l S Q$/);
		expect(draw('<path d="M0 0L10 10" fill="none"/>')).toBe(''); // nothing to paint
		expect(draw('<rect width="100" height="100" fill="rgb(0,0,0)" fill-opacity="0"/>')).toBe('');
	});

	it('draws a polyline as a stroked open path', () => {
		expect(draw('<polyline points="0,0 10,10 20,0" fill="none" stroke="red"/>')).toBe('q 1 0 0 RG 1 w 0 100 m 10 90 l 20 100 l S Q');
	});

	it('applies transforms: nested <g> translate, element matrix (scaling the stroke width)', () => {
		expect(draw('<g transform="translate(10 20)"><rect x="0" y="0" width="5" height="5" fill="black"/></g>')).toBe(
			'q 0 0 0 rg 10 80 m 15 80 l 15 75 l 10 75 l h f Q'
		);
		expect(draw('<path d="M1 0L2 0" transform="matrix(3,0,0,3,50,50)" fill="none" stroke="#000" stroke-width="0.5"/>')).toBe('q 0 0 0 RG 1.5 w 53 50 m 56 50 l S Q');
	});

	it('scales the viewBox into the box', () => {
		const ops = svgToPdf('<svg viewBox="0 0 200 100"><path d="M0 0L200 100" fill="none" stroke="black"/></svg>', { x: 50, y: 500, width: 100, height: 50 });
		expect(ops).toBe('q 0 0 0 RG 0.5 w 50 550 m 150 500 l S Q');
	});

	it('writes text in Helvetica at its anchor, size, color and baseline (WinAnsi, entities decoded)', () => {
		expect(draw('<text x="10" y="20" font-size="10" fill="#000">Hi &amp; (you)</text>')).toBe('q 0 0 0 rg BT /F1 10 Tf 10 80 Td (Hi & \\(you\\)) Tj ET Q');
		// echarts: style font-size, transform translate, text-anchor end, central baseline (+0.35 em)
		const t = draw('<text dominant-baseline="central" text-anchor="end" style="font-size:12px;font-family:sans-serif;" transform="translate(42 50)" fill="#54555a">100</text>');
		// "100" = 3 × 556/1000 × 12 = 20.016 wide
		expect(t).toBe('q 0.33 0.33 0.35 rg BT /F1 12 Tf 21.98 45.8 Td (100) Tj ET Q');
		const mid = draw('<text text-anchor="middle" font-weight="bold" font-size="10" x="50" y="50">00</text>');
		expect(mid).toContain('/F2 10 Tf 44.44 50 Td (00) Tj'); // default fill black, bold → F2
		expect(draw('<text x="0" y="0" font-size="10">€ 5–6</text>')).toContain('(\\200 5\\2266) Tj');
		expect(draw('<text x="0" y="0" fill="none">x</text>')).toBe('');
	});

	it('ignores defs, clip paths, styles and unknown elements', () => {
		const ops = draw(
			'<defs><clipPath id="c"><path d="M0 0L1 1" fill="#000"/></clipPath></defs><style><![CDATA[.a:hover{fill:red}]]></style><image href="x.png" width="5" height="5"/><foo/>'
		);
		expect(ops).toBe('');
	});

	it('converts a real echarts SSR chart: axis labels as text, bars as filled paths, and pdftotext reads the labels', () => {
		const svg = costByMonthSvg(
			[
				{ period: '2026-01', status: 'closed', byKind: { tickets: 12000, labor: 4500 } },
				{ period: '2026-02', status: 'closed', byKind: { tickets: 9000 } },
				{ period: '2026-03', status: null, byKind: {} }
			],
			{ width: 500, height: 170, currency: 'EUR' }
		);
		expect(svg).toMatch(/^<svg[^>]*viewBox="0 0 500 170"/);
		const ops = svgToPdf(svg, { x: 40, y: 500, width: 500, height: 170 });
		expect(ops).toContain('(2026-01) Tj');
		expect(ops).toContain('(2026-03*) Tj');
		expect(ops).toContain('(Tickets) Tj');
		expect(ops).toMatch(/0\.23 0\.44 0\.71 rg [\d. ]+ m [\d. ]+ l [\d. ]+ l [\d. ]+ l h f Q/); // a tickets bar
		for (const m of ops.matchAll(/(-?[\d.]+) (-?[\d.]+) [ml]\b/g)) {
			// everything lands inside the box
			expect(Number(m[1])).toBeGreaterThanOrEqual(39);
			expect(Number(m[1])).toBeLessThanOrEqual(541);
			expect(Number(m[2])).toBeGreaterThanOrEqual(499);
			expect(Number(m[2])).toBeLessThanOrEqual(671);
		}
		const doc = new PdfDocument().raw(ops);
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opshub-svgpdf-'));
		try {
			const file = path.join(dir, 'chart.pdf');
			fs.writeFileSync(file, doc.toBuffer());
			const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
			expect(text).toMatch(/2026-01\s+2026-02\s+2026-03\*/);
			expect(text).toMatch(/Tickets\s+Agent time/);
			expect(text).toContain('EUR');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
