/** Page adapters: domain errors become SvelteKit errors (loads) or form failures (actions). */
import { error, fail, isHttpError, isRedirect, type RequestEvent } from '@sveltejs/kit';
import { isDomainError, STATUS } from './errors';
import { mayOpen } from '../access';

/** In a load: a domain error becomes the error page with its status and message; anything else rethrows. */
export function pageError(e: unknown): never {
	if (isDomainError(e)) error(STATUS[e.code] ?? 400, { message: e.message, code: e.code });
	throw e;
}

/**
 * Wraps a page load: the page's access rule (src/lib/access.ts, the same table as the menu) is
 * checked first (401 → login is done by the hooks, a missing permission is 403), and a domain
 * error thrown inside — a service's FORBIDDEN, NOT_FOUND… — keeps its status instead of a 500.
 */
export function pageLoad<E extends RequestEvent, R>(fn: (event: E) => Promise<R>) {
	return async (event: E): Promise<R> => {
		const actor = event.locals.actor;
		if (!actor) error(401, { message: 'Authentication required', code: 'UNAUTHENTICATED' });
		if (!mayOpen(actor.permissions, event.url.pathname)) {
			error(403, { message: 'You do not have permission to open this page', code: 'FORBIDDEN' });
		}
		try {
			return await fn(event);
		} catch (e) {
			if (isHttpError(e) || isRedirect(e)) throw e;
			pageError(e);
		}
	};
}

/** In a form action: a domain error becomes `fail(status, { error, code, field, ...extra })`; anything else rethrows. */
export function actionFailure<T extends Record<string, unknown> = Record<never, never>>(e: unknown, extra: T = {} as T) {
	if (isDomainError(e)) {
		const data: { error: string; code: string; field: string | null } & T = { error: e.message, code: e.code, field: e.field ?? null, ...extra };
		return fail(STATUS[e.code] ?? 400, data);
	}
	throw e;
}
