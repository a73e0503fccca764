/** HTTP adapter helpers: the one place domain errors become responses. */
import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { invalid, isDiskFull, isDomainError, unauthenticated, DomainError, STATUS } from './errors';
import { getRuntime } from './runtime';
import type { AnalyticsCtx } from './context';
import type { Actor } from './rbac/actor';
import { isJsonContentType } from './security/csrf';

/**
 * Errors that are the caller's input seen by the database or the framework, as 4xx: a reference
 * to a row that does not exist (23503), a number out of its column's range (22003), text that is
 * not of the column's type (22P02), a duplicate (23505); SvelteKit's body-size limit (413).
 */
function fromStoreOrKit(e: unknown): DomainError | null {
	for (let x = e, depth = 0; x && typeof x === 'object' && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
		const { code, status, name, detail, column } = x as { code?: unknown; status?: unknown; name?: unknown; detail?: unknown; column?: unknown };
		const field = typeof column === 'string' ? column : detailField(detail);
		if (status === 413 || (name === 'SvelteKitError' && status === 413)) return new DomainError('TOO_LARGE', 'Request body is too large');
		if (code === '23503') return new DomainError('UNPROCESSABLE', `${field ? `${field}: ` : ''}refers to a record that does not exist`, field);
		if (code === '22003') return new DomainError('INVALID', `${field ? `${field}: ` : ''}a number is out of range`, field);
		if (code === '22P02') return new DomainError('INVALID', 'a value is not of the expected type');
		if (code === '23505') return new DomainError('CONFLICT', `${field ? `${field}: ` : ''}already exists`, field);
	}
	return null;
}

/** `Key (department_id)=(…) is not present…` (PostgreSQL's detail) → `departmentId`. */
function detailField(detail: unknown): string | undefined {
	const m = typeof detail === 'string' ? /^Key \(([a-z_]{1,63})\)=/.exec(detail) : null;
	return m ? m[1].replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : undefined;
}

export function errorBody(code: string, message: string, field?: string, id?: string, details?: Record<string, unknown>) {
	return { error: { code, message, ...(field ? { field } : {}), ...(id ? { id } : {}), ...(details ?? {}) } };
}

/** An error as status, JSON body and headers (domain errors → 4xx; anything else is logged → 500 with an id). */
export function errorParts(e: unknown): { status: number; body: ReturnType<typeof errorBody>; headers?: Record<string, string> } {
	if (isDomainError(e)) {
		const de = e as DomainError;
		return { status: STATUS[de.code] ?? 400, body: errorBody(de.code, de.message, de.field, undefined, de.details), headers: de.headers };
	}
	const mapped = fromStoreOrKit(e);
	if (mapped) return { status: STATUS[mapped.code], body: errorBody(mapped.code, mapped.message, mapped.field) };
	const id = randomUUID();
	if (isDiskFull(e)) {
		console.error(`[error ${id}] storage full:`, e);
		return { status: 503, body: errorBody('STORAGE_FULL', `The server's storage is full; nothing was stored, try again later (id ${id})`, undefined, id), headers: { 'retry-after': '60' } };
	}
	console.error(`[error ${id}]`, e);
	return { status: 500, body: errorBody('INTERNAL', `Internal error (id ${id})`, undefined, id) };
}

export function errorResponse(e: unknown): Response {
	const { status, body, headers } = errorParts(e);
	// A 413 is answered before the body is read (content-length past the limit): the client may
	// still be sending it, so the connection cannot be reused — close it after this answer, or the
	// client's next request on that keep-alive socket is reset (ECONNRESET).
	if (status === 413) return Response.json(body, { status, headers: { ...headers, connection: 'close' } });
	return Response.json(body, { status, headers });
}

/** Wraps a route handler: domain errors → JSON 4xx, anything else → logged 500 with an id. */
export function api<E extends RequestEvent>(fn: (event: E) => Promise<Response | unknown>) {
	return async (event: E): Promise<Response> => {
		try {
			const out = await fn(event);
			return out instanceof Response ? out : Response.json(out);
		} catch (e) {
			return errorResponse(e);
		}
	};
}

