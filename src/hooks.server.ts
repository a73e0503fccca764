/**
 * The switchboard: init boots the runtime (a no-op when server.ts booted it first), handle
 * refuses cross-site mutations, resolves who is calling and in which language, and sets the
 * security headers; handleError logs unexpected errors with an id.
 */
import { randomUUID } from 'node:crypto';
import { redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { SESSION_COOKIE } from '$lib/server/rbac/auth';
import { credentialOf, resolveActor } from '$lib/server/rbac/credentials';
import { crossSiteRefusal } from '$lib/server/security/csrf';
import { applySecurityHeaders } from '$lib/server/security/headers';
import { isDomainError } from '$lib/server/errors';
import { pickLocale, LOCALE_COOKIE, type Locale } from '$lib/i18n/locale';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { defineCustomServerStrategy } from '$lib/paraglide/runtime';
import { badUrlPart, errorBody } from '$lib/server/http';

/** The locale each request was answered in, read back by Paraglide's 'custom-opshub' strategy. */
const requestLocale = new WeakMap<Request, Locale>();
defineCustomServerStrategy('custom-opshub', { getLocale: (request) => (request ? requestLocale.get(request) : undefined) });

export const init: ServerInit = async () => {
	await getRuntime();
};

/** Pages that need no signed-in account (the wall authenticates by display token). */
const PUBLIC_PAGES = ['/login', '/wall'];

export const handle: Handle = async ({ event, resolve }) => {
	// Edge checks (issue 18): a NUL or undecodable text in the path or query is 400, an unknown
	// /api route a JSON 404 (not the HTML error page).
	const badUrl = badUrlPart(event.url);
	if (badUrl) return Response.json(errorBody('INVALID', `${badUrl}: contains a NUL character or malformed text`, badUrl), { status: 400 });
	if (event.url.pathname.startsWith('/api/') && !event.route.id) return Response.json(errorBody('NOT_FOUND', `No API route ${event.request.method} ${event.url.pathname}`), { status: 404 });
	event.locals.requestId = randomUUID();
	event.locals.actor = null;
	const refusal = crossSiteRefusal(event.request.method, event.url, event.request.headers);
	if (refusal) return Response.json({ error: { code: 'FORBIDDEN', message: refusal } }, { status: 403 });
	const rt = await getRuntime();
	const credential = credentialOf({
		authorization: event.request.headers.get('authorization'),
		displayToken: event.url.pathname.startsWith('/wall') ? event.url.searchParams.get('token') : null,
		sessionCookie: event.cookies.get(SESSION_COOKIE)
	});
	const actor = await resolveActor(rt.pg.db, credential);
	event.locals.actor = actor;
	const locale = pickLocale({
		saved: actor?.locale,
		cookie: event.cookies.get(LOCALE_COOKIE),
		acceptLanguage: event.request.headers.get('accept-language')
	});
	event.locals.locale = locale;

	const p = event.url.pathname;
	const isApi = p.startsWith('/api/') || p.startsWith('/socket.io');
	if (!isApi && !actor && !PUBLIC_PAGES.some((pp) => p === pp || p.startsWith(pp + '/'))) {
		redirect(303, `/login?next=${encodeURIComponent(p + event.url.search)}`);
	}
	requestLocale.set(event.request, locale);
	const response = await paraglideMiddleware(event.request, ({ request }) => {
		requestLocale.set(request, locale);
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
	});
	try {
		applySecurityHeaders(response.headers, rt.config);
	} catch {
		/* immutable headers (a proxied fetch response): left as they are */
	}
	return response;
};

export const handleError: HandleServerError = ({ error, status, message }) => {
	if (status === 404) return { message };
	// A domain error that escaped a load (a service's 403, 404, 409…) is not unexpected: it keeps
	// its code. Loads should map them with pageLoad(); this is the net under that.
	if (isDomainError(error)) return { message: error.message, code: error.code };
	const id = randomUUID();
	console.error(`[error ${id}]`, error);
	return { message: `Internal error (id ${id})`, id };
};
