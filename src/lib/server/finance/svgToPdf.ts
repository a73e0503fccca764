/**
 * A small SVG → PDF content-stream converter, enough for the SVG that echarts' server-side
 * renderer emits (`renderToSVGString()`): <path d> (M L H V C S Q T A Z, absolute and relative),
 * <rect>, <line>, <polyline>, <polygon>, <circle>, <ellipse>, <text> (Helvetica / Helvetica-Bold
 * as the PDF resources /F1 and /F2, WinAnsi), <g>, `transform` (translate, scale, rotate, matrix),
 * fill / stroke colors (hex, rgb(), rgba(), basic names), stroke-width, presentation attributes and
 * inline `style`. Clip paths, gradients, <defs>, <style>, opacity blending and anything else are
 * ignored. The y axis is flipped (SVG top-left origin → PDF bottom-left) by mapping every point
 * through one matrix, so text stays upright.
 */
import { textWidth, winAnsi } from './pdf';

/** SVG affine matrix [a b c d e f]: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m ∘ n: apply n first, then m. */
export function multiply(m: Matrix, n: Matrix): Matrix {
	return [
		m[0] * n[0] + m[2] * n[1],
		m[1] * n[0] + m[3] * n[1],
		m[0] * n[2] + m[2] * n[3],
		m[1] * n[2] + m[3] * n[3],
		m[0] * n[4] + m[2] * n[5] + m[4],
		m[1] * n[4] + m[3] * n[5] + m[5]
	];
}
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
const scaleOf = (m: Matrix) => Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));

const NUM_RE = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;
const nums = (s: string): number[] => (s.match(NUM_RE) ?? []).map(Number);

/** Parses a `transform` attribute (a list of functions, applied right to left as SVG says). */
export function parseTransform(s: string | undefined): Matrix {
	let m: Matrix = IDENTITY;
	if (!s) return m;
	for (const [, fn, args] of s.matchAll(/([a-zA-Z]+)\s*\(([^)]*)\)/g)) {
		const a = nums(args);
		let t: Matrix | null = null;
		switch (fn) {
			case 'matrix':
				if (a.length === 6) t = a as Matrix;
				break;
			case 'translate':
				t = [1, 0, 0, 1, a[0] ?? 0, a[1] ?? 0];
				break;
			case 'scale':
				t = [a[0] ?? 1, 0, 0, a[1] ?? a[0] ?? 1, 0, 0];
				break;
			case 'rotate': {
				const r = ((a[0] ?? 0) * Math.PI) / 180;
				const [cx, cy] = [a[1] ?? 0, a[2] ?? 0];
				t = multiply(multiply([1, 0, 0, 1, cx, cy], [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0]), [1, 0, 0, 1, -cx, -cy]);
				break;
			}
		}
		if (t) m = multiply(m, t);
	}
	return m;
}

const NAMED: Record<string, [number, number, number]> = {
	black: [0, 0, 0],
	white: [255, 255, 255],
	red: [255, 0, 0],
	green: [0, 128, 0],
	lime: [0, 255, 0],
	blue: [0, 0, 255],
	yellow: [255, 255, 0],
	orange: [255, 165, 0],
	purple: [128, 0, 128],
	gray: [128, 128, 128],
	grey: [128, 128, 128],
	silver: [192, 192, 192],
	navy: [0, 0, 128],
	teal: [0, 128, 128],
	maroon: [128, 0, 0]
};

/** A CSS color → RGB in 0..1, or null for none / transparent / unsupported (gradients, url()). */
export function parseColor(v: string | undefined): [number, number, number] | null {
	if (!v) return null;
	const s = v.trim().toLowerCase();
	let rgb: [number, number, number] | null = null;
	let m: RegExpExecArray | null;
	if ((m = /^#([0-9a-f]{3,8})$/.exec(s))) {
		const h = m[1];
		if (h.length === 3 || h.length === 4) rgb = [0, 1, 2].map((i) => parseInt(h[i] + h[i], 16)) as [number, number, number];
		else if (h.length === 6 || h.length === 8) rgb = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
		const alpha = h.length === 4 ? parseInt(h[3] + h[3], 16) : h.length === 8 ? parseInt(h.slice(6), 16) : 255;
		if (alpha === 0) return null;
	} else if ((m = /^rgba?\(([^)]*)\)$/.exec(s))) {
		const parts = m[1].split(/[\s,/]+/).filter(Boolean);
		const ch = (p: string) => (p.endsWith('%') ? (parseFloat(p) * 255) / 100 : parseFloat(p));
		if (parts.length < 3) return null;
		const alpha = parts.length > 3 ? (parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3])) : 1;
		if (alpha === 0) return null;
		rgb = [ch(parts[0]), ch(parts[1]), ch(parts[2])];
	} else rgb = NAMED[s] ?? null;
	if (!rgb || rgb.some((c) => !Number.isFinite(c))) return null;
	return rgb.map((c) => Math.min(1, Math.max(0, c / 255))) as [number, number, number];
}