const MAX_JSON_BYTES = 1024 * 1024;

export async function jsonBody(request: Request): Promise<unknown> {
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > MAX_JSON_BYTES) throw new DomainError('TOO_LARGE', `Request body exceeds ${MAX_JSON_BYTES} bytes`);
	const text = await request.text();
	if (text.length > MAX_JSON_BYTES) throw new DomainError('TOO_LARGE', `Request body exceeds ${MAX_JSON_BYTES} bytes`);
	if (text.trim() === '') throw invalid('Request body is empty; a JSON object is expected');
	requireJsonType(request);
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch (e) {
		throw invalid(`Request body is not valid JSON: ${(e as Error).message}`);
	}
	// JSON may escape them ("\u0000", "\ud800"); PostgreSQL text and json refuse both (a 500 in
	// 21 body fields): refused here, once, naming the field.
	if (text.includes('\\u') || text.includes('\u0000')) {
		const bad = badTextAt(body);
		if (bad !== null) throw invalid(`${bad || 'body'}: contains a NUL character or an unpaired surrogate`, bad || undefined);
	}
	return body;
}

/** NUL or an unpaired surrogate: text no store can hold. */
export const isBadText = (s: string) => s.includes('\u0000') || !s.isWellFormed();

/** The path of the first string (key or value) that isBadText, or null; '' is the body itself. */
export function badTextAt(v: unknown, at = '', depth = 0): string | null {
	if (typeof v === 'string') return isBadText(v) ? at : null;
	if (v === null || typeof v !== 'object' || depth > 64) return null;
	for (const [k, x] of Object.entries(v)) {
		const p = at ? `${at}.${k}` : k;
		if (isBadText(k)) return p;
		const bad = badTextAt(x, p, depth + 1);
		if (bad !== null) return bad;
	}
	return null;
}

/** A URL with a NUL or undecodable text in its path or query (→ 400 at the edge), or null. */
export function badUrlPart(url: URL): string | null {
	try {
		if (isBadText(decodeURIComponent(url.pathname))) return 'path';
	} catch {
		return 'path';
	}
	for (const [k, v] of url.searchParams) if (isBadText(k) || isBadText(v)) return k;
	return null;
}

/**
 * JSON routes take only `application/json`: a page on another site can post `text/plain` (or a
 * form) without a CORS preflight, never `application/json` — 415 otherwise (issue 18, Medium 5).
 */
export function requireJsonType(request: Request): void {
	const type = request.headers.get('content-type');
	if (!isJsonContentType(type)) {
		throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `Content-Type must be application/json (got ${type ? `"${type}"` : 'none'})`);
	}
}

/** A JSON body that must be an object (routes that merge path params into it). */
export async function jsonObject(request: Request, { optional = false } = {}): Promise<Record<string, unknown>> {
	if (optional) {
		// An absent or empty body is an empty object; anything present must still parse.
		const text = await request.clone().text();
		if (text.trim() === '') return {};
	}
	const body = await jsonBody(request);
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw invalid('Request body must be a JSON object');
	}
	return body as Record<string, unknown>;
}

/** The service context of a request: the runtime's database, ClickHouse and the authenticated actor. */
export async function ctxOf(event: RequestEvent, { requireActor = true } = {}): Promise<AnalyticsCtx> {
	const rt = await getRuntime();
	if (requireActor && !event.locals.actor) throw unauthenticated();
	return { db: rt.pg.db, ch: rt.ch, actor: event.locals.actor };
}

/** The service context of a page load or action (locals carry the actor; no actor → null). */
export async function pageCtx(locals: { actor?: Actor | null }): Promise<AnalyticsCtx> {
	const rt = await getRuntime();
	return { db: rt.pg.db, ch: rt.ch, actor: locals.actor ?? null };
}
