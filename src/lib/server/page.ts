/** Page adapters: domain errors become SvelteKit errors (loads) or form failures (actions). */
import { error, fail } from '@sveltejs/kit';
import { isDomainError, STATUS } from './errors';

/** In a load: a domain error becomes the error page with its status and message; anything else rethrows. */
export function pageError(e: unknown): never {
	if (isDomainError(e)) error(STATUS[e.code] ?? 400, e.message);
	throw e;
}

/** In a form action: a domain error becomes `fail(status, { error, field, ...extra })`; anything else rethrows. */
export function actionFailure<T extends Record<string, unknown> = Record<never, never>>(e: unknown, extra: T = {} as T) {
	if (isDomainError(e)) {
		const data: { error: string; field: string | null } & T = { error: e.message, field: e.field ?? null, ...extra };
		return fail(STATUS[e.code] ?? 400, data);
	}
	throw e;
}