/** One segment of an absolute path: moveto, lineto, cubic, close. */
export type Seg = { op: 'M' | 'L'; x: number; y: number } | { op: 'C'; x1: number; y1: number; x2: number; y2: number; x: number; y: number } | { op: 'Z' };

const isCmd = (t: string) => t.length === 1 && /[a-zA-Z]/.test(t);
const ARGS: Record<string, number> = { M: 2, L: 2, H: 1, V: 1, C: 6, S: 4, Q: 4, T: 2, A: 7, Z: 0 };

/**
 * Parses path data into absolute M / L / C / Z segments (H and V become L; Q, T and S become
 * cubics; arcs become cubics). Stops at the first malformed command (as SVG renderers do).
 */
export function parsePath(d: string): Seg[] {
	const out: Seg[] = [];
	const tokens = d.match(/[a-zA-Z]|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g) ?? [];
	let i = 0;
	let [cx, cy, sx, sy] = [0, 0, 0, 0];
	let lastCtrl: [number, number] | null = null; // reflected control point for S
	let lastQ: [number, number] | null = null; // for T
	let cmd = '';
	while (i < tokens.length) {
		if (isCmd(tokens[i])) cmd = tokens[i++];
		else if (!cmd) break;
		const up = cmd.toUpperCase();
		const n = ARGS[up];
		if (n === undefined) break;
		const rel = cmd !== up;
		const a: number[] = [];
		for (let k = 0; k < n; k++) {
			if (i >= tokens.length || isCmd(tokens[i])) return out;
			a.push(Number(tokens[i++]));
		}
		const ox = rel ? cx : 0;
		const oy = rel ? cy : 0;
		let ctrl: [number, number] | null = null;
		let q: [number, number] | null = null;
		switch (up) {
			case 'M':
				cx = a[0] + ox;
				cy = a[1] + oy;
				[sx, sy] = [cx, cy];
				out.push({ op: 'M', x: cx, y: cy });
				cmd = rel ? 'l' : 'L'; // further pairs are implicit linetos
				break;
			case 'L':
				cx = a[0] + ox;
				cy = a[1] + oy;
				out.push({ op: 'L', x: cx, y: cy });
				break;
			case 'H':
				cx = a[0] + ox;
				out.push({ op: 'L', x: cx, y: cy });
				break;
			case 'V':
				cy = a[0] + oy;
				out.push({ op: 'L', x: cx, y: cy });
				break;
			case 'C':
			case 'S': {
				let x1: number, y1: number, rest: number[];
				if (up === 'C') {
					[x1, y1] = [a[0] + ox, a[1] + oy];
					rest = a.slice(2);
				} else {
					[x1, y1] = lastCtrl ? [2 * cx - lastCtrl[0], 2 * cy - lastCtrl[1]] : [cx, cy];
					rest = a;
				}
				const [x2, y2, x, y] = [rest[0] + ox, rest[1] + oy, rest[2] + ox, rest[3] + oy];
				out.push({ op: 'C', x1, y1, x2, y2, x, y });
				ctrl = [x2, y2];
				[cx, cy] = [x, y];
				break;
			}
			case 'Q':
			case 'T': {
				let qx: number, qy: number, x: number, y: number;
				if (up === 'Q') [qx, qy, x, y] = [a[0] + ox, a[1] + oy, a[2] + ox, a[3] + oy];
				else {
					[qx, qy] = lastQ ? [2 * cx - lastQ[0], 2 * cy - lastQ[1]] : [cx, cy];
					[x, y] = [a[0] + ox, a[1] + oy];
				}
				// Quadratic → cubic: control points at 2/3 of the way to the quadratic control.
				out.push({ op: 'C', x1: cx + (2 / 3) * (qx - cx), y1: cy + (2 / 3) * (qy - cy), x2: x + (2 / 3) * (qx - x), y2: y + (2 / 3) * (qy - y), x, y });
				q = [qx, qy];
				[cx, cy] = [x, y];
				break;
			}
			case 'A': {
				const [x, y] = [a[5] + ox, a[6] + oy];
				out.push(...arcToCubics(cx, cy, a[0], a[1], a[2], a[3] !== 0, a[4] !== 0, x, y));
				[cx, cy] = [x, y];
				break;
			}
			case 'Z':
				out.push({ op: 'Z' });
				[cx, cy] = [sx, sy];
				break;
		}
		lastCtrl = ctrl;
		lastQ = q;
	}
	return out;
}

