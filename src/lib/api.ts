/**
 * The one typed fetch helper of the pages. Every API answers errors as
 * `{ error: { code, message, field? } }` (src/lib/server/http.ts); `api()` turns that envelope into
 * an ApiError, and `errorText()` into a sentence in the page's language (the API's English
 * message is kept for the log, the UI shows the translation of its stable code).
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly field: string | null = null,
		/** The whole error object of the envelope (a 409's `current`, a 413's `limitBytes`…). */
		readonly details: Record<string, unknown> | null = null
	) {
		super(message);
		this.name = 'ApiError';
	}
}

export interface ApiOptions {
	method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** A JSON body (sent as application/json), or FormData/Blob as is. */
	body?: unknown;
	signal?: AbortSignal;
	fetch?: typeof fetch;
}

export async function api<T>(path: string, opts: ApiOptions = {}): Promise<T> {
	const f = opts.fetch ?? fetch;
	const raw = opts.body instanceof FormData || opts.body instanceof Blob;
	let res: Response;
	try {
		res = await f(path, {
			method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
			headers: opts.body === undefined || raw ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
			body: opts.body === undefined ? undefined : raw ? (opts.body as BodyInit) : JSON.stringify(opts.body),
			signal: opts.signal
		});
	} catch (e) {
		if ((e as Error).name === 'AbortError') throw e;
		throw new ApiError(0, 'NETWORK', (e as Error).message);
	}
	const type = res.headers.get('content-type') ?? '';
	if (!res.ok) {
		const body = type.includes('json') ? await res.json().catch(() => null) : null;
		const err = body?.error;
		throw new ApiError(res.status, err?.code ?? codeForStatus(res.status), err?.message ?? res.statusText, err?.field ?? null, err ?? null);
	}
	if (res.status === 204) return undefined as T;
	return (type.includes('json') ? res.json() : res.text()) as Promise<T>;
}

function codeForStatus(status: number): string {
	const byStatus: Record<number, string> = {
		400: 'INVALID',
		401: 'UNAUTHENTICATED',
		403: 'FORBIDDEN',
		404: 'NOT_FOUND',
		409: 'CONFLICT',
		413: 'TOO_LARGE',
		415: 'UNSUPPORTED_MEDIA_TYPE',
		422: 'UNPROCESSABLE',
		429: 'RATE_LIMITED',
		503: 'UNAVAILABLE'
	};
	return byStatus[status] ?? 'INTERNAL';
}

/** The translated sentence for an error code (the codes of src/lib/server/errors.ts). */
export function codeText(code: string | undefined | null): string {
	switch (code) {
		case 'INVALID':
			return m.err_invalid();
		case 'UNAUTHENTICATED':
			return m.err_unauthenticated();
		case 'FORBIDDEN':
			return m.err_forbidden();
		case 'NOT_FOUND':
			return m.err_not_found();
		case 'CONFLICT':
			return m.err_conflict();
		case 'UNPROCESSABLE':
			return m.err_unprocessable();
		case 'TOO_LARGE':
			return m.err_too_large();
		case 'UNSUPPORTED_MEDIA_TYPE':
			return m.err_unsupported_type();
		case 'RATE_LIMITED':
			return m.err_rate_limited();
		case 'UNAVAILABLE':
			return m.err_unavailable();
		case 'NETWORK':
			return m.err_network();
		default:
			return m.err_internal();
	}
}

/**
 * What to show for a failed call: the code's translation, plus the field it concerns. In English
 * the API's own message is more precise than the generic sentence, so it is shown as is.
 */
export function errorText(e: unknown, locale?: string): string {
	if (e instanceof ApiError) {
		if ((locale ?? getLocale()) === 'en' && e.message && e.code !== 'INTERNAL') return e.message;
		return e.field ? m.err_with_field({ text: codeText(e.code), field: e.field }) : codeText(e.code);
	}
	return m.err_internal();
}
