/**
 * POST /api/ingest/:kind as a plain node:http handler. server.ts serves it ahead of the SvelteKit
 * handler because the webhook is the hot path (a monitoring storm) and adapting each request to a
 * web Request/Response cost more than storing it. Same verb (MonitoringIngest.ingest), same
 * answers and error envelope as the SvelteKit route, which stays for `vite dev`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '../errors';
import { errorParts } from '../http';
import type { MonitoringIngest } from './ingest';

const PATH = /^\/api\/ingest\/([^/?#]+)\/?(?:\?(.*))?$/;

/** The kind and query string of a webhook request, or null when the request is not one. */
export function webhookRoute(method: string | undefined, url: string | undefined): { kind: string; query: string } | null {
	if (method !== 'POST' || !url || !url.startsWith('/api/ingest/')) return null;
	const m = PATH.exec(url);
	if (!m) return null;
	let kind: string;
	try {
		kind = decodeURIComponent(m[1]);
	} catch {
		kind = m[1];
	}
	return { kind, query: m[2] ?? '' };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
	const json = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), ...headers });
	res.end(json);
}

/** Past the limit, the rest of a body is read and dropped up to this much, then the connection is cut. */
const DRAIN_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The body, refused (413) once it passes max bytes without buffering the rest. The rest is read
 * and dropped (up to DRAIN_MAX_BYTES) so that a sender still writing a chunked body gets the 413,
 * not a connection reset.
 */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let n = 0;
		let done = false;
		req.on('data', (c: Buffer) => {
			n += c.length;
			if (done) {
				if (n > max + DRAIN_MAX_BYTES) req.destroy();
				return;
			}
			if (n > max) {
				done = true;
				chunks.length = 0;
				reject(new DomainError('TOO_LARGE', `Body exceeds ${max} bytes`, 'body'));
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => {
			if (done) return;
			done = true;
			resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
		});
		req.on('error', (e) => {
			if (done) return;
			done = true;
			reject(new DomainError('INVALID', `body could not be read: ${e.message}`, 'body'));
		});
	});
}

export async function serveWebhook(m: MonitoringIngest, route: { kind: string; query: string }, req: IncomingMessage, res: ServerResponse): Promise<void> {
	let bodyUnread = true;
	try {
		const len = req.headers['content-length'];
		m.checkDeclaredLength(typeof len === 'string' ? len : null);
		bodyUnread = false; // from here the body is read to its end (kept, or dropped past the limit)
		const body = await readBody(req, m.maxBodyBytes);
		const queryToken = route.query.includes('token=') ? new URLSearchParams(route.query).get('token') : null;
		const r = await m.ingest({ kind: route.kind, headers: req.headers as Record<string, string | undefined>, queryToken, body });
		send(res, 202, r);
	} catch (e) {
		const { status, body, headers } = errorParts(e);
		// A refused body is not read to its end: close the connection after the answer.
		send(res, status, body, bodyUnread ? { ...headers, connection: 'close' } : headers);
		if (bodyUnread) res.on('finish', () => req.destroy());
		else if (!req.readableEnded) {
			// A body still arriving past the limit: dropped as it comes; a sender that never stops is cut.
			const cut = setTimeout(() => req.destroy(), 30_000);
			req.on('end', () => clearTimeout(cut));
			req.on('close', () => clearTimeout(cut));
		}
	}
}
