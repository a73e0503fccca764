/**
 * The switchboard: init boots the runtime (a no-op when server.ts booted it first), handle
 * resolves who is calling, handleError logs unexpected errors with an id.
 */
import { randomUUID } from 'node:crypto';
import { redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { actorFromApiToken, actorFromSession, SESSION_COOKIE } from '$lib/server/rbac/auth';
import type { Actor } from '$lib/server/rbac/actor';
import { actorFromDisplayToken } from '$lib/server/boards/service';
import { badUrlPart, errorBody } from '$lib/server/http';

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
	const rt = await getRuntime();
	const auth = event.request.headers.get('authorization');
	let actor: Actor | null = null;
	const displayToken = event.url.pathname.startsWith('/wall') ? event.url.searchParams.get('token') : null;
	if (auth?.toLowerCase().startsWith('bearer ')) {
		const token = auth.slice(7).trim();
		actor = token.startsWith('ohd_') ? await actorFromDisplayToken(rt.pg.db, token) : await actorFromApiToken(rt.pg.db, token);
	} else if (displayToken) {
		actor = await actorFromDisplayToken(rt.pg.db, displayToken);
	} else {
		const sid = event.cookies.get(SESSION_COOKIE);
		if (sid) actor = await actorFromSession(rt.pg.db, sid);
	}
	event.locals.actor = actor;

	const p = event.url.pathname;
	const isApi = p.startsWith('/api/') || p.startsWith('/socket.io');
	if (!isApi && !actor && !PUBLIC_PAGES.some((pp) => p === pp || p.startsWith(pp + '/'))) {
		redirect(303, `/login?next=${encodeURIComponent(p + event.url.search)}`);
	}
	return resolve(event);
};

export const handleError: HandleServerError = ({ error, status, message }) => {
	if (status === 404) return { message };
	const id = randomUUID();
	console.error(`[error ${id}]`, error);
	return { message: `Internal error (id ${id})`, id };
};
