import { describe, it, expect } from 'vitest';
import { safeNext } from '../../../src/lib/safeNext';

describe('safeNext (open redirect after login)', () => {
	it.each([
		['/\\example.org', '/'],
		['/\\\\example.org', '/'],
		['//example.org', '/'],
		['/\t/example.org', '/'],
		['/%09/example.org', '/%09/example.org'],
		['https://example.org/', '/'],
		['javascript:alert(1)', '/'],
		['', '/'],
		[null, '/'],
		['/tickets?status=new#top', '/tickets?status=new#top'],
		['/cmdb/42', '/cmdb/42']
	])('%j → %j', (next, want) => expect(safeNext(next)).toBe(want));

	it('the old check let /\\example.org through (the regression this guards)', () => {
		const old = (n: string) => (n.startsWith('/') && !n.startsWith('//') ? n : '/');
		expect(old('/\\example.org')).toBe('/\\example.org');
		expect(new URL('/\\example.org', 'http://desk.local').host).toBe('example.org');
	});
});
