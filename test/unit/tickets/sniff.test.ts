import { describe, it, expect } from 'vitest';
import { sniffContentType } from '../../../src/lib/server/tickets/sniff';

const b = (...xs: (number | string)[]) =>
	new Uint8Array(xs.flatMap((x) => (typeof x === 'string' ? [...Buffer.from(x, 'utf8')] : [x])));

describe('sniffContentType', () => {
	it.each([
		[b('%PDF-1.7\n'), 'application/pdf'],
		[b(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), 'image/png'],
		[b(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
		[b('GIF89a'), 'image/gif'],
		[b('RIFF', 0, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
		[b('PK', 3, 4, 20, 0), 'application/zip'],
		[b(0x1f, 0x8b, 8), 'application/gzip'],
		[b('MZ', 0x90, 0), 'application/x-msdownload'],
		[b(0x7f, 'ELF', 2, 1), 'application/x-executable'],
		[b('#!/bin/sh\nrm -rf /'), 'text/x-shellscript'],
		[b('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'image/svg+xml'],
		[b('<!DOCTYPE html><script>'), 'text/html'],
		[b('2026-03-02 ERROR disk full\n'), 'text/plain'],
		[b('Café crème — ok'), 'text/plain'],
		// A multi-byte character cut by the end of the sniffed head is still text.
		[b('abc', 0xc3), 'text/plain'],
		[b('{"a":1}'), 'application/json'],
		[b('abc', 0, 'def'), 'application/octet-stream'],
		[b(0xc3, 0x28, 'x'), 'application/octet-stream']
	])('%# → %s', (head, type) => {
		expect(sniffContentType(head)).toBe(type);
	});
});
