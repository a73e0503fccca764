import { describe, it, expect } from 'vitest';
import { crossSiteRefusal, isJsonContentType } from '../../../src/lib/server/security/csrf';

const url = new URL('https://desk.example.com/api/tickets');
const h = (o: Record<string, string>) => new Headers(o);

describe('crossSiteRefusal', () => {
	it.each([
		['GET from anywhere', 'GET', { origin: 'https://evil.example' }, false],
		['same-origin POST', 'POST', { origin: 'https://desk.example.com' }, false],
		['cross-origin POST', 'POST', { origin: 'https://evil.example' }, true],
		['sibling subdomain (same site)', 'DELETE', { origin: 'https://other.example.com' }, true],
		['opaque origin', 'PUT', { origin: 'null' }, true],
		['other port', 'PATCH', { origin: 'https://desk.example.com:8443' }, true],
		['same host, scheme unknown to the server', 'PATCH', { origin: 'http://desk.example.com' }, false],
		['no Origin, same-site fetch metadata', 'POST', { 'sec-fetch-site': 'same-site' }, true],
		['no Origin, cross-site fetch metadata', 'POST', { 'sec-fetch-site': 'cross-site' }, true],
		['no Origin, same-origin fetch metadata', 'POST', { 'sec-fetch-site': 'same-origin' }, false],
		['no browser headers (curl)', 'POST', {}, false],
		['Bearer token from another origin', 'POST', { origin: 'https://evil.example', authorization: 'Bearer oph_x' }, false]
	])('%s', (_label, method, headers, refused) => {
		expect(crossSiteRefusal(method, url, h(headers)) !== null).toBe(refused);
	});

	it('leaves monitoring webhooks alone', () => {
		expect(crossSiteRefusal('POST', new URL('https://desk.example.com/api/ingest/nagios'), h({ origin: 'https://nagios.lan' }))).toBeNull();
	});
});

describe('isJsonContentType', () => {
	it.each([
		['application/json', true],
		['application/json; charset=utf-8', true],
		['Application/JSON', true],
		['application/merge-patch+json', true],
		['text/plain', false],
		['text/plain;charset=UTF-8', false],
		['application/x-www-form-urlencoded', false],
		['multipart/form-data; boundary=x', false],
		[null, false]
	])('%s → %s', (type, ok) => expect(isJsonContentType(type)).toBe(ok));
});
