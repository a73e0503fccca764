/**
 * Cross-site request forgery guard (issue 18, Medium 5). SvelteKit's own origin check is off
 * (`csrf.trustedOrigins: ['*']` in svelte.config.js) because webhook senders post forms without
 * an Origin header; this guard takes its place for everything a browser can forge.
 *
 * A mutation (POST/PUT/PATCH/DELETE) that does not carry a Bearer token — so the cookie is what
 * authenticates it, or it is the login that sets the cookie — is refused when the browser says it
 * comes from another origin: an `Origin` header other than this site's, or, without `Origin`,
 * `Sec-Fetch-Site` other than `same-origin`/`none`. "Same site" is not enough: a sibling
 * subdomain is another origin. A request with neither header is not from a browser (curl, a
 * script holding a copied cookie) and cannot be forged by a page, so it passes. Bearer calls
 * cannot be forged (a page cannot attach the header cross-origin without CORS, which we never
 * grant) and the monitoring webhooks authenticate by their source token: both are left alone.
 */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Why a request must be refused as cross-site, or null when it may go on. */
export function crossSiteRefusal(method: string, url: URL, headers: Headers): string | null {
	if (SAFE.has(method.toUpperCase())) return null;
	if (headers.get('authorization')?.toLowerCase().startsWith('bearer ')) return null;
	if (url.pathname.startsWith('/api/ingest/')) return null;
	const origin = headers.get('origin');
	if (origin !== null) return sameHost(origin, url) ? null : `Cross-origin request refused (Origin ${origin})`;
	const site = headers.get('sec-fetch-site');
	if (site !== null && site !== 'same-origin' && site !== 'none') return `Cross-site request refused (Sec-Fetch-Site ${site})`;
	return null;
}

/**
 * The Origin names this host and port. The scheme is not compared: adapter-node assumes https
 * unless ORIGIN/PROTOCOL_HEADER is set, so a server reached over plain http (or behind a TLS
 * proxy that does not say so) cannot know its own scheme; host and port are what a forging page
 * on another origin cannot match.
 */
function sameHost(origin: string, url: URL): boolean {
	try {
		return new URL(origin).host === url.host;
	} catch {
		return false; // "null" (sandboxed frame, file:) and garbage
	}
}

/** True when a Content-Type header names JSON (`application/json`, `application/*+json`). */
export function isJsonContentType(header: string | null): boolean {
	if (!header) return false;
	const type = header.split(';')[0].trim().toLowerCase();
	return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * socket.io handshakes (issue 18, Low): a page on another origin may open a WebSocket to us with
 * the user's cookie (WebSockets have no CORS), so a browser handshake must name this host in
 * Origin. Without Origin it is not a browser (wall players, scripts): allowed, the credential
 * still decides.
 */
export function socketOriginAllowed(headers: { origin?: string; host?: string }): boolean {
	if (!headers.origin) return true;
	if (!headers.host) return false;
	return sameHost(headers.origin, new URL(`http://${headers.host}`));
}
