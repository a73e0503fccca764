/**
 * The display-token QR codes (src/lib/qr.ts, ECC level M): decoded here by an independent reader
 * (format information with its BCH check, unmasking, the zigzag read, byte mode) and their
 * Reed–Solomon codewords recomputed, so a wrong matrix cannot pass.
 */
import { describe, it, expect } from 'vitest';
import { qrMatrix, qrPath, type QrMatrix } from '../../../src/lib/qr';

// GF(256) with the QR polynomial 0x11d.
const EXP = new Array<number>(512);
const LOG = new Array<number>(256);
{
	let x = 1;
	for (let i = 0; i < 255; i++) {
		EXP[i] = x;
		LOG[x] = i;
		x <<= 1;
		if (x & 0x100) x ^= 0x11d;
	}
	for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
}
const mul = (a: number, b: number) => (a && b ? EXP[LOG[a] + LOG[b]] : 0);
function rsRemainder(data: number[], ecLen: number): number[] {
	let gen = [1];
	for (let i = 0; i < ecLen; i++) {
		const next = new Array(gen.length + 1).fill(0);
		for (let j = 0; j < gen.length; j++) {
			next[j] ^= gen[j];
			next[j + 1] ^= mul(gen[j], EXP[i]);
		}
		gen = next;
	}
	const rem = [...data, ...new Array(ecLen).fill(0)];
	for (let i = 0; i < data.length; i++) {
		const f = rem[i];
		if (f) for (let j = 0; j < gen.length; j++) rem[i + j] ^= mul(gen[j], f);
	}
	return rem.slice(data.length);
}

