import { describe, it, expect } from 'vitest';
import { credentialOf, cookieValue } from '../../../src/lib/server/rbac/credentials';

describe('credentialOf: one precedence for HTTP and sockets', () => {
	it.each([
		['Bearer API token', { authorization: 'Bearer oph_abc', sessionCookie: 's' }, { kind: 'api', secret: 'oph_abc' }],
		['Bearer display token', { authorization: 'bearer ohd_x' }, { kind: 'display', secret: 'ohd_x' }],
		['display token beats the cookie', { displayToken: 'ohd_y', cookieHeader: 'opshub_session=s1' }, { kind: 'display', secret: 'ohd_y' }],
		['session from the Cookie header', { cookieHeader: 'a=1; opshub_session=s%2F1; b=2' }, { kind: 'session', secret: 's/1' }],
		['session from the parsed cookie', { sessionCookie: 's2' }, { kind: 'session', secret: 's2' }],
		['nothing', { authorization: 'Basic x' }, null]
	])('%s', (_l, src, want) => expect(credentialOf(src)).toEqual(want));

	it('ignores a malformed cookie encoding instead of throwing', () => {
		expect(cookieValue('opshub_session=%E0%A4%A', 'opshub_session')).toBeNull();
	});
});
