/**
 * Security headers on every response (issue 18, Low). The Content-Security-Policy of pages comes
 * from SvelteKit (`kit.csp` in svelte.config.js: hashes for its inline bootstrap script, so no
 * 'unsafe-inline' for scripts); these are the rest. HSTS only when configured
 * (OPSHUB_HSTS_MAX_AGE): sending it from a server reached over plain http would lock browsers out.
 */
export function securityHeaders(opts: { hstsMaxAgeS: number }): Record<string, string> {
	return {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'strict-origin-when-cross-origin',
		// For browsers without CSP frame-ancestors; the CSP says 'none' too.
		'x-frame-options': 'DENY',
		'cross-origin-opener-policy': 'same-origin',
		...(opts.hstsMaxAgeS > 0 ? { 'strict-transport-security': `max-age=${opts.hstsMaxAgeS}; includeSubDomains` } : {})
	};
}

/** Sets the headers a response does not already carry (a route may set its own). */
export function applySecurityHeaders(headers: Headers, opts: { hstsMaxAgeS: number }): void {
	for (const [k, v] of Object.entries(securityHeaders(opts))) if (!headers.has(k)) headers.set(k, v);
	// JSON and files: nothing to run, nothing to frame.
	if (!headers.has('content-security-policy') && !(headers.get('content-type') ?? '').startsWith('text/html')) {
		headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
	}
}