/** An elliptical arc (endpoint parameterization, SVG F.6) as cubic béziers of ≤ 90° each. */
function arcToCubics(x1: number, y1: number, rx: number, ry: number, phiDeg: number, large: boolean, sweep: boolean, x2: number, y2: number): Seg[] {
	if (x1 === x2 && y1 === y2) return [];
	rx = Math.abs(rx);
	ry = Math.abs(ry);
	if (!rx || !ry) return [{ op: 'L', x: x2, y: y2 }];
	const phi = (phiDeg * Math.PI) / 180;
	const [cos, sin] = [Math.cos(phi), Math.sin(phi)];
	const dx = (x1 - x2) / 2;
	const dy = (y1 - y2) / 2;
	const x1p = cos * dx + sin * dy;
	const y1p = -sin * dx + cos * dy;
	const lambda = (x1p * x1p) / (rx * rx) + (y1p * y1p) / (ry * ry);
	if (lambda > 1) {
		rx *= Math.sqrt(lambda);
		ry *= Math.sqrt(lambda);
	}
	const num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
	const den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
	const coef = (large === sweep ? -1 : 1) * Math.sqrt(Math.max(0, num / den));
	const cxp = (coef * rx * y1p) / ry;
	const cyp = (-coef * ry * x1p) / rx;
	const cx = cos * cxp - sin * cyp + (x1 + x2) / 2;
	const cy = sin * cxp + cos * cyp + (y1 + y2) / 2;
	const ang = (ux: number, uy: number, vx: number, vy: number) => {
		const a = Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
		return a;
	};
	const t1 = ang(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry);
	let dt = ang((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry);
	if (!sweep && dt > 0) dt -= 2 * Math.PI;
	else if (sweep && dt < 0) dt += 2 * Math.PI;
	const n = Math.max(1, Math.ceil(Math.abs(dt) / (Math.PI / 2) - 1e-9));
	const step = dt / n;
	const k = (4 / 3) * Math.tan(step / 4);
	const pt = (t: number): [number, number] => [cx + rx * Math.cos(t) * cos - ry * Math.sin(t) * sin, cy + rx * Math.cos(t) * sin + ry * Math.sin(t) * cos];
	const deriv = (t: number): [number, number] => [-rx * Math.sin(t) * cos - ry * Math.cos(t) * sin, -rx * Math.sin(t) * sin + ry * Math.cos(t) * cos];
	const segs: Seg[] = [];
	for (let j = 0; j < n; j++) {
		const ta = t1 + j * step;
		const tb = ta + step;
		const [ax, ay] = pt(ta);
		const [bx, by] = j === n - 1 ? [x2, y2] : pt(tb);
		const [dax, day] = deriv(ta);
		const [dbx, dby] = deriv(tb);
		segs.push({ op: 'C', x1: ax + k * dax, y1: ay + k * day, x2: bx - k * dbx, y2: by - k * dby, x: bx, y: by });
	}
	return segs;
}

// ---------------------------------------------------------------- the SVG element tree (flat walk)

interface Style {
	fill: string;
	stroke: string;
	strokeWidth: number;
	fontSize: number;
	fontWeight: string;
	textAnchor: string;
	baseline: string;
	visible: boolean;
	/** fill-opacity / stroke-opacity 0 paint nothing; other values are drawn opaque. */
	fillOpacity: number;
	strokeOpacity: number;
}
const INHERITED_DEFAULT: Style = { fill: 'black', stroke: 'none', strokeWidth: 1, fontSize: 16, fontWeight: 'normal', textAnchor: 'start', baseline: 'alphabetic', visible: true, fillOpacity: 1, strokeOpacity: 1 };

function attrsOf(tag: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [, k, , v1, v2] of tag.matchAll(/([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[k] = v1 ?? v2;
	if (out.style)
		for (const decl of out.style.split(';')) {
			const i = decl.indexOf(':');
			if (i > 0) out[decl.slice(0, i).trim()] = decl.slice(i + 1).trim();
		}
	return out;
}

function styleOf(parent: Style, a: Record<string, string>): Style {
	const s = { ...parent };
	if (a.fill !== undefined) s.fill = a.fill;
	if (a.stroke !== undefined) s.stroke = a.stroke;
	if (a['stroke-width'] !== undefined) s.strokeWidth = parseFloat(a['stroke-width']) || 0;
	if (a['font-size'] !== undefined) s.fontSize = parseFloat(a['font-size']) || s.fontSize;
	if (a['font-weight'] !== undefined) s.fontWeight = a['font-weight'];
	if (a.font) {
		// shorthand "bold 12px sans-serif"
		const m = /(\d+(?:\.\d+)?)px/.exec(a.font);
		if (m) s.fontSize = Number(m[1]);
		if (/\bbold\b|\b[6-9]00\b/.test(a.font)) s.fontWeight = 'bold';
	}
	if (a['fill-opacity'] !== undefined) s.fillOpacity = parseFloat(a['fill-opacity']);
	if (a['stroke-opacity'] !== undefined) s.strokeOpacity = parseFloat(a['stroke-opacity']);
	if (a['text-anchor'] !== undefined) s.textAnchor = a['text-anchor'];
	if (a['dominant-baseline'] !== undefined) s.baseline = a['dominant-baseline'];
	if (a.display === 'none' || a.visibility === 'hidden' || a.opacity === '0') s.visible = false;
	return s;
}

const decodeEntities = (s: string) =>
	s
		.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
		.replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;|&#39;/g, "'")
		.replace(/&nbsp;/g, '\u00a0')
		.replace(/&amp;/g, '&');

const f = (n: number) => {
	const r = Math.round(n * 100) / 100;
	return Object.is(r, -0) ? '0' : String(r);
};
const rgbOp = (c: [number, number, number], op: 'rg' | 'RG') => `${c.map((v) => f(v)).join(' ')} ${op}`;

export interface Box {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** The elements that hold no drawing of their own (or drawing we do not place: clip paths, defs). */
const SKIP_SUBTREE = new Set(['defs', 'style', 'clippath', 'mask', 'pattern', 'lineargradient', 'radialgradient', 'title', 'desc', 'metadata', 'symbol', 'marker', 'script']);

/**
 * Converts an SVG document into PDF content-stream operators drawing it inside `box` (PDF points,
 * bottom-left origin), scaled uniformly to fit its viewBox (or width/height). Text uses the font
 * resources /F1 (Helvetica) and /F2 (Helvetica-Bold) that `PdfDocument` declares.
 */
export function svgToPdf(svg: string, box: Box): string {
	const ops: string[] = [];
	const tokens = svg.replace(/<!--[\s\S]*?-->/g, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').match(/<[^>]*>|[^<]+/g) ?? [];
	type Frame = { name: string; m: Matrix; style: Style; skip: boolean };
	const stack: Frame[] = [];
	let base: Matrix | null = null;
	let pendingText: { m: Matrix; style: Style; a: Record<string, string>; text: string } | null = null;

	const top = (): Frame => stack[stack.length - 1] ?? { name: '', m: base ?? IDENTITY, style: INHERITED_DEFAULT, skip: false };

	const paint = (segs: Seg[], m: Matrix, s: Style, closedShape: boolean) => {
		if (!segs.length || !s.visible) return;
		const fill = closedShape && s.fillOpacity !== 0 ? parseColor(s.fill) : null;
		const stroke = s.strokeWidth > 0 && s.strokeOpacity !== 0 ? parseColor(s.stroke) : null;
		if (!fill && !stroke) return;
		const out: string[] = ['q'];
		if (fill) out.push(rgbOp(fill, 'rg'));
		if (stroke) out.push(rgbOp(stroke, 'RG'), `${f(Math.max(0.05, s.strokeWidth * scaleOf(m)))} w`);
		for (const g of segs) {
			if (g.op === 'Z') out.push('h');
			else if (g.op === 'C') {
				const [a, b] = apply(m, g.x1, g.y1);
				const [c, d] = apply(m, g.x2, g.y2);
				const [e, h] = apply(m, g.x, g.y);
				out.push(`${f(a)} ${f(b)} ${f(c)} ${f(d)} ${f(e)} ${f(h)} c`);
			} else {
				const [x, y] = apply(m, g.x, g.y);
				out.push(`${f(x)} ${f(y)} ${g.op === 'M' ? 'm' : 'l'}`);
			}
		}
		out.push(fill && stroke ? 'B' : fill ? 'f' : 'S', 'Q');
		ops.push(out.join(' '));
	};

	const drawText = (t: NonNullable<typeof pendingText>) => {
		const s = t.style;
		const fill = s.fillOpacity !== 0 ? parseColor(s.fill) : null;
		const str = decodeEntities(t.text).replace(/\s+/g, ' ').trim();
		if (!str || !fill || !s.visible) return;
		const x = parseFloat(t.a.x ?? '0') || 0;
		let y = parseFloat(t.a.y ?? '0') || 0;
		// SVG positions text by its baseline; echarts asks for central / middle / hanging.
		if (s.baseline === 'central' || s.baseline === 'middle') y += s.fontSize * 0.35;
		else if (s.baseline === 'hanging' || s.baseline === 'text-before-edge') y += s.fontSize * 0.75;
		const [px, py] = apply(t.m, x, y);
		const size = s.fontSize * scaleOf(t.m);
		const w = textWidth(str, size);
		const dx = s.textAnchor === 'middle' ? -w / 2 : s.textAnchor === 'end' ? -w : 0;
		const font = s.fontWeight === 'bold' || Number(s.fontWeight) >= 600 ? 'F2' : 'F1';
		ops.push(`q ${rgbOp(fill, 'rg')} BT /${font} ${f(size)} Tf ${f(px + dx)} ${f(py)} Td (${winAnsi(str)}) Tj ET Q`);
	};

	for (const tok of tokens) {
		if (!tok.startsWith('<')) {
			if (pendingText && !top().skip) pendingText.text += tok;
			continue;
		}
		if (tok.startsWith('<?') || tok.startsWith('<!')) continue;
		const closing = tok.startsWith('</');
		const name = (/^<\/?\s*([\w:-]+)/.exec(tok)?.[1] ?? '').toLowerCase();
		const selfClosing = tok.endsWith('/>');
		if (closing) {
			if (name === 'text' && pendingText) {
				drawText(pendingText);
				pendingText = null;
			}
			// pop to the matching element (tolerates unbalanced markup)
			for (let k = stack.length - 1; k >= 0; k--)
				if (stack[k].name === name) {
					stack.length = k;
					break;
				}
			continue;
		}
		const a = attrsOf(tok);
		const parent = top();
		if (name === 'svg' && !base) {
			const vb = a.viewBox ? nums(a.viewBox) : [];
			const [vx, vy, vw, vh] = vb.length === 4 ? vb : [0, 0, parseFloat(a.width) || box.width, parseFloat(a.height) || box.height];
			const k = Math.min(box.width / vw, box.height / vh);
			base = [k, 0, 0, -k, box.x - k * vx, box.y + box.height + k * vy];
			if (!selfClosing) stack.push({ name, m: base, style: INHERITED_DEFAULT, skip: false });
			continue;
		}
		const m = multiply(parent.m, parseTransform(a.transform));
		const style = styleOf(parent.style, a);
		const skip = parent.skip || SKIP_SUBTREE.has(name);
		if (!skip) {
			const n = (k: string) => parseFloat(a[k] ?? '0') || 0;
			switch (name) {
				case 'path':
					if (a.d) paint(parsePath(a.d), m, style, true);
					break;
				case 'rect': {
					const [x, y, w, h] = [n('x'), n('y'), n('width'), n('height')];
					if (w > 0 && h > 0)
						paint([{ op: 'M', x, y }, { op: 'L', x: x + w, y }, { op: 'L', x: x + w, y: y + h }, { op: 'L', x, y: y + h }, { op: 'Z' }], m, style, true);
					break;
				}
				case 'line':
					paint([{ op: 'M', x: n('x1'), y: n('y1') }, { op: 'L', x: n('x2'), y: n('y2') }], m, { ...style, fill: 'none' }, false);
					break;
				case 'polyline':
				case 'polygon': {
					const p = nums(a.points ?? '');
					const segs: Seg[] = [];
					for (let k = 0; k + 1 < p.length; k += 2) segs.push({ op: k ? 'L' : 'M', x: p[k], y: p[k + 1] });
					if (name === 'polygon' && segs.length) segs.push({ op: 'Z' });
					paint(segs, m, style, true);
					break;
				}
				case 'circle':
				case 'ellipse': {
					const [cx, cy] = [n('cx'), n('cy')];
					const rx = name === 'circle' ? n('r') : n('rx');
					const ry = name === 'circle' ? n('r') : n('ry');
					if (rx > 0 && ry > 0)
						paint(
							[
								{ op: 'M', x: cx + rx, y: cy },
								...arcToCubics(cx + rx, cy, rx, ry, 0, false, true, cx - rx, cy),
								...arcToCubics(cx - rx, cy, rx, ry, 0, false, true, cx + rx, cy),
								{ op: 'Z' }
							],
							m,
							style,
							true
						);
					break;
				}
				case 'text':
					pendingText = { m, style, a, text: '' };
					if (selfClosing) pendingText = null;
					break;
			}
		}
		if (!selfClosing) stack.push({ name, m, style, skip });
	}
	return ops.join('\n');
}
