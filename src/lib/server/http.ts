/** HTTP adapter helpers: the one place domain errors become responses. */
import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { invalid, isDiskFull, isDomainError, unauthenticated, DomainError, STATUS } from './errors';
import { getRuntime } from './runtime';
import type { Ctx } from './context';

export function errorBody(code: string, message: string, field?: string, id?: string) {
	return { error: { code, message, ...(field ? { field } : {}), ...(id ? { id } : {}) } };
}

/** An error as status, JSON body and headers (domain errors → 4xx; anything else is logged → 500 with an id). */
export function errorParts(e: unknown): { status: number; body: ReturnType<typeof errorBody>; headers?: Record<string, string> } {
	if (isDomainError(e)) {
		const de = e as DomainError;
		return { status: STATUS[de.code] ?? 400, body: errorBody(de.code, de.message, de.field), headers: de.headers };
	}
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
	const text = await request.text();
	if (text.length > MAX_JSON_BYTES) throw new DomainError('TOO_LARGE', `Request body exceeds ${MAX_JSON_BYTES} bytes`);
	if (text.trim() === '') throw invalid('Request body is empty; a JSON object is expected');
	try {
		return JSON.parse(text);
	} catch (e) {
		throw invalid(`Request body is not valid JSON: ${(e as Error).message}`);
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

/** The service context of a request: the runtime's database and the authenticated actor. */
export async function ctxOf(event: RequestEvent, { requireActor = true } = {}): Promise<Ctx> {
	const rt = await getRuntime();
	if (requireActor && !event.locals.actor) throw unauthenticated();
	return { db: rt.pg.db, actor: event.locals.actor };
}
