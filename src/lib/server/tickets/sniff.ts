/**
 * Content type from the first bytes of a file (never from the client's header or the name):
 * magic numbers for the common formats, UTF-8 text without NULs as text/plain, else
 * application/octet-stream. Pure: table-tested in test/unit/tickets/sniff.test.ts.
 */
export const SNIFF_BYTES = 4096;

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, s: string, at = 0) => starts(b, [...s].map((c) => c.charCodeAt(0)), at);

export function sniffContentType(head: Uint8Array): string {
	if (ascii(head, '%PDF-')) return 'application/pdf';
	if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	if (starts(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (ascii(head, 'GIF87a') || ascii(head, 'GIF89a')) return 'image/gif';
	if (ascii(head, 'RIFF') && ascii(head, 'WEBP', 8)) return 'image/webp';
	if (ascii(head, 'BM') && head.length > 14 && head[14] !== undefined && (head[14] === 12 || head[14] === 40 || head[14] === 108 || head[14] === 124)) return 'image/bmp';
	if (starts(head, [0x50, 0x4b, 0x03, 0x04]) || starts(head, [0x50, 0x4b, 0x05, 0x06])) return 'application/zip';
	if (starts(head, [0x1f, 0x8b])) return 'application/gzip';
	if (ascii(head, '7z') && starts(head, [0xbc, 0xaf, 0x27, 0x1c], 2)) return 'application/x-7z-compressed';
	if (starts(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'application/x-ole-storage';
	if (ascii(head, 'MZ')) return 'application/x-msdownload';
	if (starts(head, [0x7f, 0x45, 0x4c, 0x46])) return 'application/x-executable';
	if (starts(head, [0xcf, 0xfa, 0xed, 0xfe]) || starts(head, [0xfe, 0xed, 0xfa, 0xcf]) || starts(head, [0xca, 0xfe, 0xba, 0xbe])) return 'application/x-mach-binary';
	if (ascii(head, '#!')) return 'text/x-shellscript';
	if (!isText(head)) return 'application/octet-stream';
	const text = new TextDecoder('utf-8').decode(head.subarray(0, 512)).trimStart().toLowerCase();
	if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return 'image/svg+xml';
	if (text.startsWith('<!doctype html') || text.startsWith('<html')) return 'text/html';
	if (text.startsWith('<?xml')) return 'application/xml';
	if (text.startsWith('{') || text.startsWith('[')) return 'application/json';
	return 'text/plain';
}

/** UTF-8 (a multi-byte sequence cut at the end of the head is fine) with no NUL bytes. */
function isText(head: Uint8Array): boolean {
	if (head.includes(0)) return false;
	let end = head.length;
	// Drop a trailing incomplete sequence (the head is a prefix of the file).
	for (let back = 1; back <= 3 && end - back >= 0; back++) {
		const b = head[end - back];
		if ((b & 0xc0) === 0xc0) {
			const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
			if (back < need) end -= back;
			break;
		}
		if ((b & 0xc0) !== 0x80) break;
	}
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
		return true;
	} catch {
		return false;
	}
}

/** Image types a browser may show inline (no SVG: it can carry script). */
export const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);
