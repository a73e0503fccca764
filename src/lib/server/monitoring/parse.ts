/** Raw webhook body → the value normalize() takes: JSON, or a form as Record<string, string>. */
import { unprocessable } from '../errors';

export function isForm(contentType: string): boolean {
	return /^application\/x-www-form-urlencoded\b/i.test(contentType.trim());
}

export function parseBody(contentType: string, text: string): unknown {
	if (isForm(contentType)) {
		const out: Record<string, string> = Object.create(null);
		for (const [k, v] of new URLSearchParams(text)) out[k] = v;
		if (!Object.keys(out).length) throw unprocessable('body: the form body is empty', 'body');
		return { ...out };
	}
	if (text.trim() === '') throw unprocessable('body: the body is empty; a JSON object or a form body is expected', 'body');
	try {
		return JSON.parse(text);
	} catch (e) {
		throw unprocessable(`body: not valid JSON (${(e as Error).message}); send JSON or application/x-www-form-urlencoded`, 'body');
	}
}

/** Postgres text and jsonb cannot hold U+0000: stored text and every alert field go through this. */
export function pgSafe(s: string): string {
	return s.includes('\u0000') ? s.replace(/\u0000/g, '\uFFFD') : s;
}

/** The normalised alert with every string made storable (a sender may escape NUL in JSON). */
export function pgSafeDeep<T>(v: T): T {
	if (typeof v === 'string') return pgSafe(v) as T;
	if (Array.isArray(v)) return v.map(pgSafeDeep) as T;
	if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [pgSafe(k), pgSafeDeep(x)])) as T;
	return v;
}
