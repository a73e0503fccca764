/**
 * Typed domain errors. Services throw these; one adapter (src/lib/server/http.ts) maps them to
 * HTTP. Anything else is an unexpected error: logged with an id, answered 500 with the id only.
 */
export type ErrorCode =
	| 'INVALID' // 400: malformed request (bad JSON, bad query parameter)
	| 'UNAUTHENTICATED' // 401
	| 'FORBIDDEN' // 403
	| 'NOT_FOUND' // 404
	| 'CONFLICT' // 409: illegal state transition, duplicate
	| 'UNPROCESSABLE' // 422: well-formed but semantically wrong (schema rules)
	| 'TOO_LARGE' // 413
	| 'UNSUPPORTED_MEDIA_TYPE' // 415: a JSON route given another Content-Type; a blocked attachment type
	| 'RATE_LIMITED' // 429
	| 'UNAVAILABLE'; // 503

export const STATUS: Record<ErrorCode, number> = {
	INVALID: 400,
	UNAUTHENTICATED: 401,
	FORBIDDEN: 403,
	NOT_FOUND: 404,
	CONFLICT: 409,
	UNPROCESSABLE: 422,
	TOO_LARGE: 413,
	UNSUPPORTED_MEDIA_TYPE: 415,
	RATE_LIMITED: 429,
	UNAVAILABLE: 503
};

export class DomainError extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string,
		readonly field?: string,
		readonly headers?: Record<string, string>,
		/** Extra fields of the JSON error body (e.g. a 409's current state, a 413's limit). */
		readonly details?: Record<string, unknown>
	) {
		super(message);
		this.name = 'DomainError';
	}
	get status(): number {
		return STATUS[this.code];
	}
}

export const invalid = (message: string, field?: string) => new DomainError('INVALID', message, field);
export const unprocessable = (message: string, field?: string) =>
	new DomainError('UNPROCESSABLE', message, field);
export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const conflict = (message: string, field?: string) => new DomainError('CONFLICT', message, field);
export const forbidden = (message = 'You do not have permission to do this') =>
	new DomainError('FORBIDDEN', message);
export const unauthenticated = (message = 'Authentication required') =>
	new DomainError('UNAUTHENTICATED', message);

/** Duck-typed so errors thrown by a second copy of this module (bundle vs tsx) still map. */
export function isDomainError(e: unknown): e is DomainError {
	return (
		e instanceof DomainError ||
		(typeof e === 'object' && e !== null && (e as { name?: string }).name === 'DomainError' && 'code' in e)
	);
}
