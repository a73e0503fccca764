/** HTTP adapter helpers: the one place domain errors become responses. */
import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { invalid, isDomainError, unauthenticated, DomainError, STATUS } from './errors';
import { getRuntime } from './runtime';
import type { AnalyticsCtx } from './context';
import type { Actor } from './rbac/actor';
import { isJsonContentType } from './security/csrf';

export function errorBody(code: string, message: string, field?: string, id?: string, details?: Record<string, unknown>) {
	return { error: { code, message, ...(field ? { field } : {}), ...(id ? { id } : {}), ...(details ?? {}) } };
}

/** An error as status, JSON body and headers (domain errors → 4xx; anything else is logged → 500 with an id). */
export function errorParts(e: unknown): { status: number; body: ReturnType<typeof errorBody>; headers?: Record<string, string> } {
	if (isDomainError(e)) {
		const de = e as DomainError;
		return { status: STATUS[de.code] ?? 400, body: errorBody(de.code, de.message, de.field, undefined, de.details), headers: de.headers };
	}
	const id = randomUUID();
	console.error(`[error ${id}]`, e);
	return { status: 500, body: errorBody('INTERNAL', `Internal error (id ${id})`, undefined, id) };
}

export function errorResponse(e: unknown): Response {
	const { status, body, headers } = errorParts(e);
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
	try {
		return JSON.parse(text);
	} catch (e) {
		throw invalid(`Request body is not valid JSON: ${(e as Error).message}`);
	}
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
