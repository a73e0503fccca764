/**
 * QR codes for display-token URLs (the `qrcode` package's encoder: byte mode, ECC level M), drawn
 * as one SVG path so the page needs no canvas, no inline HTML and no data: image.
 */
import QRCode from 'qrcode';

export interface QrMatrix {
	version: number;
	/** Modules per side (21 + 4 × (version − 1)). */
	size: number;
	/** Row-major, true = dark. */
	dark: boolean[];
}

export function qrMatrix(text: string): QrMatrix {
	const s = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const size = s.modules.size;
	return { version: s.version, size, dark: Array.from(s.modules.data, (b) => b === 1) };
}

/** One `d` for an SVG <path>: a 1×1 square per dark module, offset by a quiet zone of `quiet` modules. */
export function qrPath(m: QrMatrix, quiet = 4): string {
	let d = '';
	for (let r = 0; r < m.size; r++) {
		for (let c = 0; c < m.size; c++) if (m.dark[r * m.size + c]) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
	}
	return d;
}
