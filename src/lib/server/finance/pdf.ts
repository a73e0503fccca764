/**
 * A minimal PDF 1.4 writer (no dependencies, no headless browser): pages of text in the standard
 * Helvetica / Helvetica-Bold fonts with WinAnsiEncoding, lines and rectangles. Enough for a
 * printable statement; text extraction (pdftotext) works because the fonts are standard and the
 * encoding is declared. Coordinates are PDF points from the bottom-left (A4 = 595 × 842).
 */

// Code points outside Latin-1 that WinAnsi (cp1252) places in 0x80–0x9F.
const CP1252: Record<number, number> = {
	0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
	0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91,
	0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98,
	0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f
};

/** Text → a PDF literal string body in WinAnsi bytes; unmappable characters become '?'. */
export function winAnsi(s: string): string {
	let out = '';
	for (const ch of s) {
		const cp = ch.codePointAt(0)!;
		let b: number;
		if (cp >= 0x20 && cp < 0x7f) b = cp;
		else if (cp >= 0xa0 && cp <= 0xff) b = cp;
		else b = CP1252[cp] ?? 0x3f;
		if (b === 0x28 || b === 0x29 || b === 0x5c) out += '\\' + String.fromCharCode(b);
		else if (b < 0x20 || b > 0x7e) out += '\\' + b.toString(8).padStart(3, '0');
		else out += String.fromCharCode(b);
	}
	return out;
}

// Helvetica advance widths (1/1000 em) for the characters that matter for right alignment.
const WIDTHS: Record<string, number> = { ' ': 278, '.': 278, ',': 278, '-': 333, '%': 889, '/': 278, ':': 278, '(': 333, ')': 333, I: 278, i: 222, l: 222, j: 222, t: 278, f: 278, r: 333 };
export function textWidth(s: string, size: number): number {
	let w = 0;
	for (const ch of s) w += WIDTHS[ch] ?? (/[0-9]/.test(ch) ? 556 : /[A-Z]/.test(ch) ? 667 : /[mw]/.test(ch) ? 833 : 556);
	return (w * size) / 1000;
}

export type Font = 'regular' | 'bold';
const FONT_RES: Record<Font, string> = { regular: 'F1', bold: 'F2' };
const fmt = (n: number) => (Math.round(n * 100) / 100).toString();

export class PdfDocument {
	readonly width: number;
	readonly height: number;
	private pages: string[][] = [];

	constructor(opts: { width?: number; height?: number } = {}) {
		this.width = opts.width ?? 595.28;
		this.height = opts.height ?? 841.89;
	}

	addPage(): this {
		this.pages.push([]);
		return this;
	}

	private get ops(): string[] {
		if (!this.pages.length) this.addPage();
		return this.pages[this.pages.length - 1];
	}

	get pageCount(): number {
		return this.pages.length;
	}

	text(x: number, y: number, s: string, opts: { size?: number; font?: Font; align?: 'left' | 'right' } = {}): this {
		const size = opts.size ?? 10;
		const x0 = opts.align === 'right' ? x - textWidth(s, size) : x;
		this.ops.push(`BT /${FONT_RES[opts.font ?? 'regular']} ${fmt(size)} Tf ${fmt(x0)} ${fmt(y)} Td (${winAnsi(s)}) Tj ET`);
		return this;
	}

	line(x1: number, y1: number, x2: number, y2: number, width = 0.5): this {
		this.ops.push(`${fmt(width)} w ${fmt(x1)} ${fmt(y1)} m ${fmt(x2)} ${fmt(y2)} l S`);
		return this;
	}

	/** Raw content-stream operators (e.g. a chart from svgToPdf), isolated in their own graphics state. */
	raw(ops: string): this {
		if (ops) this.ops.push(`q\n${ops}\nQ`);
		return this;
	}

	/** A rectangle, stroked, or filled with a grey level (0 = black, 1 = white). */
	rect(x: number, y: number, w: number, h: number, opts: { fillGrey?: number; stroke?: boolean } = {}): this {
		const path = `${fmt(x)} ${fmt(y)} ${fmt(w)} ${fmt(h)} re`;
		if (opts.fillGrey !== undefined) this.ops.push(`q ${fmt(opts.fillGrey)} g ${path} f Q`);
		if (opts.stroke ?? opts.fillGrey === undefined) this.ops.push(`0.5 w ${path} S`);
		return this;
	}

	/** Serializes: catalog, page tree, two font objects, then per page a page and a content stream. */
	toBuffer(meta: { title?: string } = {}): Buffer {
		if (!this.pages.length) this.addPage();
		const objects: string[] = [];
		const n = this.pages.length;
		// 1 catalog, 2 pages, 3 F1, 4 F2, 5 info, then 6+2i page, 7+2i content.
		const kids = this.pages.map((_, i) => `${6 + 2 * i} 0 R`).join(' ');
		objects.push('<< /Type /Catalog /Pages 2 0 R >>');
		objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${n} >>`);
		objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
		objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
		objects.push(`<< /Producer (Opshub) /Title (${winAnsi(meta.title ?? '')}) >>`);
		this.pages.forEach((ops, i) => {
			objects.push(
				`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${fmt(this.width)} ${fmt(this.height)}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${7 + 2 * i} 0 R >>`
			);
			const stream = ops.join('\n');
			objects.push(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
		});
		let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
		const offsets: number[] = [];
		objects.forEach((o, i) => {
			offsets.push(Buffer.byteLength(body, 'latin1'));
			body += `${i + 1} 0 obj\n${o}\nendobj\n`;
		});
		const xref = Buffer.byteLength(body, 'latin1');
		body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
		for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
		body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
		return Buffer.from(body, 'latin1');
	}
}