const MASKS: ((r: number, c: number) => boolean)[] = [
	(r, c) => (r + c) % 2 === 0,
	(r) => r % 2 === 0,
	(_r, c) => c % 3 === 0,
	(r, c) => (r + c) % 3 === 0,
	(r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
	(r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
	(r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
	(r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0
];
/** Single-block versions at level M: [total codewords, data codewords]. */
const BLOCKS_M: Record<number, [number, number]> = { 1: [26, 16], 2: [44, 28], 3: [70, 44] };
const ALIGN: Record<number, number | null> = { 1: null, 2: 18, 3: 22 };

function bch15(data5: number): number {
	let v = data5 << 10;
	for (let i = 14; i >= 10; i--) if (v & (1 << i)) v ^= 0x537 << (i - 10);
	return (data5 << 10) | v;
}

function decode(q: QrMatrix): { level: string; mask: number; text: string; dataOk: boolean } {
	const n = q.size;
	const at = (r: number, c: number) => q.dark[r * n + c];
	// Format information, vertical copy (column 8) and horizontal copy (row 8) must agree.
	let v = 0;
	let h = 0;
	for (let i = 0; i < 15; i++) {
		const vr = i < 6 ? i : i < 8 ? i + 1 : n - 15 + i;
		if (at(vr, 8)) v |= 1 << i;
		const hc = i < 8 ? n - i - 1 : i < 9 ? 15 - i : 14 - i;
		if (at(8, hc)) h |= 1 << i;
	}
	expect(h).toBe(v);
	const fmt = v ^ 0x5412;
	expect(bch15(fmt >> 10)).toBe(fmt); // a valid BCH(15,5) codeword
	const level = ['M', 'L', 'H', 'Q'][fmt >> 13];
	const mask = (fmt >> 10) & 7;
	expect(at(4 * q.version + 9, 8)).toBe(true); // the dark module

	const isFunction = (r: number, c: number) => {
		if ((r < 9 && c < 9) || (r < 9 && c >= n - 8) || (r >= n - 8 && c < 9)) return true;
		if (r === 6 || c === 6) return true;
		const a = ALIGN[q.version];
		return a !== null && Math.abs(r - a) <= 2 && Math.abs(c - a) <= 2;
	};
	const bits: number[] = [];
	let up = true;
	for (let col = n - 1; col > 0; col -= 2) {
		if (col === 6) col--;
		for (let k = 0; k < n; k++) {
			const r = up ? n - 1 - k : k;
			for (const c of [col, col - 1]) if (!isFunction(r, c)) bits.push(Number(at(r, c) !== MASKS[mask](r, c)));
		}
		up = !up;
	}
	const [total, dataLen] = BLOCKS_M[q.version];
	const words: number[] = [];
	for (let i = 0; i < total; i++) words.push(bits.slice(i * 8, i * 8 + 8).reduce((a, b) => (a << 1) | b, 0));
	const data = words.slice(0, dataLen);
	const dataOk = JSON.stringify(rsRemainder(data, total - dataLen)) === JSON.stringify(words.slice(dataLen));
	const stream = data.flatMap((w) => Array.from({ length: 8 }, (_, i) => (w >> (7 - i)) & 1));
	const read = (from: number, len: number) => stream.slice(from, from + len).reduce((a, b) => (a << 1) | b, 0);
	// Segments (versions 1–9 count lengths): numeric 0001, alphanumeric 0010, byte 0100; 0000 ends.
	const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
	const bytes: number[] = [];
	const modes: string[] = [];
	let p = 0;
	while (p + 4 <= stream.length) {
		const mode = read(p, 4);
		p += 4;
		if (mode === 0) break;
		if (mode === 0b0100) {
			const count = read(p, 8);
			p += 8;
			for (let i = 0; i < count; i++, p += 8) bytes.push(read(p, 8));
			modes.push('byte');
		} else if (mode === 0b0001) {
			let count = read(p, 10);
			p += 10;
			for (; count >= 3; count -= 3, p += 10) bytes.push(...new TextEncoder().encode(String(read(p, 10)).padStart(3, '0')));
			if (count === 2) (bytes.push(...new TextEncoder().encode(String(read(p, 7)).padStart(2, '0'))), (p += 7));
			if (count === 1) (bytes.push(...new TextEncoder().encode(String(read(p, 4)))), (p += 4));
			modes.push('numeric');
		} else if (mode === 0b0010) {
			let count = read(p, 9);
			p += 9;
			for (; count >= 2; count -= 2, p += 11) {
				const v = read(p, 11);
				bytes.push(ALNUM.charCodeAt(Math.floor(v / 45)), ALNUM.charCodeAt(v % 45));
			}
			if (count === 1) (bytes.push(ALNUM.charCodeAt(read(p, 6))), (p += 6));
			modes.push('alphanumeric');
		} else throw new Error(`unexpected mode ${mode}`);
	}
	expect(modes).toContain('byte');
	return { level, mask, text: new TextDecoder().decode(new Uint8Array(bytes)), dataOk };
}

describe('QR codes of wall URLs', () => {
	it('round-trips text (byte mode, plus numeric runs where shorter) at level M through an independent decoder, with valid Reed–Solomon codewords', () => {
		for (const text of ['http://tv/', 'https://opshub.example/wall/desk', 'http://127.0.0.1:3000/wall/desk?tk=ohd_9x']) {
			const q = qrMatrix(text);
			expect(q.size).toBe(17 + 4 * q.version);
			expect(q.version).toBeLessThanOrEqual(3);
			const d = decode(q);
			expect(d.level).toBe('M');
			expect(d.dataOk).toBe(true);
			expect(d.text).toBe(text);
		}
	});

	it('the reader is strict: one flipped data module fails the Reed–Solomon check', () => {
		const q = qrMatrix('https://opshub.example/wall/desk');
		const n = q.size;
		const dark = [...q.dark];
		dark[(n - 1) * n + (n - 1)] = !dark[(n - 1) * n + (n - 1)]; // the first data module
		let ok = true;
		try {
			ok = decode({ ...q, dark }).dataOk;
		} catch {
			ok = false;
		}
		expect(ok).toBe(false);
	});

	it('picks the smallest version for the length: 14 bytes fit version 1 at M, 15 need version 2', () => {
		expect(qrMatrix('a'.repeat(14)).version).toBe(1);
		expect(qrMatrix('a'.repeat(15)).version).toBe(2);
		expect(qrMatrix('a'.repeat(26)).version).toBe(2);
		expect(qrMatrix('a'.repeat(27)).version).toBe(3);
	});

	it('encodes a real display-token URL (≈ 90 characters) within version 10, finder patterns in three corners', () => {
		const url = `https://desk.example.com:8443/wall/service-desk-today?token=ohd_${'A1b2C3d4'.repeat(4)}`;
		const q = qrMatrix(url);
		expect(q.version).toBeGreaterThan(3);
		expect(q.version).toBeLessThanOrEqual(10);
		const n = q.size;
		const ring = (r0: number, c0: number) =>
			Array.from({ length: 7 }, (_, r) => Array.from({ length: 7 }, (_, c) => Number(q.dark[(r0 + r) * n + c0 + c])).join('')).join('/');
		const finder = '1111111/1000001/1011101/1011101/1011101/1000001/1111111';
		expect([ring(0, 0), ring(0, n - 7), ring(n - 7, 0)]).toEqual([finder, finder, finder]);
		expect(qrPath(q).match(/M/g)!.length).toBe(q.dark.filter(Boolean).length);
	});
});
